package io.github.concurrentrunner.stress;

import io.github.concurrentrunner.GatherHandle;
import io.github.concurrentrunner.TaskFailedException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/** Turns a gather's end into the short text that the tests' outcomes match. */
public final class Outcomes {
  /**
   * How long an arbiter waits for a gather completed by a callback the backend may deliver on
   * another thread; far beyond any honest delay, so that {@code HUNG} means a lost completion.
   */
  public static final Duration PATIENCE = Duration.ofSeconds(10);

  private Outcomes() {}

  /**
   * Describes a gather that must already be complete: its value, or the simple name of what
   * {@code await()} throws; {@code NOT DONE} if it is still running.
   *
   * @param handle the gather
   * @return the description
   */
  public static String ofDone(GatherHandle<?> handle) {
    if (!handle.isDone()) {
      return "NOT DONE";
    }
    return ofAwait(handle, Duration.ZERO);
  }

  /**
   * Waits up to {@code patience} for a gather whose end an actor does not control (a timer), and
   * describes it as {@link #ofDone}; {@code HUNG} if it did not complete in time.
   *
   * @param handle the gather
   * @param patience how long to wait
   * @return the description
   */
  public static String ofAwait(GatherHandle<?> handle, Duration patience) {
    try {
      return String.valueOf(handle.await(patience));
    } catch (TimeoutException e) {
      return "HUNG";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "INTERRUPTED";
    } catch (TaskFailedException e) {
      return "TaskFailedException(" + e.getCause().getMessage() + ")";
    } catch (RuntimeException e) {
      return e.getClass().getSimpleName();
    }
  }

  /**
   * Reads and clears the calling thread's interrupt status, so that no interrupt leaks into the
   * harness.
   *
   * @return {@code clean}, or {@code INTERRUPT LEAKED} if the thread was interrupted
   */
  public static String interruptStatus() {
    return Thread.interrupted() ? "INTERRUPT LEAKED" : "clean";
  }
}
