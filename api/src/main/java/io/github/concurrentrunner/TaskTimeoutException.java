package io.github.concurrentrunner;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The failure of a task that ran longer than its {@link GatherOptions.Builder#taskTimeout(Duration)
 * taskTimeout} (rule R16). The task was cancelled with interruption. {@code all} treats it as a
 * failure (the {@link TaskFailedException} thrown by {@code await()} has this as its cause); {@code
 * allSettled} records the task as {@link Outcome.TimedOut}.
 */
public final class TaskTimeoutException extends ConcurrentRunnerException {
  private static final long serialVersionUID = 1L;

  /** The task's index. */
  private final int taskIndex;

  /** The task's name, or {@code null}. */
  private final String taskName;

  /** The timeout that passed. */
  private final Duration taskTimeout;

  /**
   * Creates the exception. Package-private: only the engine creates one.
   *
   * @param backend the backend's name, or {@code null}
   * @param taskIndex the task's index
   * @param taskName the task's name, or {@code null}
   * @param taskTimeout the per-task timeout that passed
   */
  TaskTimeoutException(String backend, int taskIndex, String taskName, Duration taskTimeout) {
    super(
        backend,
        describe(taskIndex, taskName) + " timed out after " + taskTimeout + " (taskTimeout)" + on(backend),
        null);
    this.taskIndex = taskIndex;
    this.taskName = taskName;
    this.taskTimeout = taskTimeout;
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

  /**
   * Returns the per-task timeout that passed.
   *
   * @return the timeout
   */
  public Duration taskTimeout() {
    return taskTimeout;
  }
}
