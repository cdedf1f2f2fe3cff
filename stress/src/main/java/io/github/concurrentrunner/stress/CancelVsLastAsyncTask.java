package io.github.concurrentrunner.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.github.concurrentrunner.ConcurrentRunner;
import io.github.concurrentrunner.GatherHandle;
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
 * {@code handle.cancel()} races the completion of the last async task of an {@code all}: the
 * driver's callback, the coordinator's exit bookkeeping and the cancellation of the task's future
 * meet (rules R17, R10).
 */
@JCStressTest
@Description("cancel() vs the completion of the last (async) task of all()")
@Outcome(
    id = ".*, cancel=false, completed=true, \\[1, 2\\]",
    expect = ACCEPTABLE,
    desc = "the last task completed first")
@Outcome(
    id = ".*, cancel=true, completed=(true|false), CancellationException",
    expect = ACCEPTABLE,
    desc = "cancel() won; the future was cancelled before or after its completion")
@Outcome(expect = FORBIDDEN, desc = "a lost value, a cancel() that lied, or a gather not done")
@State
public class CancelVsLastAsyncTask {
  private final ConcurrentRunner runner = StressRunners.next();
  private final CompletableFuture<Integer> last = new CompletableFuture<>();
  private final GatherHandle<List<Integer>> handle;
  private boolean cancelled;
  private boolean completed;

  /** Starts {@code all(done(1), pending)}. */
  public CancelVsLastAsyncTask() {
    handle =
        runner.all(
            List.of(
                Task.async(() -> CompletableFuture.completedFuture(1)), Task.async(() -> last)));
  }

  /** Completes the last task. */
  @Actor
  public void complete() {
    completed = last.complete(2);
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
    r.r2 = "cancel=" + cancelled + ", completed=" + completed + ", " + Outcomes.ofAwait(handle, Outcomes.PATIENCE);
  }
}
