package io.github.concurrentrunner;

import org.jspecify.annotations.Nullable;

/**
 * A failure that no caller can see any more (rule R11), sent to the runner's {@link
 * FailureHandler}.
 *
 * @param backend the backend's name
 * @param kind what happened
 * @param taskIndex the task's index in its gather, or -1 if the event concerns no task
 * @param taskName the task's name, or {@code null}
 * @param failure the exception; never null
 */
public record FailureEvent(
    String backend, Kind kind, int taskIndex, @Nullable String taskName, Throwable failure) {

  /** What a {@link FailureEvent} reports. */
  public enum Kind {
    /** A cancelled task outlived its grace period; {@code failure} is a {@link LeakedTaskException}. */
    LEAKED_TASK,
    /**
     * A task failed when no caller could see it any more: after its gather completed (a leaked
     * task), or while a gather that then succeeded was stopping its other tasks.
     */
    LATE_FAILURE,
    /**
     * A callback threw where no caller can see it: the user's (a combiner, a listener, a failure
     * handler), or one of the engine's own (a task's completion callback, a timer action, a
     * cancellation it performs, which may run a task's stage), caught once by the engine on every
     * backend; {@code taskIndex} names the task concerned, if any.
     */
    CALLBACK_FAILURE
  }

  /**
   * Creates an event.
   *
   * @param backend the backend's name
   * @param kind what happened; must not be null
   * @param taskIndex the task's index, or -1
   * @param taskName the task's name, or {@code null}
   * @param failure the exception; must not be null
   */
  public FailureEvent {
    java.util.Objects.requireNonNull(kind, "kind");
    java.util.Objects.requireNonNull(failure, "failure");
  }

  /**
   * Describes the event; the failure as its {@code toString()}, or as its class name where that
   * throws (rule R27), so that describing an event never throws.
   *
   * @return a description of the event
   */
  @Override
  public String toString() {
    return "FailureEvent[backend="
        + backend
        + ", kind="
        + kind
        + ", taskIndex="
        + taskIndex
        + ", taskName="
        + taskName
        + ", failure="
        + ConcurrentRunnerException.describe(failure)
        + ']';
  }
}
