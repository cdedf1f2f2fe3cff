package io.github.concurrentrunner;

import org.jspecify.annotations.Nullable;

/**
 * Thrown by {@link GatherHandle#await()} when the gather failed because a task failed (rules R7,
 * R8, R14). {@link #getCause()} is the very exception instance the task threw: never wrapped in a
 * {@code CompletionException} or {@code ExecutionException}, never copied. This exception's own
 * stack trace is the awaiting caller's, so it shows where the caller waited; the cause's stack
 * trace shows where the task failed. Other failures observed before the gather completed are
 * attached with {@link #addSuppressed(Throwable)} in the order they happened (rule R9). Its message
 * quotes the cause's {@code toString()}, or only the cause's class name where that throws (R27).
 */
public final class TaskFailedException extends ConcurrentRunnerException {
  private static final long serialVersionUID = 1L;

  /** The failed task's index, or -1. */
  private final int taskIndex;

  /** The failed task's name, or {@code null}. */
  private final String taskName;

  /**
   * Creates an exception for a failed task. Package-private: only the engine and {@link
   * Outcome.Failure#getOrThrow()} create one.
   *
   * @param backend the backend's name, or {@code null}
   * @param taskIndex the task's index in the gather's input, or -1 if not known
   * @param taskName the task's name, or {@code null}
   * @param cause what the task threw; must not be null
   */
  TaskFailedException(String backend, int taskIndex, String taskName, Throwable cause) {
    super(
        backend,
        describe(taskIndex, taskName) + " failed" + on(backend) + ": " + describe(cause),
        java.util.Objects.requireNonNull(cause, "cause"));
    this.taskIndex = taskIndex;
    this.taskName = taskName;
  }

  /**
   * Returns the failed task's position in the gather's input list (0 or 1 for {@code both}).
   *
   * @return the index, or -1 if not known
   */
  public int taskIndex() {
    return taskIndex;
  }

  /**
   * Returns the failed task's name.
   *
   * @return the name, or {@code null} if the task had none
   */
  public @Nullable String taskName() {
    return taskName;
  }
}
