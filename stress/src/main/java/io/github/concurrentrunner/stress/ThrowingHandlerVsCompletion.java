package io.github.concurrentrunner.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
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
 * In {@code any}, task A succeeds while task B fails, on a runner whose failure handler throws
 * (rules R11, R27): the gather completes with A's value either way; B's failure, when it came
 * after A's success decided, reaches the handler exactly once, and the handler's own exception is
 * logged exactly once; it never escapes into the thread completing B, and never keeps the gather
 * from completing.
 */
@JCStressTest
@Description("a throwing failure handler races the completion of any()")
@Outcome(
    id = ".*, a, reported=1, logged=1, escaped=false",
    expect = ACCEPTABLE,
    desc = "B failed after A won: the handler got it once and threw; the runner logged that once")
@Outcome(
    id = ".*, a, reported=0, logged=0, escaped=false",
    expect = ACCEPTABLE_INTERESTING,
    desc = "B failed before A won (any() tolerates it), or was cancelled first: nothing to report")
@Outcome(
    expect = FORBIDDEN,
    desc = "a lost or duplicated event, an unlogged handler failure, an exception escaping into"
        + " the completing thread, a hung gather")
@State
public class ThrowingHandlerVsCompletion {
  private final ThrowingHandlers.Runner runner = ThrowingHandlers.next();
  private final CompletableFuture<String> a = new CompletableFuture<>();
  private final CompletableFuture<String> b = new CompletableFuture<>();
  private final IllegalStateException failure = new IllegalStateException("B");
  private final GatherHandle<String> handle;
  private volatile boolean escaped;

  /** Starts {@code any(a, b)}. */
  public ThrowingHandlerVsCompletion() {
    ConcurrentRunner r = runner.runner();
    handle = r.any(List.of(Task.async(() -> a), Task.async(() -> b)));
  }

  /** A succeeds. */
  @Actor
  public void succeed() {
    try {
      a.complete("a");
    } catch (Throwable t) {
      escaped = true;
    }
  }

  /** B fails. */
  @Actor
  public void fail() {
    try {
      b.completeExceptionally(failure);
    } catch (Throwable t) {
      escaped = true;
    }
  }

  /**
   * Records the outcome, once the gather completed.
   *
   * @param r backend, then what happened
   */
  @Arbiter
  public void arbiter(LL_Result r) {
    r.r1 = runner.runner().backend();
    String value = Outcomes.ofAwait(handle, Outcomes.PATIENCE);
    r.r2 =
        value
            + ", reported="
            + runner.takeReported(failure)
            + ", logged="
            + runner.takeLogged(failure)
            + ", escaped="
            + escaped;
  }
}
