package io.github.concurrentrunner.rxjava;

import io.github.concurrentrunner.GatherHandle;
import io.reactivex.rxjava3.core.Maybe;
import io.reactivex.rxjava3.core.MaybeEmitter;
import io.reactivex.rxjava3.core.Single;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Turns a running gather into RxJava types, on any backend.
 *
 * <p>A {@link GatherHandle} is hot: its gather started when the operation was called. The {@code
 * Single} and {@code Maybe} returned here are views of that one gather:
 *
 * <ul>
 *   <li>they signal the gather's result, or the very exception that {@link GatherHandle#await()}
 *       would throw: a {@link io.github.concurrentrunner.TaskFailedException} whose cause is the
 *       task's own exception instance (rule R8), an {@link
 *       io.github.concurrentrunner.AllFailedException}, a {@link
 *       io.github.concurrentrunner.GatherTimeoutException}, or a {@link
 *       java.util.concurrent.CancellationException} for a cancelled gather;
 *   <li>they signal only when the handle has completed, so every task the gather started has
 *       finished (rule R10), on the thread that completed the gather (a task's thread or one of the
 *       runner's threads, never its timer thread), or at once on the subscribing thread if the
 *       handle was already complete; use {@code observeOn} to move on;
 *   <li>a subscriber that throws from {@code onSuccess}, {@code onError} or {@code onComplete},
 *       which RxJava forbids, has its exception logged through the {@link System.Logger} named
 *       {@code io.github.concurrentrunner.rxjava} at {@code WARNING}, as a failure no caller can
 *       see; it is not sent to {@code RxJavaPlugins.onError}, whose default prints it and hands it
 *       to the uncaught-exception handler of the thread, here usually one of the runner's;
 *   <li>disposing a subscription before it signalled cancels the gather ({@link
 *       GatherHandle#cancel()}, rule R17): running tasks are interrupted and pending ones never
 *       start. Every subscriber sees the same gather, so one subscriber's disposal cancels it for
 *       all. The outcome of a gather whose subscriber disposed is not delivered to that
 *       subscriber, and never to {@code RxJavaPlugins.onError}: the subscriber asked not to know.
 * </ul>
 *
 * <p>To start a new gather for each subscription (a cold source, the RxJava way), defer the call:
 *
 * <pre>{@code
 * Single<List<Page>> pages = Single.defer(() -> RxGathers.toSingle(runner.all(fetches)));
 * }</pre>
 *
 * <p>RxJava forbids {@code null} values, while a gather's result may be null (rule R5: the
 * winner of {@code any} or {@code race}, or a combiner's result, may be null; the lists and pairs
 * of {@code all}, {@code allSettled}, {@code both} and {@code bothSettled} never are, though they
 * may hold nulls). Use {@link #toMaybe(GatherHandle)} when the result may be null; {@link
 * #toSingle(GatherHandle)} fails with {@link NoSuchElementException} on a null result, as {@link
 * Maybe#toSingle()} does on an empty {@code Maybe}.
 */
public final class RxGathers {

  private RxGathers() {}

  /**
   * Returns a {@code Single} that signals the gather's result or failure.
   *
   * @param handle the gather; must not be null
   * @param <R> the result type
   * @return a view of the gather; disposing it before it signalled cancels the gather
   * @throws NullPointerException if {@code handle} is null
   */
  public static <R> Single<R> toSingle(GatherHandle<R> handle) {
    return toMaybe(handle)
        .switchIfEmpty(
            Single.error(
                () ->
                    new NoSuchElementException(
                        "the result of "
                            + handle
                            + " is null, which a Single cannot emit; use"
                            + " RxGathers.toMaybe for a result that may be null")));
  }

  /**
   * Returns a {@code Maybe} that signals the gather's result, completes empty if the result is
   * {@code null}, or signals its failure.
   *
   * @param handle the gather; must not be null
   * @param <R> the result type
   * @return a view of the gather; disposing it before it signalled cancels the gather
   * @throws NullPointerException if {@code handle} is null
   */
  public static <R> Maybe<R> toMaybe(GatherHandle<R> handle) {
    Objects.requireNonNull(handle, "handle");
    return Maybe.create(
        emitter -> {
          CompletableFuture<R> view = handle.toCompletableFuture();
          emitter.setCancellable(() -> cancelUnlessDone(handle, view));
          view.whenComplete((value, failure) -> signal(emitter, handle, value, failure));
        });
  }

  /**
   * Gives the gather's outcome to the subscriber. A subscriber that throws (RxJava forbids it)
   * would have its exception captured by the dependent future of {@code whenComplete}, which
   * nobody reads: it is logged instead, being a failure no caller can see.
   */
  private static <R> void signal(
      MaybeEmitter<R> emitter, GatherHandle<R> handle, R value, Throwable failure) {
    try {
      if (failure != null) {
        emitter.tryOnError(failure);
      } else if (value != null) {
        emitter.onSuccess(value);
      } else {
        emitter.onComplete();
      }
    } catch (Throwable subscriberFailure) {
      Unseen.warn(
          "concurrent-runner: a subscriber of an RxGathers view of "
              + Unseen.describe(handle)
              + " threw when given the gather's outcome ("
              + (failure != null ? "a failure" : value != null ? "a value" : "an empty result")
              + "); RxJava forbids observers to throw, and no caller can see it",
          Unseen.unwrapSubscribeFailure(subscriberFailure));
    }
  }

  /**
   * Runs when the subscription is disposed, including the disposal that follows the emitter's own
   * terminal signal: only a gather whose view has not completed is cancelled.
   */
  private static void cancelUnlessDone(GatherHandle<?> handle, CompletableFuture<?> view) {
    if (!view.isDone()) {
      handle.cancel();
    }
  }
}
