package io.github.concurrentrunner.comparison;

import io.github.concurrentrunner.GatherHandle;
import io.github.concurrentrunner.GatherOptions;
import io.github.concurrentrunner.Outcome;
import io.github.concurrentrunner.Task;
import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.core.Scheduler;
import io.reactivex.rxjava3.core.Single;
import io.reactivex.rxjava3.schedulers.Schedulers;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * RxJava 3 used by hand: {@code Single.fromCallable(..).subscribeOn(Schedulers.from(executor))}
 * for blocking tasks, {@code Single.defer(() -> Single.fromCompletionStage(..))} for async ones;
 * {@code Single.zip} for {@code all}, or, bounded, {@code Flowable.flatMapSingle(.., false,
 * maxConcurrency)} with each value tagged by its index and the list sorted back into input order;
 * {@code onErrorReturn} mapping to outcomes for {@code allSettled}; {@code Single.amb} for {@code
 * race}; {@code flatMapSingle} + {@code firstElement} for {@code any}; {@code timeout} for
 * timeouts. A gather is cancelled by disposing its subscription ({@code toCompletionStage}'s
 * {@code cancel}). {@code Schedulers.from(executor)} is RxJava's default, non-interruptible
 * worker.
 */
final class RxJavaNative extends NativeRunner {

  /** The implementation's name. */
  static final String NAME = "rxjava-zip";

  RxJavaNative(Executor executor) {
    super(NAME, executor);
  }

  /** A value and its position, to restore input order after {@code flatMapSingle}. */
  private record Indexed<T>(int index, T value) {}

  private <T> List<Single<T>> singles(
      List<? extends Task<? extends T>> tasks, GatherOptions options) {
    Scheduler scheduler = Schedulers.from(executor(options));
    List<Single<T>> singles = new ArrayList<>(tasks.size());
    for (Task<? extends T> task : tasks) {
      Single<T> single = single(task, scheduler);
      singles.add(
          options.taskTimeout().isPresent()
              ? single.timeout(
                  CompletableFutureNative.nanos(options.taskTimeout().get()), TimeUnit.NANOSECONDS)
              : single);
    }
    return singles;
  }

  @SuppressWarnings("unchecked")
  private static <T> Single<T> single(Task<? extends T> task, Scheduler scheduler) {
    if (task instanceof Task.Async<? extends T> async) {
      return Single.defer(() -> Single.fromCompletionStage((java.util.concurrent.CompletionStage<T>)
          async.start().get()));
    }
    Task.Blocking<? extends T> blocking = (Task.Blocking<? extends T>) task;
    return Single.<T>fromCallable(blocking.callable()::call).subscribeOn(scheduler);
  }

  /** Every single's value in input order: {@code zip}, or ordered {@code flatMapSingle}. */
  private static <T> Single<List<T>> gather(List<Single<T>> singles, GatherOptions options) {
    if (options.maxConcurrency().isEmpty()) {
      return Single.zip(singles, NativeRunner::<T>toList);
    }
    return Flowable.range(0, singles.size())
        .flatMapSingle(
            i -> singles.get(i).map(value -> new Indexed<>(i, value)),
            false,
            options.maxConcurrency().getAsInt())
        .toSortedList(Comparator.comparingInt(Indexed::index))
        .map(list -> list.stream().map(Indexed::value).toList());
  }

  private <R> NativeHandle<R> handle(String operation, Single<R> single, GatherOptions options) {
    Single<R> timed =
        options.timeout().isPresent()
            ? single.timeout(
                CompletableFutureNative.nanos(options.timeout().get()), TimeUnit.NANOSECONDS)
            : single;
    CompletableFuture<R> subscription = timed.toCompletionStage().toCompletableFuture();
    return new NativeHandle<>(
        backend(), operation, subscription, () -> subscription.cancel(true));
  }

  @Override
  public <T> GatherHandle<List<T>> all(
      List<? extends Task<? extends T>> tasks, GatherOptions options) {
    return handle("all", gather(singles(tasks, options), options), options);
  }

  @Override
  public <T> GatherHandle<List<Outcome<T>>> allSettled(
      List<? extends Task<? extends T>> tasks, GatherOptions options) {
    List<Single<Outcome<T>>> outcomes =
        singles(tasks, options).stream()
            .map(
                single ->
                    single
                        .map(Outcome::success)
                        .onErrorReturn(
                            e -> e instanceof TimeoutException
                                ? new Outcome.TimedOut<>()
                                : new Outcome.Failure<>(e)))
            .toList();
    return handle("allSettled", gather(outcomes, options), options);
  }

  @Override
  public <T> GatherHandle<T> any(List<? extends Task<? extends T>> tasks, GatherOptions options) {
    List<Single<T>> singles = singles(tasks, options);
    Throwable[] failures = new Throwable[singles.size()];
    int bound = options.maxConcurrency().orElse(Math.max(1, singles.size()));
    Single<T> any =
        Flowable.range(0, singles.size())
            .flatMapMaybe(
                i -> singles.get(i).toMaybe().doOnError(e -> failures[i] = e).onErrorComplete(),
                false,
                bound)
            .firstElement()
            .switchIfEmpty(
                Single.defer(
                    () -> Single.error(allFailed(failures))));
    return handle("any", any, options);
  }

  @Override
  public <T> GatherHandle<T> race(List<? extends Task<? extends T>> tasks, GatherOptions options) {
    return handle("race", Single.amb(singles(tasks, options)), options);
  }
}
