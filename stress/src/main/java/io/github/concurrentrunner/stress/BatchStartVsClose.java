package io.github.concurrentrunner.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.github.concurrentrunner.ConcurrentRunner;
import io.github.concurrentrunner.GatherHandle;
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
 * {@code close()} races the starting loop of an {@code all} over three blocking tasks, which
 * reserves their places in one step and launches them one by one (issue #12, "Batches" in the
 * engine's lean path): the verdict's scan finds the batch published, or the loop sees the verdict
 * before a launch and cancels what is left. Either way no body runs (R7, R24), every place is
 * given back once, and the gather completes once the executor has run (or skipped) what it was
 * handed.
 */
@JCStressTest
@Description("close() vs the batched start of all() over three blocking tasks")
@Outcome(id = ".*, IllegalStateException", expect = ACCEPTABLE, desc = "closed before the start")
@Outcome(
    id = ".*, started, CancellationException, handed over [0-3], ran 0",
    expect = ACCEPTABLE,
    desc = "started, then cancelled by close(); the loop launched some, all or none of the batch")
@Outcome(
    expect = FORBIDDEN,
    desc = "a body that ran after close(), a place never given back (HUNG), or another ending")
@State
public class BatchStartVsClose {
  private final CapturingExecutor executor = new CapturingExecutor();
  private final ConcurrentRunner runner = StressRunners.fresh(executor);
  private final AtomicInteger ran = new AtomicInteger();
  private GatherHandle<List<Integer>> handle;
  private String started;

  /** Creates the state with a runner of its own. */
  public BatchStartVsClose() {}

  /** Starts {@code all} over three blocking tasks; their bodies wait in the executor. */
  @Actor
  public void start() {
    Task<Integer> task =
        Task.of(
            () -> {
              ran.incrementAndGet();
              return 1;
            });
    try {
      handle = runner.all(List.of(task, task, task));
      started = "started";
    } catch (IllegalStateException e) {
      started = "IllegalStateException";
    }
  }

  /** Closes the runner. */
  @Actor
  public void close() {
    runner.close();
  }

  /**
   * Runs whatever the executor was handed, then records the outcome.
   *
   * @param r backend, then what happened
   */
  @Arbiter
  public void arbiter(LL_Result r) {
    executor.runAll();
    r.r1 = runner.backend();
    r.r2 =
        handle == null
            ? started
            : started + ", " + Outcomes.ofAwait(handle, Outcomes.PATIENCE) + ", handed over "
                + executor.handedOver() + ", ran " + ran.get();
  }
}
