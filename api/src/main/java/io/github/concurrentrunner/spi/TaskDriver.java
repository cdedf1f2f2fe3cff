package io.github.concurrentrunner.spi;

import io.github.concurrentrunner.Task;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiConsumer;

/**
 * What a backend contributes to the engine: how its library runs a blocking task, observes an
 * async task and schedules a timer. The engine owns every decision of the contract; a driver only
 * moves work and signals. Implementations must be thread-safe.
 *
 * <p>Every callback the engine hands to a driver (a blocking body, an outcome callback, a timer
 * action) never throws: the engine catches whatever goes wrong inside it and reports it to the
 * runner's failure handler itself (rule R11). A driver therefore needs no failure handler, and
 * must not log or swallow on the engine's behalf.
 *
 * <p>A driver whose blocking tasks run in another JVM (the REMOTE profile) overrides {@link
 * #runsBlockingTasks()}, {@link #runBlocking} and, usually, {@link #requiresSerializableTasks()}.
 */
public interface TaskDriver {

  /**
   * Dispatches a blocking task's body to run once on {@code executor}. The body runs the user's
   * callable, reports its outcome to the engine and handles its own interruption and cancellation
   * before start; the driver must run it at most once and must not interrupt it. Not called when
   * {@link #runsBlockingTasks()} is true.
   *
   * @param executor the executor of the gather
   * @param body the body to run; it does not throw
   * @throws RejectedExecutionException if the executor rejects it; the engine then fails the task
   *     with that exception (rule R20)
   */
  void execute(Executor executor, Runnable body);

  /**
   * Observes an async task's stage: calls {@code callback} exactly once, with {@code (value,
   * null)} or {@code (null, failure)}, when the stage completes, possibly at once on the calling
   * thread. The failure may be wrapped in a {@link java.util.concurrent.CompletionException}; the
   * engine unwraps it.
   *
   * @param stage the stage the task returned
   * @param callback receives the outcome; it does not throw
   * @return cancels the underlying operation, such as {@code future.cancel(true)}; after it the
   *     callback must still be called once (typically with a {@link
   *     java.util.concurrent.CancellationException})
   */
  Cancellable observe(CompletionStage<?> stage, BiConsumer<Object, Throwable> callback);

  /**
   * Runs {@code action} once after {@code delay} on a thread that user tasks cannot block.
   *
   * <p>The engine shares one timer among the grace periods of several gathers: such a timer may
   * stay armed after the gathers it served have completed, and fire with nothing left to do. It
   * cancels the timers it left armed before it calls {@link #shutdown()}.
   *
   * @param delay how long to wait; positive or zero
   * @param action what to run; short, and it does not throw
   * @return cancels the timer if it has not fired
   */
  Cancellable schedule(Duration delay, Runnable action);

  /**
   * Releases what the driver owns, such as a timer thread. Called once by the runner: by {@code
   * close()} if no gather runs, else on the thread that completes the closed runner's last gather,
   * before that gather's handle completes (so that a caller whose {@code await()} returned finds
   * the driver shut down). It must therefore not block. If it throws, the runner reports the
   * exception to its failure handler as a {@code CALLBACK_FAILURE} event and goes on: {@code
   * close()} does not throw it, and the gather's handle completes.
   */
  default void shutdown() {}

  /**
   * Whether this driver runs blocking tasks itself, through {@link #runBlocking}, instead of
   * having the engine's body run on an executor through {@link #execute}. A remote backend
   * returns true: the body runs in another JVM. The engine reads it once, when the runner is
   * built.
   *
   * @return false by default
   */
  default boolean runsBlockingTasks() {
    return false;
  }

  /**
   * Runs a blocking task, when {@link #runsBlockingTasks()} is true: typically sends the callable
   * to another JVM and reports when its body has exited there.
   *
   * <p>The driver calls {@code exit} exactly once, with {@code (value, null)} or {@code (null,
   * failure)}, when the body has exited (or can no longer run: its member left), possibly at once
   * on the calling thread. The engine treats the task as it treats an async task: it is finished
   * only when {@code exit} is called, so a gather that cancelled it waits for that call, and
   * reports the task as leaked when the grace period ends first (rule R10, REMOTE profile). The
   * task's own timeout is measured from this call.
   *
   * @param task the task; its callable is what to run
   * @param taskIndex the task's index in its gather, for messages
   * @param taskName the task's name, or {@code null}
   * @param executor the gather's executor, which a driver may use or ignore
   * @param exit receives the body's outcome; it does not throw
   * @return requests interruption of the running body (and prevents a body that has not started
   *     from starting); after it {@code exit} must still be called once
   * @throws RejectedExecutionException if the task cannot be submitted; the engine then fails the
   *     task with that exception (rule R20), and {@code exit} must not be called
   * @throws UnsupportedOperationException by default: a driver that returns true from {@link
   *     #runsBlockingTasks()} must override it
   */
  default Cancellable runBlocking(
      Task.Blocking<?> task,
      int taskIndex,
      String taskName,
      Executor executor,
      BiConsumer<Object, Throwable> exit) {
    throw new UnsupportedOperationException(
        getClass().getName() + " returns true from runsBlockingTasks() but does not run them");
  }

  /**
   * Whether the callable of every blocking task must be serializable, because it travels to
   * another JVM (the REMOTE profile). If true, the engine serializes each blocking task's callable
   * at the call (into a discarding stream) and rejects the first that fails with an {@link
   * IllegalArgumentException} naming its index, before any task starts. Read once, when the
   * runner is built.
   *
   * @return false by default
   */
  default boolean requiresSerializableTasks() {
    return false;
  }
}
