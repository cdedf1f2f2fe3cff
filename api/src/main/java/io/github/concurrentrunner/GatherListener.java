package io.github.concurrentrunner;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Observes every gather of a runner (rule R31): set one with {@link
 * ConcurrentRunner.Builder#listener(GatherListener)}. {@link #gatherStarted} returns the {@link
 * Observer} of that one gather, which receives its task events and its end, so that per-gather
 * state (a timer sample, a tracing span) needs no map.
 *
 * <h2>Events and their order</h2>
 *
 * <ul>
 *   <li>Exactly one {@link #gatherStarted} per gather, on the thread that calls the operation,
 *       before any task starts, and exactly one {@link Observer#gatherEnded}, on the thread that
 *       completes the gather, before its handle completes: when {@code await()} returns, the
 *       observer has seen the end.
 *   <li>For every task that started (whose callable or supplier the gather called, or tried to
 *       call), exactly one {@link Observer#taskStarted}, on the thread that starts it, before the
 *       context hook's scope and the task's code, and exactly one {@link Observer#taskEnded}
 *       after it. A blocking task ends on its executor's thread; an async task on the thread that
 *       completed its stage (or the starting thread, if it was complete already). A task that
 *       never started (not reached before the outcome was decided, or rejected by the executor)
 *       has no task events.
 *   <li>A task that the gather gave up on after its grace period (rule R10) gets one {@link
 *       Observer#taskLeaked} followed by its {@link Observer#taskEnded} with {@link Kind#LEAKED},
 *       both delivered right before the gather's end; when the leaked code returns later, no
 *       further event is sent.
 *   <li>Every task event of a gather happens-before its {@link Observer#gatherEnded}. Task events
 *       of different tasks may be delivered concurrently, from different threads.
 * </ul>
 *
 * <p>Failures (rule R27): a listener or observer that throws changes nothing but an event for
 * the runner's {@link FailureHandler} ({@link FailureEvent.Kind#CALLBACK_FAILURE}, naming the task
 * for task events). If {@link #gatherStarted} throws or returns {@code null}, that gather has no
 * further events. Callbacks run on the runner's threads and the threads of async libraries: they
 * must be quick and must not block: a {@link Observer#taskEnded} that blocks holds back its
 * gather's completion for as long, even past its timeout and grace period, because a task's end
 * event comes before its gather's. With no listener set, no event is created and nothing is
 * called.
 *
 * <pre>{@code
 * List<String> log = new CopyOnWriteArrayList<>();
 * ConcurrentRunner runner = ConcurrentRunner.builder()
 *     .listener(gather -> new GatherListener.Observer() {
 *       @Override
 *       public void gatherEnded(GatherListener.GatherEnded end) {
 *         log.add(end.operation() + " of " + end.taskCount() + ": " + end.kind());
 *       }
 *     })
 *     .build();
 * }</pre>
 */
@FunctionalInterface
public interface GatherListener {

  /**
   * A gather starts: called once, on the caller's thread, before any task starts.
   *
   * @param gather what starts
   * @return the observer of this gather's further events, or {@link Observer#NONE}
   */
  Observer gatherStarted(GatherStarted gather);

  /**
   * Receives the events of one gather. Every method does nothing by default.
   */
  interface Observer {

    /** An observer that ignores every event. */
    Observer NONE = new Observer() {};

    /**
     * A task starts, on the thread that starts it.
     *
     * @param task the task
     */
    default void taskStarted(TaskStarted task) {}

    /**
     * A started task ended (or was given up on: {@link Kind#LEAKED}).
     *
     * @param task the task and how it ended
     */
    default void taskEnded(TaskEnded task) {}

    /**
     * The gather gave up on a task that ignored its cancellation for longer than the grace
     * period (rule R10); its {@link #taskEnded} with {@link Kind#LEAKED} follows.
     *
     * @param task the task
     */
    default void taskLeaked(TaskLeaked task) {}

    /**
     * The gather ended, after every event of its tasks, before its handle completes.
     *
     * @param gather how it ended
     */
    default void gatherEnded(GatherEnded gather) {}
  }

  /** How a gather or a task ended. */
  enum Kind {
    /** The gather's outcome is a result; the task returned a value (also after the verdict). */
    SUCCESS,
    /**
     * The gather fails with a task's failure ({@link TaskFailedException}, {@link
     * AllFailedException}, a {@code both} combiner's exception); the task threw, for a reason
     * other than its gather's own cancellation.
     */
    FAILURE,
    /** The gather's {@code timeout} passed, failing it ({@link GatherTimeoutException}). */
    TIMED_OUT,
    /**
     * The gather was cancelled ({@code cancel()}, an interrupted {@code await()}, {@code
     * close()}); the task was stopped by its gather (a decided outcome, a timeout, a
     * cancellation) and exited with the interruption or cancellation.
     */
    CANCELLED,
    /** The task ignored its cancellation past the grace period; tasks only. */
    LEAKED
  }

  /**
   * A gather starts.
   *
   * @param backend the backend's name
   * @param operation the operation: {@code all}, {@code allSettled}, {@code any}, {@code race},
   *     {@code both} or {@code bothSettled}
   * @param taskCount the number of tasks
   */
  record GatherStarted(String backend, String operation, int taskCount) {
    /**
     * Creates the event.
     *
     * @param backend the backend's name; not null
     * @param operation the operation; not null
     * @param taskCount the number of tasks
     */
    public GatherStarted {
      Objects.requireNonNull(backend, "backend");
      Objects.requireNonNull(operation, "operation");
    }
  }

  /**
   * A gather ended.
   *
   * @param backend the backend's name
   * @param operation the operation
   * @param taskCount the number of tasks
   * @param kind how it ended; never {@link Kind#LEAKED}
   * @param durationNanos from {@link GatherListener#gatherStarted} to now, in nanoseconds
   * @param failure for {@link Kind#FAILURE}, the task's exception that failed the gather (for
   *     {@code any}, the first failure in input order, and {@code null} over no tasks) or the
   *     combiner's; otherwise {@code null}
   */
  record GatherEnded(
      String backend,
      String operation,
      int taskCount,
      Kind kind,
      long durationNanos,
      @Nullable Throwable failure) {
    /**
     * Creates the event.
     *
     * @param backend the backend's name; not null
     * @param operation the operation; not null
     * @param taskCount the number of tasks
     * @param kind how it ended; not null
     * @param durationNanos the duration in nanoseconds
     * @param failure the failure, or {@code null}
     */
    public GatherEnded {
      Objects.requireNonNull(backend, "backend");
      Objects.requireNonNull(operation, "operation");
      Objects.requireNonNull(kind, "kind");
    }

    /**
     * Returns the duration.
     *
     * @return {@link #durationNanos()} as a {@link Duration}
     */
    public Duration duration() {
      return Duration.ofNanos(durationNanos);
    }

    /**
     * Describes the event; a failure whose own {@code toString()} throws is named by its class
     * (R27), as in {@link FailureEvent#toString()}.
     *
     * @return a description
     */
    @Override
    public String toString() {
      return "GatherEnded[backend="
          + backend
          + ", operation="
          + operation
          + ", taskCount="
          + taskCount
          + ", kind="
          + kind
          + ", durationNanos="
          + durationNanos
          + ", failure="
          + ConcurrentRunnerException.describe(failure)
          + ']';
    }
  }

  /**
   * A task starts.
   *
   * @param index the task's position in its gather
   * @param name the task's name, or {@code null}
   */
  record TaskStarted(int index, @Nullable String name) {}

  /**
   * A started task ended.
   *
   * @param index the task's position in its gather
   * @param name the task's name, or {@code null}
   * @param kind how it ended
   * @param durationNanos from its {@link Observer#taskStarted} to now, in nanoseconds
   * @param failure for {@link Kind#FAILURE} and {@link Kind#CANCELLED}, what the task threw (the
   *     very instance); otherwise {@code null}
   */
  record TaskEnded(
      int index,
      @Nullable String name,
      Kind kind,
      long durationNanos,
      @Nullable Throwable failure) {
    /**
     * Creates the event.
     *
     * @param index the task's index
     * @param name the task's name, or {@code null}
     * @param kind how it ended; not null
     * @param durationNanos the duration in nanoseconds
     * @param failure the failure, or {@code null}
     */
    public TaskEnded {
      Objects.requireNonNull(kind, "kind");
    }

    /**
     * Returns the duration.
     *
     * @return {@link #durationNanos()} as a {@link Duration}
     */
    public Duration duration() {
      return Duration.ofNanos(durationNanos);
    }

    /**
     * Describes the event; a failure whose own {@code toString()} throws is named by its class
     * (R27), as in {@link FailureEvent#toString()}.
     *
     * @return a description
     */
    @Override
    public String toString() {
      return "TaskEnded[index="
          + index
          + ", name="
          + name
          + ", kind="
          + kind
          + ", durationNanos="
          + durationNanos
          + ", failure="
          + ConcurrentRunnerException.describe(failure)
          + ']';
    }
  }

  /**
   * The gather gave up on a task (rule R10).
   *
   * @param index the task's position in its gather
   * @param name the task's name, or {@code null}
   * @param leak the exception that the gather's failure carries as suppressed and that the
   *     failure handler receives
   */
  record TaskLeaked(int index, @Nullable String name, LeakedTaskException leak) {
    /**
     * Creates the event.
     *
     * @param index the task's index
     * @param name the task's name, or {@code null}
     * @param leak the leak; not null
     */
    public TaskLeaked {
      Objects.requireNonNull(leak, "leak");
    }
  }
}
