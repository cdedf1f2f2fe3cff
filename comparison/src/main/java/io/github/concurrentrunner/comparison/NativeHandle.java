package io.github.concurrentrunner.comparison;

import io.github.concurrentrunner.GatherHandle;
import io.github.concurrentrunner.Outcome;
import io.github.concurrentrunner.TaskFailedException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * The handle of a native gather: the library's own result, bridged to a {@link CompletableFuture}
 * exactly once, and the library's own way to cancel it. It adds no semantics of its own: {@link
 * #await()} is the bridged future's {@code get()}, {@link #cancel()} is what the library offers
 * (cancelling a {@code Future}, disposing a subscription), and interrupting {@code await()} does
 * what interrupting {@code Future.get()} does (nothing to the tasks).
 *
 * <p>The one translation is into the contract's vocabulary, so that the TCK can compare: a
 * failure the library delivered becomes a {@link TaskFailedException} whose cause is the
 * throwable the library delivered, made the one way the API offers outside the engine ({@link
 * Outcome.Failure#getOrThrow()}: index -1 and no backend, since no library aggregate says which
 * input failed). Everything else is the library's own: a gather's timeout is the library's {@code
 * TimeoutException} as that cause (the contract's {@code GatherTimeoutException} and {@code
 * AllFailedException} are made by the engine only), and a cancelled gather throws {@link
 * CancellationException}.
 *
 * @param <R> the result type
 */
final class NativeHandle<R> implements GatherHandle<R> {
  private final String implementation;
  private final String operation;
  private final CompletableFuture<R> result;
  private final Runnable cancel;

  /**
   * Creates a handle.
   *
   * @param implementation the native runner's name (messages)
   * @param operation {@code all}, {@code allSettled}, ... (messages)
   * @param result the library's result, bridged
   * @param cancel what the library offers to cancel the gather
   */
  NativeHandle(
      String implementation, String operation, CompletableFuture<R> result, Runnable cancel) {
    this.implementation = implementation;
    this.operation = operation;
    this.result = result;
    this.cancel = cancel;
    // Cancelling the future view (toCompletableFuture().cancel) cancels as cancel() does.
    result.whenComplete(
        (value, failure) -> {
          if (result.isCancelled()) {
            cancel.run();
          }
        });
  }

  /** A handle whose result is this one's, transformed. */
  <S> NativeHandle<S> map(Function<? super R, ? extends S> function) {
    return new NativeHandle<>(
        implementation, operation, result.thenApply(function), cancel);
  }

  @Override
  public R await() throws InterruptedException {
    try {
      return result.get();
    } catch (ExecutionException e) {
      throw translate(e.getCause());
    }
  }

  @Override
  public R await(Duration wait) throws InterruptedException, TimeoutException {
    try {
      return result.get(Math.max(0, saturatedNanos(wait)), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      throw translate(e.getCause());
    }
  }

  private static long saturatedNanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException e) {
      return d.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }

  private static RuntimeException translate(Throwable failure) {
    Throwable cause =
        failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause()
            : failure;
    if (cause instanceof CancellationException cancelled) {
      return cancelled;
    }
    try {
      return new Outcome.Failure<RuntimeException>(cause).getOrThrow();
    } catch (TaskFailedException e) {
      return e;
    }
  }

  @Override
  public boolean cancel() {
    return result.cancel(true);
  }

  @Override
  public boolean isDone() {
    return result.isDone();
  }

  @Override
  public CompletableFuture<R> toCompletableFuture() {
    return result;
  }

  @Override
  public String toString() {
    return implementation + " " + operation + " " + result;
  }
}
