package io.github.concurrentrunner.rxjava;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.concurrentrunner.ConcurrentRunner;
import io.github.concurrentrunner.FailureEvent;
import io.github.concurrentrunner.GatherHandle;
import io.github.concurrentrunner.Outcome;
import io.github.concurrentrunner.Pair;
import io.github.concurrentrunner.Task;
import io.github.concurrentrunner.TaskFailedException;
import io.github.concurrentrunner.tck.LogCapture;
import io.reactivex.rxjava3.core.Completable;
import io.reactivex.rxjava3.core.CompletableObserver;
import io.reactivex.rxjava3.core.Maybe;
import io.reactivex.rxjava3.core.MaybeObserver;
import io.reactivex.rxjava3.core.Single;
import io.reactivex.rxjava3.core.SingleObserver;
import io.reactivex.rxjava3.disposables.Disposable;
import io.reactivex.rxjava3.exceptions.ProtocolViolationException;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link RxTasks}: RxJava sources as tasks, on two backends. No RxJava scheduler here: {@code
 * RxJavaBackendTest} checks, in the same JVM, that RxJava's global threads are never started.
 */
class RxTasksTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private RxJavaPluginsProbe probe;

  @BeforeEach
  void setUp() {
    probe = RxJavaPluginsProbe.install();
  }

  @AfterEach
  void tearDown() {
    assertThat(probe.uninstall()).as("something replaced RxJava's global error handler").isTrue();
    assertThat(probe.errors()).as("errors that reached RxJavaPlugins.onError").isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"rxjava", "completablefuture"})
  void sourcesGiveTheirValuesAndEmptyOrCompletedGivesNull(String backend) throws Exception {
    try (ConcurrentRunner runner = ConcurrentRunner.create(backend)) {
      List<Object> values =
          runner
              .all(
                  List.<Task<?>>of(
                      RxTasks.single(Single.just("single")),
                      RxTasks.maybe("some", Maybe.just("maybe")),
                      RxTasks.maybe(Maybe.empty()),
                      RxTasks.completable("done", Completable.complete())))
              .await(WAIT);
      assertThat(values).containsExactly("single", "maybe", null, null);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"rxjava", "completablefuture"})
  void theSourcesErrorIsTheTasksFailureItself(String backend) throws Exception {
    IOException boom = new IOException("boom");
    try (ConcurrentRunner runner = ConcurrentRunner.create(backend)) {
      Throwable failure =
          catchThrowable(
              () ->
                  runner
                      .all(
                          List.of(
                              RxTasks.single("ok", Single.just("a")),
                              RxTasks.<String>single("failing", Single.error(boom))))
                      .await(WAIT));
      assertThat(failure).isInstanceOf(TaskFailedException.class).hasCause(boom);
      assertThat(failure.getCause()).isSameAs(boom);
      assertThat(((TaskFailedException) failure).taskName()).isEqualTo("failing");
      List<Outcome<Void>> outcomes =
          runner.allSettled(List.of(RxTasks.completable(Completable.error(boom)))).await(WAIT);
      assertThat(outcomes).containsExactly(new Outcome.Failure<>(boom));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"rxjava", "completablefuture"})
  void cancellingTheTaskDisposesItsSubscription(String backend) throws Exception {
    CountDownLatch singleDisposed = new CountDownLatch(1);
    CountDownLatch maybeDisposed = new CountDownLatch(1);
    CountDownLatch completableDisposed = new CountDownLatch(1);
    try (ConcurrentRunner runner = ConcurrentRunner.create(backend)) {
      GatherHandle<Pair<Outcome<String>, Outcome<Void>>> pending =
          runner.bothSettled(
              RxTasks.single(Single.<String>never().doOnDispose(singleDisposed::countDown)),
              RxTasks.completable(Completable.never().doOnDispose(completableDisposed::countDown)));
      String winner =
          runner
              .any(
                  List.of(
                      RxTasks.maybe(Maybe.<String>never().doOnDispose(maybeDisposed::countDown)),
                      Task.of(() -> "fast")))
              .await(WAIT);
      assertThat(winner).isEqualTo("fast");
      assertThat(maybeDisposed.getCount()).as("the losing Maybe was disposed").isZero();
      assertThat(pending.cancel()).isTrue();
      assertThatThrownBy(() -> pending.await(WAIT)).isInstanceOf(CancellationException.class);
      assertThat(singleDisposed.getCount()).as("the cancelled Single was disposed").isZero();
      assertThat(completableDisposed.getCount()).as("the cancelled Completable was disposed").isZero();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"rxjava", "completablefuture"})
  void theSameTaskTwiceSubscribesTwice(String backend) throws Exception {
    AtomicInteger subscriptions = new AtomicInteger();
    Task<Integer> task =
        RxTasks.single(Single.fromCallable(subscriptions::incrementAndGet));
    try (ConcurrentRunner runner = ConcurrentRunner.create(backend)) {
      assertThat(runner.all(List.of(task, task)).await(WAIT)).containsExactlyInAnyOrder(1, 2);
    }
    assertThat(subscriptions).hasValue(2);
  }

  /**
   * R8: a {@code Single} or {@code Maybe} whose {@code subscribeActual} throws fails its task with
   * that very exception, not RxJava's {@code NullPointerException("subscribeActual failed")}.
   */
  @ParameterizedTest
  @ValueSource(strings = {"rxjava", "completablefuture"})
  void aSourceThrowingFromSubscribeFailsItsTaskWithThatVeryException(String backend)
      throws Exception {
    IllegalStateException singleBoom = new IllegalStateException("single boom");
    IllegalStateException maybeBoom = new IllegalStateException("maybe boom");
    Single<String> single =
        new Single<String>() {
          @Override
          protected void subscribeActual(SingleObserver<? super String> observer) {
            throw singleBoom;
          }
        };
    Maybe<String> maybe =
        new Maybe<String>() {
          @Override
          protected void subscribeActual(MaybeObserver<? super String> observer) {
            throw maybeBoom;
          }
        };
    try (ConcurrentRunner runner = ConcurrentRunner.create(backend)) {
      Throwable failure =
          catchThrowable(() -> runner.all(List.of(RxTasks.single("throwing", single))).await(WAIT));
      assertThat(failure).isInstanceOf(TaskFailedException.class);
      assertThat(failure.getCause()).as("R8: the very exception").isSameAs(singleBoom);
      assertThat(runner.allSettled(List.of(RxTasks.maybe(maybe))).await(WAIT))
          .containsExactly(new Outcome.Failure<>(maybeBoom));
    }
  }

  /**
   * R8 for a {@code Completable} whose {@code subscribeActual} throws, and the documented limit:
   * RxJava's own {@code Completable.subscribe} sends the exception to {@code
   * RxJavaPlugins.onError} before throwing, which no subscriber can prevent.
   */
  @ParameterizedTest
  @ValueSource(strings = {"rxjava", "completablefuture"})
  void aCompletableThrowingFromSubscribeFailsItsTaskWithThatVeryException(String backend)
      throws Exception {
    IllegalStateException boom = new IllegalStateException("boom");
    Completable throwing =
        new Completable() {
          @Override
          protected void subscribeActual(CompletableObserver observer) {
            throw boom;
          }
        };
    try (ConcurrentRunner runner = ConcurrentRunner.create(backend)) {
      Throwable failure =
          catchThrowable(
              () -> runner.all(List.of(RxTasks.completable("throwing", throwing))).await(WAIT));
      assertThat(failure).isInstanceOf(TaskFailedException.class);
      assertThat(failure.getCause()).as("R8: the very exception").isSameAs(boom);
    }
    assertThat(probe.takeErrors())
        .as("RxJava's Completable.subscribe itself reports it (documented in RxTasks)")
        .singleElement()
        .isSameAs(boom);
  }

  /**
   * A source that calls {@code onSubscribe} twice, or {@code onError} after {@code onSuccess},
   * gives its first outcome, and what it did wrong is logged at {@code WARNING} rather than sent
   * to {@code RxJavaPlugins.onError} (checked by the probe in {@code tearDown}).
   */
  @ParameterizedTest
  @CsvSource({
    "rxjava, onSubscribeTwice",
    "rxjava, successThenError",
    "completablefuture, onSubscribeTwice",
    "completablefuture, successThenError"
  })
  void aMisbehavingSourceGivesItsFirstOutcomeAndIsLoggedNotSentToRxJavaPlugins(
      String backend, String how) throws Exception {
    IOException late = new IOException("late");
    CountDownLatch secondDisposed = new CountDownLatch(1);
    Single<String> misbehaving =
        new Single<String>() {
          @Override
          protected void subscribeActual(SingleObserver<? super String> observer) {
            observer.onSubscribe(Disposable.empty());
            if (how.equals("onSubscribeTwice")) {
              observer.onSubscribe(Disposable.fromAction(secondDisposed::countDown));
              observer.onSuccess("a");
            } else {
              observer.onSuccess("a");
              observer.onError(late);
            }
          }
        };
    List<FailureEvent> events = new CopyOnWriteArrayList<>();
    try (LogCapture log = LogCapture.startQuietly("io.github.concurrentrunner.rxjava");
        ConcurrentRunner runner =
            ConcurrentRunner.builder().backend(backend).failureHandler(events::add).build()) {
      assertThat(runner.all(List.of(RxTasks.single("misbehaving", misbehaving))).await(WAIT))
          .containsExactly("a");
      // The source signals on the starting thread, before the gather completes.
      assertThat(log.records())
          .as(log.describe())
          .singleElement()
          .satisfies(
              record -> {
                assertThat(record.getLevel()).isEqualTo(Level.WARNING);
                assertThat(record.getMessage()).contains("'misbehaving'");
                if (how.equals("onSubscribeTwice")) {
                  assertThat(record.getThrown()).isInstanceOf(ProtocolViolationException.class);
                  assertThat(secondDisposed.getCount()).as("the second upstream").isZero();
                } else {
                  assertThat(record.getThrown()).isSameAs(late);
                }
              });
    }
    assertThat(events).as("the adapter holds no runner: nothing for its failure handler").isEmpty();
  }

  /**
   * R10's limit with RxJava: a source that ignores disposal cannot be waited for (nothing signals
   * that it stopped), so its cancelled task ends at once, unreported as leaked; an error it
   * signals later is logged at {@code WARNING}, never sent to {@code RxJavaPlugins.onError}, and
   * an interruption after the cancellation is not even logged (R9).
   */
  @ParameterizedTest
  @ValueSource(strings = {"rxjava", "completablefuture"})
  void aSourceIgnoringDisposalEndsItsTaskAtOnceAndItsLateErrorIsLogged(String backend)
      throws Exception {
    List<SingleObserver<? super String>> subscribers = new CopyOnWriteArrayList<>();
    CountDownLatch subscribed = new CountDownLatch(2);
    Single<String> stubborn =
        new Single<String>() {
          @Override
          protected void subscribeActual(SingleObserver<? super String> observer) {
            observer.onSubscribe(Disposable.empty()); // disposal stops nothing
            subscribers.add(observer);
            subscribed.countDown();
          }
        };
    IOException late = new IOException("late");
    try (LogCapture log = LogCapture.startQuietly("io.github.concurrentrunner.rxjava");
        ConcurrentRunner runner = ConcurrentRunner.create(backend)) {
      GatherHandle<List<String>> handle =
          runner.all(
              List.of(RxTasks.single("stubborn", stubborn), RxTasks.single("other", stubborn)));
      assertThat(subscribed.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
      assertThat(handle.cancel()).isTrue();
      Throwable failure = catchThrowable(() -> handle.await(WAIT));
      assertThat(failure).isInstanceOf(CancellationException.class);
      assertThat(failure.getSuppressed()).as("not reported as leaked: documented").isEmpty();

      subscribers.get(0).onError(late);
      subscribers.get(1).onError(new InterruptedException("the cancellation's own"));

      assertThat(log.records())
          .as(log.describe())
          .singleElement()
          .satisfies(
              record -> {
                assertThat(record.getLevel()).isEqualTo(Level.WARNING);
                assertThat(record.getThrown()).isSameAs(late);
              });
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"single", "maybe", "completable"})
  void nullArgumentsAreRejectedNamingThem(String kind) {
    switch (kind) {
      case "single" -> {
        assertThatThrownBy(() -> RxTasks.single(null)).hasMessage("source");
        assertThatThrownBy(() -> RxTasks.single(null, Single.just(1))).hasMessage("name");
      }
      case "maybe" -> {
        assertThatThrownBy(() -> RxTasks.maybe(null)).hasMessage("source");
        assertThatThrownBy(() -> RxTasks.maybe(null, Maybe.just(1))).hasMessage("name");
      }
      default -> {
        assertThatThrownBy(() -> RxTasks.completable(null)).hasMessage("source");
        assertThatThrownBy(() -> RxTasks.completable(null, Completable.complete()))
            .hasMessage("name");
      }
    }
  }
}
