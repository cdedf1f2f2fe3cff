package io.github.concurrentrunner.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.github.concurrentrunner.ConcurrentRunner;
import io.github.concurrentrunner.GatherHandle;
import io.github.concurrentrunner.GatherOptions;
import io.github.concurrentrunner.Task;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.LL_Result;

/**
 * In {@code any}, the failure of the first task, a blocking one that actor 2 runs as soon as it is
 * handed over, races the starting loop on actor 1, which harvests the second task's stage,
 * succeeded already (issue #12). The loop claims the verdict without the lock only once the first
 * task has exited and been recorded; while it runs, or while its exit is being recorded under the
 * lock, the success takes the locked path, which cancels it. The value is always the second
 * task's; the first task's failure is tolerated if it came before the verdict, and reported to the
 * failure handler as a late failure if its body started before the verdict and failed after it
 * (R9, R11, R13).
 */
@JCStressTest
@Description("an any's harvested first success vs the failure of a task before it")
@Outcome(
    id = ".*, 2, first ran 0, reported=false",
    expect = ACCEPTABLE,
    desc = "the success decided first: the first body never ran (R7)")
@Outcome(
    id = ".*, 2, first ran 1, reported=false",
    expect = ACCEPTABLE_INTERESTING,
    desc = "the first task failed before the success decided: any() tolerates it")
@Outcome(
    id = ".*, 2, first ran 1, reported=true",
    expect = ACCEPTABLE,
    desc = "the first body started before the verdict and failed after it: a late failure")
@Outcome(
    expect = FORBIDDEN,
    desc = "a lost success, AllFailedException, a lost late failure, a hang, or another ending")
@State
public class AnyHarvestVsFailure {
  private final ConcurrentRunner runner = StressRunners.next();
  private final CapturingExecutor executor = new CapturingExecutor();
  private final IllegalStateException failure = new IllegalStateException("first");
  private final AtomicInteger firstRan = new AtomicInteger();
  private GatherHandle<Integer> handle;

  /** Creates the state. */
  public AnyHarvestVsFailure() {}

  /** Starts {@code any} over a blocking task that fails and a stage that has succeeded. */
  @Actor
  public void start() {
    handle =
        runner.any(
            List.of(
                Task.of(
                    () -> {
                      firstRan.incrementAndGet();
                      throw failure;
                    }),
                Task.async(() -> CompletableFuture.completedFuture(2))),
            GatherOptions.builder().executor(executor).build());
  }

  /** Runs the first body if it was handed over already: it fails. */
  @Actor
  public void fail() {
    executor.runNext();
  }

  /**
   * Runs what is left, then records the outcome.
   *
   * @param r backend, then what happened
   */
  @Arbiter
  public void arbiter(LL_Result r) {
    executor.runAll();
    r.r1 = runner.backend();
    r.r2 =
        Outcomes.ofAwait(handle, Outcomes.PATIENCE)
            + ", first ran "
            + firstRan.get()
            + ", reported="
            + StressRunners.takeReported(failure);
  }
}
