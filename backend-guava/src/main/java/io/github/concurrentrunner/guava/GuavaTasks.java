package io.github.concurrentrunner.guava;

import static com.google.common.util.concurrent.MoreExecutors.directExecutor;

import com.google.common.util.concurrent.AsyncCallable;
import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import io.github.concurrentrunner.Task;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

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
   * <p>The callable is called once each time the task starts, through {@code
   * Futures.submitAsync(callable, directExecutor())} on the thread that starts it; it must not
   * block. The task's outcome is the future's: its value (possibly {@code null}), or the very
   * exception it failed with, which becomes the cause of {@link
   * io.github.concurrentrunner.TaskFailedException} or the {@link
   * io.github.concurrentrunner.Outcome.Failure} of the slot. If the callable throws, the task fails
   * with that exception; if it returns {@code null}, the task fails with a {@link
   * NullPointerException}. When the gather cancels the task, the future is cancelled with {@code
   * cancel(true)}, and the gather waits for it to complete as it waits for any task.
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
   * runner observes, and cancelling that stage cancels the future with interruption.
   */
  private static <T> CompletableFuture<T> start(AsyncCallable<T> callable) {
    ListenableFuture<T> future = Futures.submitAsync(callable, directExecutor());
    CompletableFuture<T> stage = new CompletableFuture<>();
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
    stage.whenComplete(
        (value, failure) -> {
          if (stage.isCancelled()) {
            future.cancel(true);
          }
        });
    return stage;
  }
}
