package io.github.concurrentrunner.guava;

import static com.google.common.util.concurrent.MoreExecutors.directExecutor;

import com.google.common.util.concurrent.AsyncCallable;
import com.google.common.util.concurrent.FutureCallback;
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
   * NullPointerException}. When the gather cancels the task, the future is cancelled with {@code
   * cancel(true)}, and the gather waits for it to complete as it waits for any task: a future
   * that refuses cancellation and runs on is reported as leaked after the grace period, and its
   * later failure goes to the runner's failure handler.
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
    Futures.addCallback(
        future,
        new FutureCallback<T>() {
          @Override
          public void onSuccess(T value) {
            stage.complete(value);
          }

          @Override
          public void onFailure(Throwable failure) {
            stage.completeExceptionally(failure);
          }
        },
        directExecutor());
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

  /** The outcome of a future that is done, as a completed {@code CompletableFuture}. */
  private static <T> CompletableFuture<T> completed(ListenableFuture<T> done) {
    try {
      return CompletableFuture.completedFuture(Futures.getDone(done));
    } catch (ExecutionException failed) {
      // A future of the application's own may throw one without a cause: it is then the failure.
      Throwable cause = failed.getCause();
      return CompletableFuture.failedFuture(cause != null ? cause : failed);
    } catch (Throwable cancelledOrBroken) { // CancellationException, or a future's own failure
      return CompletableFuture.failedFuture(cancelledOrBroken);
    }
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
