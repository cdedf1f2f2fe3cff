package io.github.concurrentrunner.rxjava;

import io.github.concurrentrunner.Task;
import io.reactivex.rxjava3.core.Completable;
import io.reactivex.rxjava3.core.CompletableObserver;
import io.reactivex.rxjava3.core.Maybe;
import io.reactivex.rxjava3.core.MaybeObserver;
import io.reactivex.rxjava3.core.Single;
import io.reactivex.rxjava3.core.SingleObserver;
import io.reactivex.rxjava3.disposables.Disposable;
import io.reactivex.rxjava3.exceptions.ProtocolViolationException;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

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
 * the value {@code null} (rule R5), which RxJava itself could not carry. A source whose {@code
 * subscribeActual} throws fails its task with that very exception too, not with the {@code
 * NullPointerException} that RxJava's {@code subscribe} wraps it in.
 *
 * <p>The task subscribes with an observer of its own, which keeps a misbehaving source away from
 * {@code RxJavaPlugins.onError}, where RxJava's own observers would send it: a second {@code
 * onSubscribe} is disposed and ignored; only the first terminal signal counts, a later value is
 * ignored, and a later error, like anything {@code subscribe} throws after the first signal, is a
 * failure no caller can see. Having no runner to hand it to, the task logs it, as it logs a second
 * {@code onSubscribe}, through the {@link System.Logger} named {@code
 * io.github.concurrentrunner.rxjava} at {@code WARNING}; the runner's {@code FailureHandler} does
 * not see it. An interruption or a cancellation that follows the task's own cancellation is not
 * logged, as the runner does not report one (rule R9).
 *
 * <p>Two limits come from RxJava itself:
 *
 * <ul>
 *   <li>A {@code Completable} whose {@code subscribeActual} throws: RxJava 3.1's {@code
 *       Completable.subscribe} sends the exception to {@code RxJavaPlugins.onError} itself before
 *       it throws, which no subscriber can prevent. The task still fails with that very
 *       exception. ({@code Single} and {@code Maybe} do not do this.)
 *   <li>Disposing a subscription is a request that RxJava cannot confirm: nothing signals when a
 *       disposed source has stopped. A cancelled task therefore counts as finished as soon as its
 *       subscription is disposed, and a source that ignores the disposal and runs on is never
 *       reported as leaked (rule R10), unlike a blocking task or a future that refuses
 *       cancellation; if it later signals an error, that error is logged as above.
 * </ul>
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
    return Task.async(() -> SourceStage.subscribe(source::subscribe, "RxTasks.single task"));
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
    return Task.async(
        name, () -> SourceStage.subscribe(source::subscribe, "RxTasks.single task '" + name + "'"));
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
    return Task.async(() -> SourceStage.subscribe(source::subscribe, "RxTasks.maybe task"));
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
    return Task.async(
        name, () -> SourceStage.subscribe(source::subscribe, "RxTasks.maybe task '" + name + "'"));
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
    return Task.async(
        () -> SourceStage.<Void>subscribe(source::subscribe, "RxTasks.completable task"));
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
    return Task.async(
        name,
        () ->
            SourceStage.<Void>subscribe(
                source::subscribe, "RxTasks.completable task '" + name + "'"));
  }

  /**
   * One subscription of a task's source, and the stage the runner observes: the adapter's own
   * observer, so that what a misbehaving source does never reaches {@code RxJavaPlugins.onError}
   * (RxJava's own observers send a second {@code onSubscribe} and a late error there). The first
   * terminal signal completes the stage; {@code cancel} disposes the subscription. Its dependents
   * are plain {@code CompletableFuture}s.
   */
  private static final class SourceStage<T> extends CompletableFuture<T>
      implements SingleObserver<T>, MaybeObserver<T>, CompletableObserver {
    /** Marks the subscription disposed: an upstream that arrives later is disposed at once. */
    private static final Disposable DISPOSED = Disposable.empty();

    /** Names the task in what is logged: its kind and name, never the source's toString(). */
    private final String task;

    private final AtomicReference<Disposable> upstream = new AtomicReference<>();

    /** Whether the runner cancelled the task: an interruption that follows is no news (R9). */
    private volatile boolean cancelRequested;

    private SourceStage(String task) {
      this.task = task;
    }

    /**
     * Subscribes a new stage to the source. What the source's {@code subscribe} throws fails the
     * task, as the very exception its {@code subscribeActual} threw (RxJava's wrapper removed),
     * unless the source signalled first: it is then a late failure, logged.
     */
    static <T> CompletableFuture<T> subscribe(Consumer<SourceStage<T>> source, String task) {
      SourceStage<T> stage = new SourceStage<>(task);
      try {
        source.accept(stage);
      } catch (Throwable thrown) { // every Throwable, Errors included, is the task's outcome (R19)
        Throwable failure = Unseen.unwrapSubscribeFailure(thrown);
        if (stage.completeExceptionally(failure)) {
          stage.disposeAfterFailedSubscribe();
        } else {
          stage.lateError(failure, "threw from subscribe");
        }
      }
      return stage;
    }

    @Override
    public void onSubscribe(Disposable d) {
      if (upstream.compareAndSet(null, d)) {
        return;
      }
      Disposable current = upstream.get();
      if (current != DISPOSED) {
        Unseen.warn(
            "concurrent-runner: the source of "
                + task
                + " called onSubscribe more than once; the later subscription is disposed and"
                + " ignored",
            new ProtocolViolationException(
                "onSubscribe called again on the observer of " + task));
      }
      if (d != null) {
        d.dispose(); // what it throws goes to the source that called, as with RxJava's observers
      }
    }

    @Override
    public void onSuccess(T value) {
      complete(value); // a later value has no one to go to, and is no failure
    }

    @Override
    public void onComplete() {
      complete(null);
    }

    @Override
    public void onError(Throwable error) {
      Throwable failure =
          error != null
              ? error
              : new NullPointerException("the source of " + task + " called onError(null)");
      if (!completeExceptionally(failure)) {
        lateError(failure, "signalled an error");
      }
    }

    /**
     * Cancels the task: disposes the subscription, then completes the stage cancelled, so that the
     * gather, which completes after its task, completes after the disposal (rule R10). What the
     * disposal throws is thrown to the runner once the stage is cancelled; the runner reports it
     * (rule R27). A stage already completed disposes nothing.
     */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      cancelRequested = true;
      if (isDone()) {
        return false;
      }
      try {
        Disposable d = upstream.getAndSet(DISPOSED);
        if (d != null && d != DISPOSED) {
          d.dispose();
        }
      } finally {
        super.cancel(mayInterruptIfRunning);
      }
      return isCancelled();
    }

    /** Disposes what a source that threw from {@code subscribe} may have started before. */
    private void disposeAfterFailedSubscribe() {
      Disposable d = upstream.getAndSet(DISPOSED);
      if (d == null || d == DISPOSED) {
        return;
      }
      try {
        d.dispose();
      } catch (Throwable disposeFailure) {
        Unseen.warn(
            "concurrent-runner: the source of "
                + task
                + " threw from subscribe, and then its subscription threw when disposed",
            disposeFailure);
      }
    }

    /**
     * A failure after the stage completed, which no caller can see any more: logged, unless it is
     * the interruption or cancellation that the task's own cancellation caused.
     */
    private void lateError(Throwable failure, String what) {
      if (cancelRequested && Unseen.isInterruption(failure)) {
        return;
      }
      String state;
      if (!isCompletedExceptionally()) {
        state = "succeeded";
      } else if (cancelRequested && isCancelled()) {
        state = "been cancelled (RxJava cannot tell when a disposed source has stopped)";
      } else {
        state = "failed";
      }
      Unseen.warn(
          "concurrent-runner: the source of "
              + task
              + " "
              + what
              + " after its task had "
              + state
              + "; no caller can see it",
          failure);
    }
  }
}
