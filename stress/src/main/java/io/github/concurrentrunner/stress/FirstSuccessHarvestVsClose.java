package io.github.concurrentrunner.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.github.concurrentrunner.ConcurrentRunner;
import io.github.concurrentrunner.Task;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.LL_Result;

/**
 * {@code close()} races an {@code any} or a {@code race} (drawn per state) whose first task's
 * stage has succeeded already (issue #12): the lean starting loop harvests it and claims the
 * verdict without the lock, giving its place back and setting STOP in one step, unless the
 * close's verdict set STOP first; then the success comes after the verdict and the gather is
 * cancelled. Either way the second task, a blocking one, is never handed to the executor (R7), and
 * the gather completes (R10, R24).
 */
@JCStressTest
@Description("close() vs the lock-free claim of an any's or race's first success")
@Outcome(
    id = ".*, (any|race), IllegalStateException",
    expect = ACCEPTABLE,
    desc = "closed before the call")
@Outcome(
    id = ".*, (any|race), started, 1, handed over 0, ran 0",
    expect = ACCEPTABLE,
    desc = "the first success decided before close() came")
@Outcome(
    id = ".*, (any|race), started, CancellationException, handed over 0, ran 0",
    expect = ACCEPTABLE,
    desc = "close() decided after the call registered the gather, before its first success")
@Outcome(
    expect = FORBIDDEN,
    desc = "the second task handed over or run, a place never given back (HUNG), or another end")
@State
public class FirstSuccessHarvestVsClose {
  private final CapturingExecutor executor = new CapturingExecutor();
  private final ConcurrentRunner runner = StressRunners.fresh(executor);
  private final boolean race = ThreadLocalRandom.current().nextBoolean();
  private final AtomicInteger ran = new AtomicInteger();
  private final List<Task<Integer>> tasks =
      List.of(
          Task.async(() -> CompletableFuture.completedFuture(1)),
          Task.of(
              () -> {
                ran.incrementAndGet();
                return 2;
              }));
  private final StartedGather gather = new StartedGather();

  /** Creates the state with a runner of its own. */
  public FirstSuccessHarvestVsClose() {}

  /** Starts the gather: the starting loop runs on this thread. */
  @Actor
  public void start() {
    gather.start(() -> race ? runner.race(tasks) : runner.any(tasks));
  }

  /** Closes the runner, which cancels its running gathers. */
  @Actor
  public void close() {
    runner.close();
  }

  /**
   * Runs whatever the executor was handed, then records the outcome.
   *
   * @param r backend, then the operation and what happened
   */
  @Arbiter
  public void arbiter(LL_Result r) {
    executor.runAll();
    r.r1 = runner.backend();
    String ended = gather.describe();
    r.r2 =
        (race ? "race, " : "any, ")
            + ended
            + (ended.startsWith("started")
                ? ", handed over " + executor.handedOver() + ", ran " + ran.get()
                : "");
  }
}
