package io.github.concurrentrunner.comparison;

import io.github.concurrentrunner.GatherHandle;
import io.github.concurrentrunner.GatherOptions;
import io.github.concurrentrunner.Outcome;
import io.github.concurrentrunner.Task;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code CompletableFuture} used by hand: {@code supplyAsync} on the executor for blocking tasks,
 * the task's own future for async ones; {@code allOf} + collect for {@code all}; {@code handle}
 * mapped to outcomes (and {@code completeOnTimeout} for the gather's timeout) for {@code
 * allSettled}; {@code anyOf} for {@code race}; {@code orTimeout} for timeouts. {@code any} has no
 * {@code CompletableFuture} aggregate: it is the usual hand-written "first success" callback.
 * Cancelling a gather cancels every task's future, which is all {@code CompletableFuture} offers:
 * {@code cancel(true)} does not interrupt. {@code maxConcurrency} is refused: there is no bounded
 * aggregate.
 */
final class CompletableFutureNative extends NativeRunner {

  /** The implementation's name. */
  static final String NAME = "cf-allof";

  CompletableFutureNative(Executor executor) {
    super(NAME, executor);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private <T> CompletableFuture<T>[] start(
      List<? extends Task<? extends T>> tasks, GatherOptions options) {
    refuseMaxConcurrency(options, "CompletableFuture");
    Executor executor = executor(options);
    CompletableFuture<T>[] futures = new CompletableFuture[tasks.size()];
    for (int i = 0; i < futures.length; i++) {
      CompletableFuture<T> future = start(tasks.get(i), executor);
      futures[i] =
          options.taskTimeout().isPresent()
              ? future.orTimeout(nanos(options.taskTimeout().get()), TimeUnit.NANOSECONDS)
              : future;
    }
    return futures;
  }

  @SuppressWarnings("unchecked")
  private static <T> CompletableFuture<T> start(Task<? extends T> task, Executor executor) {
    if (task instanceof Task.Async<? extends T> async) {
      return (CompletableFuture<T>) async.start().get().toCompletableFuture();
    }
    Callable<? extends T> callable = ((Task.Blocking<? extends T>) task).callable();
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return callable.call();
          } catch (RuntimeException | Error e) {
            throw e;
          } catch (Exception e) {
            throw new CompletionException(e); // get() unwraps it
          }
        },
        executor);
  }

  static long nanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  private static Throwable unwrap(Throwable t) {
    return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
  }

  private <R> NativeHandle<R> handle(
      String operation, CompletableFuture<R> result, CompletableFuture<?>[] futures,
      GatherOptions options) {
    CompletableFuture<R> timed =
        options.timeout().isPresent()
            ? result.orTimeout(nanos(options.timeout().get()), TimeUnit.NANOSECONDS)
            : result;
    return new NativeHandle<>(
        backend(),
        operation,
        timed,
        () -> Arrays.stream(futures).forEach(f -> f.cancel(true)));
  }

  @Override
  public <T> GatherHandle<List<T>> all(
      List<? extends Task<? extends T>> tasks, GatherOptions options) {
    CompletableFuture<T>[] futures = start(tasks, options);
    CompletableFuture<List<T>> result =
        CompletableFuture.allOf(futures)
            .thenApply(
                ignored -> {
                  List<T> values = new ArrayList<>(futures.length);
                  for (CompletableFuture<T> f : futures) {
                    values.add(f.join());
                  }
                  return values;
                });
    return handle("all", result, futures, options);
  }

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public <T> GatherHandle<List<Outcome<T>>> allSettled(
      List<? extends Task<? extends T>> tasks, GatherOptions options) {
    CompletableFuture<T>[] futures = start(tasks, options);
    CompletableFuture<Outcome<T>>[] outcomes = new CompletableFuture[futures.length];
    for (int i = 0; i < futures.length; i++) {
      CompletableFuture<Outcome<T>> outcome =
          futures[i].handle(
              (value, failure) -> {
                if (failure == null) {
                  return Outcome.success(value);
                }
                Throwable cause = unwrap(failure);
                return cause instanceof TimeoutException
                    ? new Outcome.TimedOut<>()
                    : new Outcome.Failure<>(cause);
              });
      outcomes[i] =
          options.timeout().isPresent()
              ? outcome.completeOnTimeout(
                  new Outcome.TimedOut<>(), nanos(options.timeout().get()), TimeUnit.NANOSECONDS)
              : outcome;
    }
    CompletableFuture<List<Outcome<T>>> result =
        CompletableFuture.allOf(outcomes)
            .thenApply(ignored -> Arrays.stream(outcomes).map(CompletableFuture::join).toList());
    return new NativeHandle<>(
        backend(), "allSettled", result,
        () -> Arrays.stream(futures).forEach(f -> f.cancel(true)));
  }

  @Override
  public <T> GatherHandle<T> any(List<? extends Task<? extends T>> tasks, GatherOptions options) {
    CompletableFuture<T>[] futures = start(tasks, options);
    CompletableFuture<T> result = new CompletableFuture<>();
    Throwable[] failures = new Throwable[futures.length];
    AtomicInteger remaining = new AtomicInteger(futures.length);
    if (futures.length == 0) {
      result.completeExceptionally(allFailed(new Throwable[0]));
    }
    for (int i = 0; i < futures.length; i++) {
      int index = i;
      futures[i].whenComplete(
          (value, failure) -> {
            if (failure == null) {
              result.complete(value);
            } else {
              failures[index] = unwrap(failure);
              if (remaining.decrementAndGet() == 0) {
                result.completeExceptionally(
                    allFailed(failures));
              }
            }
          });
    }
    result.whenComplete((value, failure) -> Arrays.stream(futures).forEach(f -> f.cancel(true)));
    return handle("any", result, futures, options);
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> GatherHandle<T> race(List<? extends Task<? extends T>> tasks, GatherOptions options) {
    CompletableFuture<T>[] futures = start(tasks, options);
    CompletableFuture<T> result = CompletableFuture.anyOf(futures).thenApply(value -> (T) value);
    result.whenComplete((value, failure) -> Arrays.stream(futures).forEach(f -> f.cancel(true)));
    return handle("race", result, futures, options);
  }
}
