package io.github.concurrentrunner.rxjava;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.concurrentrunner.AllFailedException;
import io.github.concurrentrunner.ConcurrentRunner;
import io.github.concurrentrunner.GatherHandle;
import io.github.concurrentrunner.GatherOptions;
import io.github.concurrentrunner.GatherTimeoutException;
import io.github.concurrentrunner.Pair;
import io.github.concurrentrunner.Task;
import io.github.concurrentrunner.TaskFailedException;
import io.github.concurrentrunner.tck.LogCapture;
import io.reactivex.rxjava3.core.MaybeObserver;
import io.reactivex.rxjava3.core.Single;
import io.reactivex.rxjava3.core.SingleObserver;
import io.reactivex.rxjava3.disposables.Disposable;
import io.reactivex.rxjava3.observers.TestObserver;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link RxGathers}: a gather seen as a {@code Single} or a {@code Maybe}. */
class RxGathersTest {
  private static final long WAIT_SECONDS = 10;

  /**
   * Keeps the warnings this class provokes on purpose (subscribers that throw) out of the build
   * log, for the whole class: a test's own capture checks them. A warning logged on another
   * thread must also have left the logging call before a capture is closed (see {@link
   * #aSubscriberThrowingOnTheGathersValueIsLoggedNotLost}).
   */
  private static LogCapture quiet;

  private RxJavaPluginsProbe probe;
  private ConcurrentRunner runner;
  private final CountDownLatch release = new CountDownLatch(1);

  @BeforeAll
  static void quietTheAdaptersLogger() {
    quiet = LogCapture.startQuietly("io.github.concurrentrunner.rxjava");
  }

  @AfterAll
  static void restoreTheAdaptersLogger() {
    quiet.close();
  }

  @BeforeEach
  void setUp() {
    probe = RxJavaPluginsProbe.install();
    runner = ConcurrentRunner.builder().provider(new RxJavaRunnerProvider()).build();
  }

  @AfterEach
  void tearDown() {
    release.countDown();
    runner.close();
    assertThat(probe.uninstall()).as("something replaced RxJava's global error handler").isTrue();
    assertThat(probe.errors()).as("errors that reached RxJavaPlugins.onError").isEmpty();
  }

  @Test
  void toSingleEmitsTheResultInInputOrderIncludingNullSlots() {
    Single<List<String>> single =
        RxGathers.toSingle(
            runner.all(List.of(Task.of(() -> "a"), Task.<String>of(() -> null), Task.of(() -> "c"))));

    assertThat(single.blockingGet()).containsExactly("a", null, "c");
  }

  @Test
  void toSingleFailsWithWhatAwaitWouldThrowWhoseCauseIsTheTasksOwnException() throws Exception {
    IOException boom = new IOException("boom");
    GatherHandle<List<Object>> handle =
        runner.all(List.of(Task.of("ok", () -> 1), Task.of("fails", () -> {
          throw boom;
        })));

    TestObserver<List<Object>> observer = RxGathers.toSingle(handle).test();
    observer.await(WAIT_SECONDS, TimeUnit.SECONDS);

    Throwable awaited = catchThrowable(handle::await);
    observer.assertError(
        e ->
            e instanceof TaskFailedException failed
                && failed.getCause() == boom
                && failed.taskIndex() == 1
                && e.getClass() == awaited.getClass());
  }

  @Test
  void anAllFailedOrTimedOutGatherSignalsTheSameExceptionTypesAsAwait() throws Exception {
    IllegalStateException only = new IllegalStateException("only");
    TestObserver<Object> anyObserver =
        RxGathers.toSingle(runner.<Object>any(List.of(Task.of(() -> {
          throw only;
        })))).test();
    anyObserver.await(WAIT_SECONDS, TimeUnit.SECONDS);
    anyObserver.assertError(
        e -> e instanceof AllFailedException all && all.failures().equals(List.of(only)));

    TestObserver<List<Object>> timedOut =
        RxGathers.toSingle(
                runner.all(
                    List.of(Task.of(this::blockUntilReleased)),
                    GatherOptions.builder().timeout(Duration.ofMillis(50)).build()))
            .test();
    timedOut.await(WAIT_SECONDS, TimeUnit.SECONDS);
    timedOut.assertError(GatherTimeoutException.class);
  }

  @Test
  void aNullResultIsNoSuchElementForSingleAndAnEmptyMaybe() throws Exception {
    TestObserver<String> single =
        RxGathers.toSingle(runner.race(List.of(Task.<String>of(() -> null)))).test();
    single.await(WAIT_SECONDS, TimeUnit.SECONDS);
    single.assertError(
        e -> e instanceof NoSuchElementException && e.getMessage().contains("RxGathers.toMaybe"));

    TestObserver<String> maybe =
        RxGathers.toMaybe(runner.race(List.of(Task.<String>of(() -> null)))).test();
    maybe.await(WAIT_SECONDS, TimeUnit.SECONDS);
    maybe.assertComplete().assertNoValues().assertNoErrors();
  }

  @Test
  void toMaybeEmitsANonNullResult() {
    Pair<String, Integer> pair =
        RxGathers.toMaybe(runner.both(Task.of(() -> "a"), Task.of(() -> 1))).blockingGet();

    assertThat(pair).isEqualTo(new Pair<>("a", 1));
  }

  @Test
  void disposingTheSubscriptionCancelsTheGatherAndInterruptsItsRunningTasks() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    AtomicInteger interrupted = new AtomicInteger();
    GatherHandle<List<Object>> handle =
        runner.all(
            List.of(
                Task.of(
                    () -> {
                      started.countDown();
                      try {
                        return blockUntilReleased(); // interrupted by the cancellation
                      } catch (InterruptedException e) {
                        interrupted.incrementAndGet();
                        throw e;
                      }
                    })));
    TestObserver<List<Object>> observer = RxGathers.toSingle(handle).test();
    assertThat(started.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();

    observer.dispose();

    assertThatThrownBy(() -> handle.await(Duration.ofSeconds(WAIT_SECONDS)))
        .isInstanceOf(CancellationException.class);
    assertThat(interrupted).hasValue(1);
    observer.assertNoValues().assertNoErrors().assertNotComplete();
  }

  @Test
  void aGatherCancelledThroughItsHandleSignalsCancellationException() throws Exception {
    GatherHandle<List<Object>> handle = runner.all(List.of(Task.of(this::blockUntilReleased)));
    TestObserver<List<Object>> observer = RxGathers.toSingle(handle).test();

    assertThat(handle.cancel()).isTrue();

    observer.await(WAIT_SECONDS, TimeUnit.SECONDS);
    observer.assertError(CancellationException.class);
  }

  @Test
  void disposingAfterTheSignalChangesNothing() throws Exception {
    GatherHandle<List<Integer>> handle = runner.all(List.of(Task.of(() -> 1)));
    TestObserver<List<Integer>> observer = RxGathers.toSingle(handle).test();
    observer.await(WAIT_SECONDS, TimeUnit.SECONDS);

    observer.dispose();

    observer.assertValue(List.of(1));
    assertThat(handle.cancel()).isFalse();
    assertThat(handle.await()).containsExactly(1);
  }

  @Test
  void aDeferredSingleStartsANewGatherForEachSubscription() {
    AtomicInteger runs = new AtomicInteger();
    Single<List<Integer>> cold =
        Single.defer(() -> RxGathers.toSingle(runner.all(List.of(Task.of(runs::incrementAndGet)))));
    assertThat(runs).hasValue(0);

    assertThat(cold.blockingGet()).containsExactly(1);
    assertThat(cold.blockingGet()).containsExactly(2);
  }

  /**
   * A subscriber whose {@code onSuccess} throws, when the gather completes later on a task's
   * thread: its exception was captured by a {@code CompletableFuture} nobody reads; it
   * is logged at {@code WARNING}, and not sent to {@code RxJavaPlugins.onError}.
   *
   * <p>The task runs on a single thread of the test's own, which also completes the gather and
   * signals the subscriber: the test waits until that thread has left the logging call, which
   * reads whether to pass the record on to the console only after the handlers below have seen
   * it. Restoring the logger while it was still inside printed the warning on the console, once
   * in a CI run.
   */
  @Test
  void aSubscriberThrowingOnTheGathersValueIsLoggedNotLost() throws Exception {
    IllegalStateException subscriberBug = new IllegalStateException("subscriber bug");
    ExecutorService taskThread = Executors.newSingleThreadExecutor();
    try (LogCapture log = LogCapture.startQuietly("io.github.concurrentrunner.rxjava");
        LogSignal logged = new LogSignal("io.github.concurrentrunner.rxjava")) {
      GatherHandle<List<Object>> handle =
          runner.all(
              List.of(Task.of(this::blockUntilReleased)),
              GatherOptions.builder().executor(taskThread).build());
      RxGathers.toMaybe(handle).subscribe(new ThrowingObserver<>(subscriberBug));
      release.countDown();

      assertThat(handle.await(Duration.ofSeconds(WAIT_SECONDS))).containsExactly((Object) null);
      assertThat(logged.await()).as("logged").isTrue();
      // The task's thread runs this only after the task's run, the completion and the warning.
      taskThread.submit(() -> {}).get(WAIT_SECONDS, TimeUnit.SECONDS);
      assertThat(log.records())
          .as(log.describe())
          .singleElement()
          .satisfies(
              record -> {
                assertThat(record.getLevel()).isEqualTo(Level.WARNING);
                assertThat(record.getThrown()).isSameAs(subscriberBug);
              });
    } finally {
      taskThread.shutdownNow();
    }
  }

  /**
   * A subscriber whose {@code onError} throws, subscribing to an already failed gather through
   * {@code toSingle} (the signal comes at once, on the subscribing thread): logged at {@code
   * WARNING}, neither lost nor sent to {@code RxJavaPlugins.onError}.
   */
  @Test
  void aSubscriberThrowingOnTheGathersFailureIsLoggedNotLost() throws Exception {
    IllegalStateException subscriberBug = new IllegalStateException("subscriber bug");
    GatherHandle<List<Object>> handle =
        runner.all(
            List.of(
                Task.of(
                    () -> {
                      throw new IOException("boom");
                    })));
    assertThatThrownBy(() -> handle.await(Duration.ofSeconds(WAIT_SECONDS)))
        .isInstanceOf(TaskFailedException.class);
    try (LogCapture log = LogCapture.startQuietly("io.github.concurrentrunner.rxjava")) {
      RxGathers.toSingle(handle).subscribe(new ThrowingObserver<>(subscriberBug));

      assertThat(log.records())
          .as(log.describe())
          .singleElement()
          .satisfies(
              record -> {
                assertThat(record.getLevel()).isEqualTo(Level.WARNING);
                assertThat(record.getThrown()).isSameAs(subscriberBug);
              });
    }
  }

  /** An observer of a {@code Single} or a {@code Maybe} that throws from every terminal signal. */
  private static final class ThrowingObserver<T> implements SingleObserver<T>, MaybeObserver<T> {
    private final RuntimeException bug;

    ThrowingObserver(RuntimeException bug) {
      this.bug = bug;
    }

    @Override
    public void onSubscribe(Disposable d) {}

    @Override
    public void onSuccess(T value) {
      throw bug;
    }

    @Override
    public void onError(Throwable e) {
      throw bug;
    }

    @Override
    public void onComplete() {
      throw bug;
    }
  }

  /** Counts down when a {@code java.util.logging} logger publishes its first record. */
  private static final class LogSignal extends Handler implements AutoCloseable {
    private final java.util.logging.Logger logger;
    private final CountDownLatch published = new CountDownLatch(1);

    LogSignal(String loggerName) {
      logger = java.util.logging.Logger.getLogger(loggerName);
      logger.addHandler(this);
    }

    boolean await() throws InterruptedException {
      return published.await(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    @Override
    public void publish(LogRecord record) {
      published.countDown();
    }

    @Override
    public void flush() {}

    @Override
    public void close() {
      logger.removeHandler(this);
    }
  }

  /** A task's workload: it blocks until the test ends or the task is interrupted. */
  private Object blockUntilReleased() throws InterruptedException {
    release.await();
    return null;
  }

  @Test
  void rejectsANullHandle() {
    assertThatThrownBy(() -> RxGathers.toSingle(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("handle");
    assertThatThrownBy(() -> RxGathers.toMaybe(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("handle");
  }
}
