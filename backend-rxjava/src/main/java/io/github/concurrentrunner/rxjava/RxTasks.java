package io.github.concurrentrunner.rxjava;

import io.github.concurrentrunner.Task;
import io.reactivex.rxjava3.core.Completable;
import io.reactivex.rxjava3.core.Maybe;
import io.reactivex.rxjava3.core.Single;
import java.util.Objects;

/**
 * Turns RxJava sources into tasks, for any backend: the RxJava counterpart of {@code GuavaTasks}.
 *
 * <p>Each task is an {@linkplain Task#async async task} that subscribes to its source when the
 * gather starts it, on the thread that starts it, and subscribes again each time it is started
 * (rule R6), as any subscriber of a cold source does. Cancelling the task (a decided outcome, a
 * timeout, {@code cancel()}) disposes that subscription. The source should not block the
 * subscribing thread: move blocking work off it with {@code subscribeOn}.
 *
 * <p>RxJava's rule for an error that arrives after disposal applies: a blocking callable ({@code
 * Single.fromCallable(..).subscribeOn(Schedulers.io())}, say) that the disposal interrupts throws
 * an {@code InterruptedException}, which the source itself sends to {@code RxJavaPlugins.onError}
 * as an {@code UndeliverableException} (printed, and passed to the thread's uncaught-exception
 * handler, if no handler is installed); the runner, downstream of the disposal, cannot intercept
 * it. Install an error handler that ignores such interruptions, as RxJava's documentation
 * advises, or run blocking work as a blocking task ({@link Task#of(java.util.concurrent.Callable)
 * Task.of}), which the runner interrupts itself.
 *
 * <pre>{@code
 * Single<String> user = Single.fromCallable(() -> loadUser(id)); // cold: nothing runs yet
 * Maybe<String> avatar = Maybe.empty();                          // may be empty: null
 * Pair<String, String> both = runner.both(
 *     RxTasks.single("user", user), RxTasks.maybe("avatar", avatar)).await();
 * }</pre>
 *
 * <p>Values follow the runner's rules, not RxJava's: the very error the source signalled is the
 * task's failure (rule R8), and an empty {@code Maybe} or a completed {@code Completable} gives
 * the value {@code null} (rule R5), which RxJava itself could not carry.
 */
public final class RxTasks {

  private RxTasks() {}

  /**
   * A task whose value is the success of a {@code Single}.
   *
   * @param source subscribed each time the task starts; must not be null
   * @param <T> the value type
   * @return a new async task
   * @throws NullPointerException if {@code source} is null
   */
  public static <T> Task<T> single(Single<? extends T> source) {
    Objects.requireNonNull(source, "source");
    return Task.async(source::toCompletionStage);
  }

  /**
   * A named task whose value is the success of a {@code Single}.
   *
   * @param name the task's name; must not be null
   * @param source subscribed each time the task starts; must not be null
   * @param <T> the value type
   * @return a new async task
   * @throws NullPointerException if {@code name} or {@code source} is null
   */
  public static <T> Task<T> single(String name, Single<? extends T> source) {
    Objects.requireNonNull(source, "source");
    return Task.async(name, source::toCompletionStage);
  }

  /**
   * A task whose value is the success of a {@code Maybe}, or {@code null} if it completes empty.
   *
   * @param source subscribed each time the task starts; must not be null
   * @param <T> the value type
   * @return a new async task
   * @throws NullPointerException if {@code source} is null
   */
  public static <T> Task<T> maybe(Maybe<? extends T> source) {
    Objects.requireNonNull(source, "source");
    return Task.async(() -> source.toCompletionStage(null));
  }

  /**
   * A named task whose value is the success of a {@code Maybe}, or {@code null} if it completes
   * empty.
   *
   * @param name the task's name; must not be null
   * @param source subscribed each time the task starts; must not be null
   * @param <T> the value type
   * @return a new async task
   * @throws NullPointerException if {@code name} or {@code source} is null
   */
  public static <T> Task<T> maybe(String name, Maybe<? extends T> source) {
    Objects.requireNonNull(source, "source");
    return Task.async(name, () -> source.toCompletionStage(null));
  }

  /**
   * A task that succeeds with {@code null} when a {@code Completable} completes.
   *
   * @param source subscribed each time the task starts; must not be null
   * @return a new async task
   * @throws NullPointerException if {@code source} is null
   */
  public static Task<Void> completable(Completable source) {
    Objects.requireNonNull(source, "source");
    return Task.async(() -> source.<Void>toCompletionStage(null));
  }

  /**
   * A named task that succeeds with {@code null} when a {@code Completable} completes.
   *
   * @param name the task's name; must not be null
   * @param source subscribed each time the task starts; must not be null
   * @return a new async task
   * @throws NullPointerException if {@code name} or {@code source} is null
   */
  public static Task<Void> completable(String name, Completable source) {
    Objects.requireNonNull(source, "source");
    return Task.async(name, () -> source.<Void>toCompletionStage(null));
  }
}
