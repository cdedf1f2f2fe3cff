package io.github.concurrentrunner;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Reports a task that kept running after it was cancelled, for longer than the {@link
 * GatherOptions.Builder#gracePeriod(Duration) gracePeriod} (rule R10): it ignores interruption.
 * The gather completed without waiting for it any longer. This exception is attached as
 * suppressed to the exception thrown by {@link GatherHandle#await()}, and is sent to the runner's
 * {@link FailureHandler} in a {@link FailureEvent} of kind {@link FailureEvent.Kind#LEAKED_TASK}.
 *
 * <p>For a blocking task, its stack trace is where the leaked thread was when the grace period
 * ended: the place that ignores interruption. Not for a thread of a {@code Thread} subclass (an
 * application's thread factory), whose {@code getStackTrace()} is its own code, which the engine
 * does not call while it decides (R27).
 */
public final class LeakedTaskException extends ConcurrentRunnerException {
  private static final long serialVersionUID = 1L;

  /** The task's index. */
  private final int taskIndex;

  /** The task's name, or {@code null}. */
  private final String taskName;

  /**
   * Creates the exception. Package-private: only the engine creates one.
   *
   * @param backend the backend's name, or {@code null}
   * @param taskIndex the task's index
   * @param taskName the task's name, or {@code null}
   * @param gracePeriod the grace period it outlived
   * @param thread the thread still running it, or {@code null} for an async task
   */
  @SuppressWarnings("this-escape") // addSuppressed/setStackTrace are final in Throwable
  LeakedTaskException(
      String backend, int taskIndex, String taskName, Duration gracePeriod, Thread thread) {
    super(
        backend,
        describe(taskIndex, taskName)
            + " still running "
            + gracePeriod
            + " (gracePeriod) after it was cancelled"
            + on(backend)
            + (thread == null ? "" : " on thread '" + thread.getName() + "'")
            + "; it ignores interruption",
        null);
    this.taskIndex = taskIndex;
    this.taskName = taskName;
    if (thread != null && thread.getClass().getClassLoader() == null) { // the JDK's own threads
      StackTraceElement[] where = thread.getStackTrace();
      if (where.length > 0) {
        setStackTrace(where);
      }
    }
  }

  /**
   * Returns the task's index in the gather's input.
   *
   * @return the index
   */
  public int taskIndex() {
    return taskIndex;
  }

  /**
   * Returns the task's name.
   *
   * @return the name, or {@code null}
   */
  public @Nullable String taskName() {
    return taskName;
  }
}
