package io.github.concurrentrunner.rxjava;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.concurrentrunner.ConcurrentRunner;
import io.github.concurrentrunner.GatherHandle;
import io.github.concurrentrunner.Outcome;
import io.github.concurrentrunner.Pair;
import io.github.concurrentrunner.Task;
import io.github.concurrentrunner.TaskFailedException;
import io.reactivex.rxjava3.core.Completable;
import io.reactivex.rxjava3.core.Maybe;
import io.reactivex.rxjava3.core.Single;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
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
