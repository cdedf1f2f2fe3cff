package io.github.concurrentrunner.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.github.concurrentrunner.ConcurrentRunner;
import io.github.concurrentrunner.GatherHandle;
import io.github.concurrentrunner.GatherOptions;
import io.github.concurrentrunner.Task;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.LL_Result;

/**
 * The failure of the first task of a batch races the starting loop that is still launching the
 * rest of that batch (issue #12, "Batches" in the engine's lean path): the first body runs on
 * actor 2's thread as soon as the loop on actor 1 has handed it over. The verdict's scan claims
 * the runs of the batch that were not launched yet, or the loop sees the verdict before a launch
 * and cancels what is left; no later task ever runs (R7), every place is given back once, and
 * {@code all} fails with the first task's failure.
 */
@JCStressTest
@Description("the first task's failure vs the launches of the rest of its batch")
@Outcome(
    id = ".*, TaskFailedException\\(first\\), handed over 3, others ran 0",
    expect = ACCEPTABLE,
    desc = "the loop launched the whole batch; the verdict claimed the bodies not run yet")
@Outcome(
    id = ".*, TaskFailedException\\(first\\), handed over [12], others ran 0",
    expect = ACCEPTABLE_INTERESTING,
    desc = "the loop saw the verdict mid-batch and cancelled the rest without launching them")
@Outcome(
    expect = FORBIDDEN,
    desc = "a later task that ran, a place never given back (HUNG), or another ending")
@State
public class BatchLaunchVsFailure {
  private final ConcurrentRunner runner = StressRunners.next();
  private final CapturingExecutor executor = new CapturingExecutor();
  private final AtomicInteger othersRan = new AtomicInteger();
  private GatherHandle<List<Integer>> handle;

  /** Creates the state. */
  public BatchLaunchVsFailure() {}

  /** Starts {@code all} over three blocking tasks, the first of which fails. */
  @Actor
  public void start() {
    Task<Integer> other =
        Task.of(
            () -> {
              othersRan.incrementAndGet();
              return 2;
            });
    handle =
        runner.all(
            List.of(
                Task.of(
                    () -> {
                      throw new IllegalStateException("first");
                    }),
                other,
                other),
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
        Outcomes.ofAwait(handle, Outcomes.PATIENCE) + ", handed over " + executor.handedOver()
            + ", others ran " + othersRan.get();
  }
}
