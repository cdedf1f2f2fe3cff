package io.github.concurrentrunner.spi;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiConsumer;

/**
 * What a backend contributes to {@link AbstractConcurrentRunner}: how its library runs a blocking
 * task, observes an async task and schedules a timer. The coordinator owns every decision of the
 * contract; a driver only moves work and signals. Implementations must be thread-safe.
 */
public interface TaskDriver {

  /**
   * Dispatches a blocking task's body to run once on {@code executor}. The body runs the user's
   * callable, reports its outcome to the coordinator and handles its own interruption and
   * cancellation before start; the driver must run it at most once and must not interrupt it.
   *
   * @param executor the executor of the gather
   * @param body the body to run
   * @throws RejectedExecutionException if the executor rejects it; the coordinator then fails the
   *     task with that exception (rule R20)
   */
  void execute(Executor executor, Runnable body);

  /**
   * Observes an async task's stage: calls {@code callback} exactly once, with {@code (value,
   * null)} or {@code (null, failure)}, when the stage completes, possibly at once on the calling
   * thread. The failure may be wrapped in a {@link java.util.concurrent.CompletionException}; the
   * coordinator unwraps it.
   *
   * @param stage the stage the task returned
   * @param callback receives the outcome
   * @return cancels the underlying operation, such as {@code future.cancel(true)}; after it the
   *     callback must still be called once (typically with a {@link
   *     java.util.concurrent.CancellationException})
   */
  Cancellable observe(CompletionStage<?> stage, BiConsumer<Object, Throwable> callback);

  /**
   * Runs {@code action} once after {@code delay} on a thread that user tasks cannot block. The
   * action is short and does not throw.
   *
   * @param delay how long to wait; positive or zero
   * @param action what to run
   * @return cancels the timer if it has not fired
   */
  Cancellable schedule(Duration delay, Runnable action);

  /** Releases what the driver owns, such as a timer thread. Called once by {@code close()}. */
  default void shutdown() {}
}
