package io.github.concurrentrunner.comparison;

import io.github.concurrentrunner.GatherHandle;
import io.github.concurrentrunner.GatherOptions;
import io.github.concurrentrunner.Outcome;
import io.github.concurrentrunner.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Reactor used by hand: {@code Mono.fromCallable(..).subscribeOn(Schedulers.fromExecutor(..))}
 * for blocking tasks, {@code Mono.fromCompletionStage(supplier)} for async ones; {@code Mono.zip}
 * for {@code all}, or, bounded, {@code Flux.flatMapSequential(.., maxConcurrency)} (which keeps
 * input order) + {@code collectList}; {@code onErrorResume} mapping to outcomes for {@code
 * allSettled}; {@code Mono.firstWithValue} for {@code any}; {@code Mono.firstWithSignal} for
 * {@code race}; {@code timeout} for timeouts. A gather is cancelled by cancelling the future of
 * {@code toFuture()}, which cancels the subscription. A callable that returns {@code null} is an
 * empty {@code Mono} in Reactor, as the matrix shows.
 */
final class ReactorNative extends NativeRunner {

  /** The implementation's name. */
  static final String NAME = "reactor-zip";

  ReactorNative(Executor executor) {
    super(NAME, executor);
  }

  private <T> List<Mono<T>> monos(List<? extends Task<? extends T>> tasks, GatherOptions options) {
    Scheduler scheduler = Schedulers.fromExecutor(executor(options));
    List<Mono<T>> monos = new ArrayList<>(tasks.size());
    for (Task<? extends T> task : tasks) {
      Mono<T> mono = mono(task, scheduler);
      monos.add(options.taskTimeout().isPresent() ? mono.timeout(options.taskTimeout().get()) : mono);
    }
    return monos;
  }

  @SuppressWarnings("unchecked")
  private static <T> Mono<T> mono(Task<? extends T> task, Scheduler scheduler) {
    if (task instanceof Task.Async<? extends T> async) {
      return Mono.fromCompletionStage(() -> (CompletionStage<T>) async.start().get());
    }
    Task.Blocking<? extends T> blocking = (Task.Blocking<? extends T>) task;
    return Mono.<T>fromCallable(blocking.callable()::call).subscribeOn(scheduler);
  }

  /** Every mono's value in input order: {@code zip}, or {@code flatMapSequential}. */
  private static <T> Mono<List<T>> gather(List<Mono<T>> monos, GatherOptions options) {
    if (options.maxConcurrency().isEmpty()) {
      return Mono.zip(monos, NativeRunner::<T>toList);
    }
    return Flux.fromIterable(monos)
        .flatMapSequential(mono -> mono, options.maxConcurrency().getAsInt())
        .collectList();
  }

  private <R> NativeHandle<R> handle(String operation, Mono<R> mono, GatherOptions options) {
    Mono<R> timed = options.timeout().isPresent() ? mono.timeout(options.timeout().get()) : mono;
    CompletableFuture<R> subscription = timed.toFuture();
    return new NativeHandle<>(
        backend(), operation, subscription, () -> subscription.cancel(true));
  }

  @Override
  public <T> GatherHandle<List<T>> all(
      List<? extends Task<? extends T>> tasks, GatherOptions options) {
    return handle("all", gather(monos(tasks, options), options), options);
  }

  @Override
  public <T> GatherHandle<List<Outcome<T>>> allSettled(
      List<? extends Task<? extends T>> tasks, GatherOptions options) {
    List<Mono<Outcome<T>>> outcomes =
        monos(tasks, options).stream()
            .map(
                mono ->
                    mono.map(Outcome::success)
                        .onErrorResume(
                            e -> Mono.just(e instanceof TimeoutException
                                ? new Outcome.TimedOut<>()
                                : new Outcome.Failure<>(e))))
            .toList();
    return handle("allSettled", gather(outcomes, options), options);
  }

  @Override
  public <T> GatherHandle<T> any(List<? extends Task<? extends T>> tasks, GatherOptions options) {
    return handle("any", Mono.firstWithValue(monos(tasks, options)), options);
  }

  @Override
  public <T> GatherHandle<T> race(List<? extends Task<? extends T>> tasks, GatherOptions options) {
    return handle("race", Mono.firstWithSignal(monos(tasks, options)), options);
  }
}
