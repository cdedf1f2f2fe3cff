package io.github.concurrentrunner.guava;

import static com.google.common.util.concurrent.MoreExecutors.directExecutor;

import com.google.common.util.concurrent.AsyncCallable;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import io.github.concurrentrunner.Task;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Tasks from operations that return Guava's {@link ListenableFuture}, so that a code base on Guava
 * hands its async clients to a runner as they are. The tasks work on every backend.
 *
 * <pre>{@code
 * List<Task<Row>> reads = keys.stream()
 *     .map(key -> GuavaTasks.async("read " + key, () -> store.readAsync(key)))
 *     .toList();
 * List<Row> rows = runner.all(reads, GatherOptions.builder().maxConcurrency(8).build()).await();
 * }</pre>
 */
public final class GuavaTasks {
  private GuavaTasks() {}

  /**
   * Creates an async task from an {@link AsyncCallable} that starts an operation and returns its
   * {@link ListenableFuture}.
   *
   * <p>The callable is called once each time the task starts, on the thread that starts it; it
   * must not block. The task's outcome is the future's: its value (possibly {@code null}), or the very
   * exception it failed with, which becomes the cause of {@link
   * io.github.concurrentrunner.TaskFailedException} or the {@link
   * io.github.concurrentrunner.Outcome.Failure} of the slot. If the callable throws, the task fails
   * with that exception; if it returns {@code null}, the task fails with a {@link
   * NullPointerException}. A future whose {@code get()} throws an {@code ExecutionException}
   * without a cause fails the task with that {@code ExecutionException}. If the future's {@code
   * addListener} throws, the task fails with that exception and the future is cancelled with
   * {@code cancel(true)}, since nothing could observe or stop the operation otherwise (an exception
   * that {@code cancel} throws is added to it as suppressed). When the gather cancels the task,
   * the future is cancelled with {@code cancel(true)}, and the gather waits for it to complete as
   * it waits for any task: a future that refuses cancellation and runs on is reported as leaked
   * after the grace period, and its later failure goes to the runner's failure handler.
   *
   * @param callable starts the operation
   * @param <T> the result type
   * @return a new task
   * @throws NullPointerException if {@code callable} is null
   */
  public static <T> Task<T> async(AsyncCallable<T> callable) {
    Objects.requireNonNull(callable, "callable");
    return Task.async(() -> start(callable));
  }

  /**
   * Creates a named async task from an {@link AsyncCallable}; see {@link #async(AsyncCallable)}.
   *
   * @param name the name used in messages and events; must not be null
   * @param callable starts the operation
   * @param <T> the result type
   * @return a new task
   * @throws NullPointerException if {@code name} or {@code callable} is null
   */
  public static <T> Task<T> async(String name, AsyncCallable<T> callable) {
    Objects.requireNonNull(callable, "callable");
    return Task.async(name, () -> start(callable));
  }

  /**
   * Starts the operation and bridges its future both ways: its outcome completes the stage the
   * runner observes, and cancelling that stage cancels the future with interruption. The stage
   * completes only when the future does (a cancelled future completes it cancelled), so that the
   * gather waits for the operation, and reports it as leaked if it refuses to end (rules R10,
   * R11), as it does for any task.
   */
  private static <T> CompletableFuture<T> start(AsyncCallable<T> callable) {
    // The operation's own future, not one that Futures.submitAsync would wrap it in: that
    // wrapper completes cancelled at once when cancelled, however long the operation runs on.
    ListenableFuture<T> future;
    try {
      future = callable.call();
    } catch (Throwable failure) { // every Throwable, Errors included, is the task's outcome (R19)
      return CompletableFuture.failedFuture(failure);
    }
    if (future == null) {
      return CompletableFuture.failedFuture(
          new NullPointerException(
              "AsyncCallable.call returned null instead of a ListenableFuture (for a null value,"
                  + " return Futures.immediateFuture(null))"));
    }
    if (future.isDone()) {
      return completed(future); // a plain, completed CompletableFuture: the runner harvests it
    }
    Bridge<T> stage = new Bridge<>(future);
    try {
      // A listener of our own, not Futures.addCallback: its callback calls onFailure(null) for a
      // future whose get() throws an ExecutionException without a cause, and completing the
      // stage with null throws, so the stage would never complete. The listener reads the
      // outcome as completed() does.
      future.addListener(() -> settle(stage, future), directExecutor());
    } catch (Throwable refused) { // the future's own addListener: foreign code (R27)
      // Nobody could ever see the operation's outcome, nor stop it: cancel it (R10).
      cancelRefusingFuture(future, refused);
      return CompletableFuture.failedFuture(refused);
    }
    // Any other way of cancelling the stage (completing it with a CancellationException, as
    // CompletableFuture counts cancelling) still cancels the operation.
    stage.whenComplete(
        (value, failure) -> {
          if (stage.isCancelled()) {
            future.cancel(true);
          }
        });
    return stage;
  }

  /**
   * Cancels, with interruption, the operation whose future refused a listener: the task fails
   * with {@code refused}, and a failure of the cancellation itself is added to it as suppressed,
   * so that neither is lost.
   */
  private static void cancelRefusingFuture(ListenableFuture<?> future, Throwable refused) {
    try {
      future.cancel(true);
    } catch (Throwable cancelFailure) {
      if (cancelFailure != refused) { // addSuppressed(itself) would throw
        refused.addSuppressed(cancelFailure);
      }
    }
  }

  /** The outcome of a future that is done, as a completed {@code CompletableFuture}. */
  private static <T> CompletableFuture<T> completed(ListenableFuture<T> done) {
    CompletableFuture<T> stage = new CompletableFuture<>();
    settle(stage, done);
    return stage;
  }

  /**
   * Completes {@code stage} with the outcome of {@code done}, a future that is done: its value, or
   * the cause of the {@link ExecutionException} its {@code get()} throws. A future of the
   * application's own may throw one without a cause: that exception is then the failure. Any other
   * exception {@code get()} throws (a {@link java.util.concurrent.CancellationException}, a
   * future's own failure, or Guava's {@link IllegalStateException} for a future that calls its
   * listeners before it is done) is the failure as it is. The one way both a future that is done
   * when the task starts and one that completes later are read.
   */
  private static <T> void settle(CompletableFuture<T> stage, ListenableFuture<T> done) {
    T value;
    try {
      value = Futures.getDone(done);
    } catch (ExecutionException failed) {
      Throwable cause = failed.getCause();
      stage.completeExceptionally(cause != null ? cause : failed);
      return;
    } catch (Throwable cancelledOrBroken) {
      stage.completeExceptionally(cancelledOrBroken);
      return;
    }
    stage.complete(value);
  }

  /**
   * The stage of one start of the operation: {@code cancel} cancels the operation's future and
   * leaves the stage to complete with it, instead of completing the stage at once, as a plain
   * {@code CompletableFuture} would, while the operation still runs. Its dependents are plain
   * {@code CompletableFuture}s.
   */
  private static final class Bridge<T> extends CompletableFuture<T> {
    private final ListenableFuture<T> future;

    Bridge(ListenableFuture<T> future) {
      this.future = future;
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      return future.cancel(true);
    }

    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
      return new CompletableFuture<>();
    }
  }
}
