package io.github.concurrentrunner.hazelcast;

import io.github.concurrentrunner.ConcurrentRunnerException;

/**
 * The base of the Hazelcast backend's own task failures: the remote task that failed, by index
 * and name, is named in the message and available to code.
 */
public abstract class RemoteTaskException extends ConcurrentRunnerException {
  private static final long serialVersionUID = 1L;

  /** The index of the task in the gather's input list. */
  private final int taskIndex;

  /** The task's name, or {@code null} if it has none. */
  private final String taskName;

  /**
   * Creates the exception; the message starts with the task's description.
   *
   * @param backend the backend's name
   * @param taskIndex the task's index in its gather
   * @param taskName the task's name, or {@code null}
   * @param message what happened to the task, after its description
   * @param cause the cause, or {@code null}
   */
  protected RemoteTaskException(
      String backend, int taskIndex, String taskName, String message, Throwable cause) {
    super(
        backend,
        (taskName == null ? "task " + taskIndex : "task " + taskIndex + " ('" + taskName + "')")
            + message,
        cause);
    this.taskIndex = taskIndex;
    this.taskName = taskName;
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
  public String taskName() {
    return taskName;
  }
}
