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
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.LL_Result;

/**
 * {@code handle.cancel()} races the body of the last unfinished blocking task of an {@code all}
 * (rule R17): the task's body runs on actor 1's thread, so the start claim, the recording of the
 * running thread, the interruption and its clearing are all in the window.
 */
@JCStressTest
@Description("cancel() vs the completion of the last (blocking) task of all()")
@Outcome(
    id = ".*, cancel=false, \\[1, 2\\], ran, clean",
    expect = ACCEPTABLE,
    desc = "the last task completed first: cancel() changes nothing and returns false")
@Outcome(
    id = ".*, cancel=true, CancellationException, ran, clean",
    expect = ACCEPTABLE,
    desc = "cancel() won while the task ran: it was interrupted, its value is dropped")
@Outcome(
    id = ".*, cancel=true, CancellationException, never ran, clean",
    expect = ACCEPTABLE_INTERESTING,
    desc = "cancel() won before the body started: the task never runs")
@Outcome(
    expect = FORBIDDEN,
    desc = "a lost value, a cancel() that lied, a gather still running after every body exited,"
        + " or the gather's interrupt leaking into the executor's thread")
@State
public class CancelVsLastBlockingTask {
  private final ConcurrentRunner runner = StressRunners.next();
  private final CapturingExecutor executor = new CapturingExecutor();
  private volatile boolean ran;
  private final GatherHandle<List<Integer>> handle;
  private boolean cancelled;
  private String interrupt;

  /** Starts {@code all(done(1), blocking(2))}; the blocking body waits in the executor. */
  public CancelVsLastBlockingTask() {
    handle =
        runner.all(
            List.of(
                Task.async(() -> CompletableFuture.completedFuture(1)),
                Task.of(
                    () -> {
                      ran = true;
                      return 2;
                    })),
            GatherOptions.builder().executor(executor).build());
  }

  /** Runs the last task's body. */
  @Actor
  public void complete() {
    executor.runNext();
    interrupt = Outcomes.interruptStatus();
  }

  /** Cancels the gather. */
  @Actor
  public void cancel() {
    cancelled = handle.cancel();
  }

  /**
   * Records the outcome.
   *
   * @param r backend, then what happened
   */
  @Arbiter
  public void arbiter(LL_Result r) {
    r.r1 = runner.backend();
    r.r2 =
        "cancel=" + cancelled + ", " + Outcomes.ofDone(handle) + ", " + (ran ? "ran" : "never ran")
            + ", " + interrupt;
  }
}
