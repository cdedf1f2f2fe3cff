package io.github.concurrentrunner.stress;

import io.github.concurrentrunner.ConcurrentRunner;
import io.github.concurrentrunner.GatherHandle;
import io.github.concurrentrunner.Task;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * An {@code any} or a {@code race} on the next shared runner over two async tasks that two
 * jcstress actors end: task A succeeds with {@code a}, task B fails with {@code
 * IllegalStateException("B")}. {@link #describe()} says how the gather and each end went.
 */
public final class SuccessVsFailureGather {
  private final ConcurrentRunner runner = StressRunners.next();
  private final CompletableFuture<String> a = new CompletableFuture<>();
  private final CompletableFuture<String> b = new CompletableFuture<>();
  private final IllegalStateException failure = new IllegalStateException("B");
  private final boolean race;
  private final GatherHandle<String> handle;
  private boolean completedA;
  private boolean failedB;

  private SuccessVsFailureGather(boolean race) {
    this.race = race;
    List<Task<String>> tasks = List.of(Task.async(() -> a), Task.async(() -> b));
    handle = race ? runner.race(tasks) : runner.any(tasks);
  }

  /**
   * Starts {@code any(a, b)}.
   *
   * @return the gather
   */
  public static SuccessVsFailureGather any() {
    return new SuccessVsFailureGather(false);
  }

  /**
   * Starts {@code race(a, b)}.
   *
   * @return the gather
   */
  public static SuccessVsFailureGather race() {
    return new SuccessVsFailureGather(true);
  }

  /** Completes A's future with {@code a}, and records whether it accepted the value. */
  public void succeed() {
    completedA = a.complete("a");
  }

  /** Fails B's future, and records whether it accepted the failure. */
  public void fail() {
    failedB = b.completeExceptionally(failure);
  }

  /**
   * Returns the runner's backend.
   *
   * @return the backend's name
   */
  public String backend() {
    return runner.backend();
  }

  /**
   * Describes the end: {@link Outcomes#ofAwait} with {@link Outcomes#PATIENCE}, then (for {@code
   * race} only) {@code completedA=}, then {@code failedB=} and {@code reported=} (whether the
   * failure handler received B's failure, which it then forgets).
   *
   * @return the description
   */
  public String describe() {
    String value = Outcomes.ofAwait(handle, Outcomes.PATIENCE);
    return value
        + (race ? ", completedA=" + completedA : "")
        + ", failedB="
        + failedB
        + ", reported="
        + StressRunners.takeReported(failure);
  }
}
