package io.github.concurrentrunner.comparison;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.ListenableFutureTask;
import com.google.common.util.concurrent.MoreExecutors;
import com.google.common.util.concurrent.SettableFuture;
import io.github.concurrentrunner.GatherHandle;
import io.github.concurrentrunner.GatherOptions;
import io.github.concurrentrunner.Outcome;
import io.github.concurrentrunner.Task;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Guava's {@code ListenableFuture} used by hand: blocking tasks submitted through {@code
 * MoreExecutors.listeningDecorator} (a {@code ListenableFutureTask} when the executor is not an
 * {@code ExecutorService}), async tasks bridged with a {@code SettableFuture} that cancels the
 * task's future when cancelled; timeouts with {@code Futures.withTimeout} on a scheduler the
 * runner owns; {@code race} as {@code Futures.inCompletionOrder(..).get(0)}; {@code any} as the
 * usual "first success" callbacks. Two flavours, two columns of the matrix:
 *
 * <ul>
 *   <li>{@link Flavour#ALL_AS_LIST}: {@code all} is {@code Futures.allAsList}, {@code allSettled}
 *       is {@code Futures.whenAllComplete} with each future's outcome read by {@code getDone}.
 *   <li>{@link Flavour#SUCCESSFUL_AS_LIST}: both are {@code Futures.successfulAsList}, keeping the
 *       {@code null} Guava puts in place of each failure (an {@code allSettled} slot is then a
 *       {@code Success(null)}).
 * </ul>
 *
 * <p>Cancelling a gather cancels the aggregate, which cancels its inputs with interruption.
 * {@code maxConcurrency} is refused: Guava has no bounded aggregate.
 */
final class GuavaNative extends NativeRunner {

  /** Which aggregate {@code all} and {@code allSettled} use. */
  enum Flavour {
    /** {@code allAsList} and {@code whenAllComplete}. */
    ALL_AS_LIST("guava-allaslist"),
    /** {@code successfulAsList} for both. */
    SUCCESSFUL_AS_LIST("guava-successfulaslist");

    final String implementation;

    Flavour(String implementation) {
      this.implementation = implementation;
    }
  }

  private final Flavour flavour;
  private final ScheduledExecutorService timer;

  GuavaNative(Flavour flavour, Executor executor) {
    super(flavour.implementation, executor);
    this.flavour = flavour;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, flavour.implementation + "-timer");
              thread.setDaemon(true);
              return thread;
            });
  }

  private <T> List<ListenableFuture<T>> start(
      List<? extends Task<? extends T>> tasks, GatherOptions options) {
    refuseMaxConcurrency(options, "Guava");
    Executor executor = executor(options);
    List<ListenableFuture<T>> futures = new ArrayList<>(tasks.size());
    for (Task<? extends T> task : tasks) {
      ListenableFuture<T> future = start(task, executor);
      futures.add(
          options.taskTimeout().isPresent()
              ? Futures.withTimeout(future, options.taskTimeout().get(), timer)
              : future);
    }
    return futures;
  }

  @SuppressWarnings("unchecked")
  private static <T> ListenableFuture<T> start(Task<? extends T> task, Executor executor) {
    if (task instanceof Task.Async<? extends T> async) {
      CompletableFuture<T> stage = (CompletableFuture<T>) async.start().get().toCompletableFuture();
      SettableFuture<T> future = SettableFuture.create();
      stage.whenComplete(
          (value, failure) -> {
            if (failure == null) {
              future.set(value);
            } else {
              future.setException(
                  failure instanceof CompletionException && failure.getCause() != null
                      ? failure.getCause()
                      : failure);
            }
          });
      future.addListener(
          () -> {
            if (future.isCancelled()) {
              stage.cancel(true);
            }
          },
          MoreExecutors.directExecutor());
      return future;
    }
    Task.Blocking<? extends T> blocking = (Task.Blocking<? extends T>) task;
    if (executor instanceof ExecutorService service) {
      return (ListenableFuture<T>)
          MoreExecutors.listeningDecorator(service).submit(blocking.callable());
    }
    ListenableFutureTask<T> future =
        ListenableFutureTask.create(() -> blocking.callable().call());
    executor.execute(future);
    return future;
  }

  private <R> NativeHandle<R> handle(
      String operation, ListenableFuture<R> aggregate, GatherOptions options) {
    Duration timeout = options.timeout().orElse(null);
    ListenableFuture<R> timed =
        timeout == null ? aggregate : Futures.withTimeout(aggregate, timeout, timer);
    CompletableFuture<R> result = new CompletableFuture<>();
    onComplete(timed, result::complete, result::completeExceptionally);
    return new NativeHandle<>(backend(), operation, result, () -> timed.cancel(true));
  }

  @Override
  public <T> GatherHandle<List<T>> all(
      List<? extends Task<? extends T>> tasks, GatherOptions options) {
    List<ListenableFuture<T>> futures = start(tasks, options);
    ListenableFuture<List<T>> aggregate =
        flavour == Flavour.ALL_AS_LIST
            ? Futures.allAsList(futures)
            : Futures.successfulAsList(futures);
    return handle("all", aggregate, options);
  }

  @Override
  public <T> GatherHandle<List<Outcome<T>>> allSettled(
      List<? extends Task<? extends T>> tasks, GatherOptions options) {
    List<ListenableFuture<T>> futures = start(tasks, options);
    ListenableFuture<List<Outcome<T>>> aggregate;
    if (flavour == Flavour.SUCCESSFUL_AS_LIST) {
      aggregate =
          Futures.transform(
              Futures.successfulAsList(futures),
              values -> values.stream().map(Outcome::success).toList(),
              MoreExecutors.directExecutor());
    } else {
      aggregate =
          Futures.whenAllComplete(futures)
              .call(
                  () -> futures.stream().map(GuavaNative::outcome).toList(),
                  MoreExecutors.directExecutor());
    }
    return handle("allSettled", aggregate, options);
  }

  private static <T> Outcome<T> outcome(ListenableFuture<T> done) {
    try {
      return Outcome.success(Futures.getDone(done));
    } catch (ExecutionException e) {
      return e.getCause() instanceof TimeoutException
          ? new Outcome.TimedOut<>()
          : new Outcome.Failure<>(e.getCause());
    } catch (CancellationException e) {
      return new Outcome.Failure<>(e);
    }
  }

  @Override
  public <T> GatherHandle<T> any(List<? extends Task<? extends T>> tasks, GatherOptions options) {
    List<ListenableFuture<T>> futures = start(tasks, options);
    SettableFuture<T> result = SettableFuture.create();
    Throwable[] failures = new Throwable[futures.size()];
    AtomicInteger remaining = new AtomicInteger(futures.size());
    if (futures.isEmpty()) {
      result.setException(allFailed(new Throwable[0]));
    }
    for (int i = 0; i < futures.size(); i++) {
      int index = i;
      onComplete(
          futures.get(i),
          result::set,
          failure -> {
            failures[index] = failure;
            if (remaining.decrementAndGet() == 0) {
              result.setException(allFailed(failures));
            }
          });
    }
    result.addListener(() -> futures.forEach(f -> f.cancel(true)), MoreExecutors.directExecutor());
    return handle("any", result, options);
  }

  @Override
  public <T> GatherHandle<T> race(List<? extends Task<? extends T>> tasks, GatherOptions options) {
    List<ListenableFuture<T>> futures = start(tasks, options);
    ListenableFuture<T> first = Futures.inCompletionOrder(futures).get(0);
    first.addListener(() -> futures.forEach(f -> f.cancel(true)), MoreExecutors.directExecutor());
    return handle("race", first, options);
  }

  /** {@code Futures.addCallback} with two lambdas, run directly. */
  private static <T> void onComplete(
      ListenableFuture<T> future, Consumer<? super T> success, Consumer<Throwable> failure) {
    Futures.addCallback(
        future,
        new FutureCallback<T>() {
          @Override
          public void onSuccess(T value) {
            success.accept(value);
          }

          @Override
          public void onFailure(Throwable t) {
            failure.accept(t);
          }
        },
        MoreExecutors.directExecutor());
  }

  @Override
  public void close() {
    timer.shutdownNow();
    super.close();
  }
}
