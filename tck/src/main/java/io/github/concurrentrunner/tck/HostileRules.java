package io.github.concurrentrunner.tck;

import static io.github.concurrentrunner.tck.TckChecks.await;
import static io.github.concurrentrunner.tck.TckChecks.awaitLatch;
import static io.github.concurrentrunner.tck.TckChecks.failureOf;
import static io.github.concurrentrunner.tck.TckChecks.within;
import static java.util.concurrent.TimeUnit.NANOSECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.concurrentrunner.AllFailedException;
import io.github.concurrentrunner.ConcurrentRunner;
import io.github.concurrentrunner.FailureEvent;
import io.github.concurrentrunner.GatherHandle;
import io.github.concurrentrunner.GatherOptions;
import io.github.concurrentrunner.GatherTimeoutException;
import io.github.concurrentrunner.LeakedTaskException;
import io.github.concurrentrunner.Outcome;
import io.github.concurrentrunner.Task;
import io.github.concurrentrunner.TaskFailedException;
import io.github.concurrentrunner.tck.Hostile.UnprintableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The rules of the kit on hostile foreign code (R27), part one: exceptions whose own methods throw
 * or whose cause and suppressed graphs are cycles, failure handlers that throw or block, and user
 * callbacks that a timer could be made to run. Part two (stages and executors) is {@link
 * HostileStageRules}; durations and input lists (R28, R29) are {@link HostileInputRules}.
 *
 * <p>Every test of these groups runs under a {@link Hostile.Watch}: nothing may reach a thread's
 * uncaught-exception handler or the console, and the runner's log records are checked by the
 * test that expects them.
 *
 * <p>One link of the chain of abstract classes from {@link TckHarness} to {@link
 * ConcurrentRunnerTck}: its {@code @Nested} rule groups are inner classes, so each test reaches the
 * harness's runner, tasks and probes as its enclosing instance, and JUnit discovers them in the
 * superclasses of a backend's subclass of the kit.
 */
abstract class HostileRules extends LifecycleRules {

  /**
   * The base of the hostile groups: each test runs under a {@link Hostile.Watch}, and leaves no
   * log record it did not {@linkplain #expectLogRecords expect}.
   */
  abstract class Watched {
    Hostile.Watch watch;
    private int expectedLogRecords;

    @BeforeEach
    void startWatching() {
      watch = new Hostile.Watch();
    }

    @AfterEach
    void stopWatching() {
      watch.close();
      assertThat(watch.uncaught).as("exceptions that reached a thread's uncaught-exception handler").isEmpty();
      assertThat(watch.printed()).as("printed to System.out or System.err").isEmpty();
      assertThat(watch.log.records()).as(watch.log.describe()).hasSize(expectedLogRecords);
    }

    /** Declares how many records the runner's logger may write in this test; returns them. */
    List<LogRecord> expectLogRecords(int count) {
      expectedLogRecords = count;
      within("%d log records".formatted(count), () -> assertThat(watch.log.records()).hasSize(count));
      return watch.log.records();
    }
  }

  /** A failure handler that records each event, then throws. */
  final class ThrowingHandler implements io.github.concurrentrunner.FailureHandler {
    final List<FailureEvent> seen = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void handle(FailureEvent event) {
      seen.add(event);
      throw new IllegalStateException("the failure handler is broken (deliberately)");
    }
  }

  // ================================================================== R27, exceptions and handlers

  @Nested
  @DisplayName("R27: hostile exceptions, failure handlers and timers: nothing hangs, nothing is lost")
  class Rule27 extends Watched {

    /**
     * A task throws an exception whose cause chain is a cycle ({@code a -> b -> a}, with
     * suppressed lists that are a cycle too): {@code all} fails with that very instance as the
     * cause, {@code allSettled} records it, {@code any} lists it, and nothing hangs. If a gather
     * hangs (and a core spins), the runner walks the cause chain without a bound or an identity
     * check.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(TaskMode.class)
    void rule27_cyclicCauseChainIsTheVeryCauseAndNothingHangs(TaskMode mode) throws Exception {
      IllegalStateException boom = Hostile.cyclic("boom");
      GatherOptions options = options(mode).build();
      Task<String> failing = task(mode, "cyclic", () -> {
        throw boom;
      });
      Throwable failure = failureOf(runner.all(List.of(task(mode, () -> "ok"), failing), options));
      assertTaskFailed(failure, boom, 1);
      assertThat(failure.getMessage()).contains("cyclic").contains("boom (a)");
      Outcome<String> settled = await(runner.allSettled(List.of(failing), options)).get(0);
      profile().assertFailureOutcome(settled, boom);
      Throwable none = failureOf(runner.any(List.of(failing), options));
      profile().assertSameFailures(((AllFailedException) none).failures(), boom);
    }

    /**
     * While {@code all} stops after its first failure, a cancelled sibling fails with an
     * exception whose cause chain is a cycle (a blocking task when interrupted; an async task's
     * future when cancelled): that failure is suppressed on what {@code await()} throws, and the
     * gather completes. If it hangs, the runner's check "was this failure the gather's own
     * interruption?" loops over the cycle, under the gather's lock.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(TaskMode.class)
    void rule27_cyclicFailureOfACancelledSiblingIsSuppressed(TaskMode mode) throws Exception {
      IllegalStateException cyclic = Hostile.cyclic("sibling");
      IllegalStateException boom = new IllegalStateException("primary");
      Throwable failure =
          failureOf(runner.all(siblingAndPrimary(mode, cyclic, boom), options(mode).build()));
      assertTaskFailed(failure, boom, 1);
      profile().assertSameFailures(List.of(failure.getSuppressed()), cyclic);
    }

    /**
     * While {@code all} stops after its first failure, a cancelled sibling fails with an exception
     * whose {@code getCause()} blocks (a blocking task when interrupted; an async task's future
     * when cancelled, on the thread that cancels it): the gather still completes when its grace
     * period ends, the sibling reported as leaked, and once {@code getCause()} returns, the
     * sibling's failure is a late-failure event. If the gather completes only once {@code
     * getCause()} returns, the runner read the cause chain with the gather's lock held, or made
     * the cancellation before starting the grace period.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(TaskMode.class)
    void rule27_blockingGetCauseOfACancelledSiblingHoldsNothingBack(TaskMode mode)
        throws Exception {
      assumeTheBodysOwnExceptionReachesTheRunner(mode);
      CountDownLatch inGetCause = new CountDownLatch(1);
      CountDownLatch releaseGetCause = new CountDownLatch(1);
      Hostile.SlowCause slow = new Hostile.SlowCause(inGetCause, releaseGetCause);
      IllegalStateException boom = new IllegalStateException("primary");
      Throwable failure;
      try {
        failure =
            failureOf(
                runner.all(
                    siblingAndPrimary(mode, slow, boom),
                    options(mode).gracePeriod(Delays.GRACE).build()));
        awaitLatch(inGetCause, "the runner to read the sibling's cause");
      } finally {
        releaseGetCause.countDown();
      }
      assertTaskFailed(failure, boom, 1);
      assertThat(failure.getSuppressed()).hasOnlyElementsOfType(LeakedTaskException.class);
      within(
          "the leak and the late failure reported",
          () ->
              assertThat(failures.events())
                  .extracting(FailureEvent::kind)
                  .containsExactly(FailureEvent.Kind.LEAKED_TASK, FailureEvent.Kind.LATE_FAILURE));
      profile().assertSameFailure(failures.take().get(1).failure(), slow);
    }

    /**
     * A task fails, uncancelled, with an exception whose {@code getCause()} blocks, while a
     * sibling runs: {@code all} still fails fast with that very exception, and the runner never
     * calls its {@code getCause()} (only a cancelled task's failure is examined for the
     * interruption the gather caused, R9). If the gather completes only once {@code getCause()}
     * returns, the runner walked the cause chain of every failure.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(TaskMode.class)
    void rule27_blockingGetCauseOfAFailureStillFailsFast(TaskMode mode) throws Exception {
      assumeTheBodysOwnExceptionReachesTheRunner(mode);
      CountDownLatch inGetCause = new CountDownLatch(1);
      CountDownLatch releaseGetCause = new CountDownLatch(1);
      Hostile.SlowCause slow = new Hostile.SlowCause(inGetCause, releaseGetCause);
      Blocker sibling = new Blocker();
      // The failure waits for the sibling to start in either mode: an async task failed at once
      // could decide before the sibling's body runs, and a sibling never started is never
      // interrupted.
      Task<String> failing =
          task(
              mode,
              "slow cause",
              () -> {
                sibling.awaitStarted();
                throw slow;
              });
      Throwable failure;
      try {
        failure =
            failureOf(runner.all(List.of(task(mode, sibling::call), failing), options(mode).build()));
        assertThat(inGetCause.getCount()).as("getCause() calls by the runner").isOne();
      } finally {
        releaseGetCause.countDown();
      }
      assertThat(failure).isInstanceOf(TaskFailedException.class);
      assertThat(failure.getCause()).isSameAs(slow);
      sibling.assertInterrupted();
    }

    /**
     * A task throws an exception whose {@code toString()} and {@code getMessage()} throw: the
     * very instance is the cause (R8) of what {@code await()} throws and of what the {@code
     * toCompletableFuture()} view completes with, and the messages name its class instead. If
     * {@code await()} throws the {@code toString()}'s exception, or the view never completes, the
     * runner builds a message from the exception without a fallback.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(TaskMode.class)
    void rule27_unprintableExceptionIsTheCauseAndMessagesNameItsClass(TaskMode mode)
        throws Exception {
      UnprintableException boom = new UnprintableException();
      GatherOptions options = options(mode).build();
      // Async: a future failed at once. Any dependent stage of it (such as the kit's usual async
      // helper registers) would have the JDK's CompletableFuture wrap it in a CompletionException,
      // whose constructor calls the throwing toString().
      Task<String> failing =
          mode.async()
              ? Task.async("unprintable", () -> CompletableFuture.<String>failedFuture(boom))
              : task(mode, "unprintable", () -> {
                throw boom;
              });
      Throwable failure = failureOf(runner.all(List.of(failing), options));
      assertTaskFailed(failure, boom, 0);
      assertThat(failure.getMessage())
          .contains("unprintable")
          .contains(UnprintableException.class.getName());
      CompletableFuture<List<String>> view = runner.all(List.of(failing), options).toCompletableFuture();
      Throwable viewFailure = viewFailure(view);
      assertThat(viewFailure).isInstanceOf(TaskFailedException.class);
      profile().assertSameFailure(viewFailure.getCause(), boom);
      Throwable raced = failureOf(runner.race(List.of(failing), options));
      assertTaskFailed(raced, boom, 0);
      Throwable none = failureOf(runner.any(List.of(failing), options));
      profile().assertSameFailures(((AllFailedException) none).failures(), boom);
      Outcome<String> settled = await(runner.allSettled(List.of(failing), options)).get(0);
      assertThat(settled.toString())
          .as("Outcome.Failure's toString()")
          .isEqualTo("Failure[exception=" + UnprintableException.class.getName() + "]");
      if (mode.async()) {
        // On JDK 17, the JDK's whenComplete on that failed future calls back, then throws while
        // wrapping the exception for its own dependent (later JDKs do not): the task has its
        // outcome, so what the stage threw is a failure-handler event, at most once per gather,
        // reported before the call that started the task returned (R11, R27).
        assertThat(failures.take())
            .hasSizeLessThanOrEqualTo(5)
            .allSatisfy(
                event -> {
                  assertThat(event.kind()).isEqualTo(FailureEvent.Kind.CALLBACK_FAILURE);
                  assertThat(event.failure()).hasMessageContaining("UnprintableException");
                });
      }
    }

    /**
     * {@code any} succeeds while a cancelled sibling fails with an unprintable exception, and the
     * failure handler throws when given it: the gather still returns the winner, the handler got
     * the very exception, and the runner's logger has one WARNING record naming the exception's
     * class (not its unprintable text). If the gather hangs, describing the event for the log
     * threw before the handle completed.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(
        value = TaskMode.class,
        names = {"BLOCKING", "BLOCKING_BOUNDED"})
    void rule27_throwingHandlerGivenAnUnprintableFailureLosesNothing(TaskMode mode)
        throws Exception {
      ThrowingHandler handler = new ThrowingHandler();
      ConcurrentRunner fragile = newRunner(null, handler);
      UnprintableException stopping = new UnprintableException();
      Blocker sibling = new Blocker(e -> {
        throw stopping;
      });
      Task<String> winner = task(mode, () -> {
        sibling.awaitStarted();
        return "win";
      });
      String value =
          await(fragile.any(List.of(task(mode, sibling::call), winner), options(mode).build()));
      assertThat(value).isEqualTo("win");
      within("one event", () -> assertThat(handler.seen).hasSize(1));
      profile().assertSameFailure(handler.seen.get(0).failure(), stopping);
      LogRecord record = expectLogRecords(1).get(0);
      assertThat(record.getLevel()).isEqualTo(Level.WARNING);
      assertThat(record.getMessage()).contains(UnprintableException.class.getName());
      assertThat(record.getThrown()).hasMessageContaining("deliberately");
    }

    /**
     * A leaked task later fails with an exception whose cause chain is a cycle (and, for blocking
     * tasks, whose messages throw), and the failure handler throws for both events (the leak, the late
     * failure): each event reaches the handler once, the runner logs each, and nothing reaches
     * the pool thread that ran the task. If an uncaught exception is reported, the late failure
     * escaped from the runner's bookkeeping onto the task's thread.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(TaskMode.class)
    void rule27_leakedTaskFailingHostilelyLaterReachesNoThread(TaskMode mode) throws Exception {
      ThrowingHandler handler = new ThrowingHandler();
      ConcurrentRunner fragile = newRunner(null, handler);
      // Async: a cycle only. The JDK's CompletableFuture cannot relay an exception whose
      // toString() throws to a dependent stage (new CompletionException(cause) calls it), so such
      // a stage would never complete: that is the stage's failure, not the runner's.
      RuntimeException late =
          mode.async()
              ? Hostile.cyclic("late")
              : new UnprintableException(Hostile.cyclic("late"));
      Stubborn stubborn = new Stubborn(() -> {
        throw late;
      });
      cancelWhileLeaking(fragile, stubborn, mode);
      stubborn.letGo.countDown();
      within("two events", () -> assertThat(handler.seen).hasSize(2));
      assertThat(handler.seen.get(0).kind()).isEqualTo(FailureEvent.Kind.LEAKED_TASK);
      assertThat(handler.seen.get(1).kind()).isEqualTo(FailureEvent.Kind.LATE_FAILURE);
      profile().assertSameFailure(handler.seen.get(1).failure(), late);
      assertThat(expectLogRecords(2)).allMatch(r -> r.getLevel() == Level.WARNING);
      within("the leaked task to finish", () -> assertThat(probe.running()).isZero());
    }

    /**
     * The gather's timeout cancels an async task's future, and a dependent the user attached to
     * that future blocks (a slow {@code whenComplete}): another gather of the same runner still
     * times out on time, within its timeout, grace period and slack. If it is late, the runner's
     * timer thread ran the cancellation itself, and with it the user's dependent (R27).
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(
        value = TaskMode.class,
        names = {"ASYNC", "ASYNC_BOUNDED"})
    void rule27_slowDependentOfATimedOutStageDelaysNoOtherGather(TaskMode mode) throws Exception {
      CountDownLatch dependentEntered = new CountDownLatch(1);
      CountDownLatch releaseDependent = new CountDownLatch(1);
      Task<String> slow =
          Task.async(
              "slow dependent",
              () -> {
                CompletableFuture<String> future = new CompletableFuture<>();
                future.whenComplete(
                    (value, failure) -> {
                      dependentEntered.countDown();
                      Hostile.awaitUninterruptibly(releaseDependent);
                    });
                return future;
              });
      GatherHandle<List<String>> first =
          runner.all(List.of(slow), options(mode).timeout(Delays.TICK).build());
      try {
        awaitLatch(dependentEntered, "the timeout to cancel the future");
        assertAnotherGatherTimesOutOnTime(runner, mode, "while the first one's dependent blocks");
      } finally {
        releaseDependent.countDown();
      }
      assertThat(failureOf(first)).isInstanceOf(GatherTimeoutException.class);
    }

    /**
     * A failure handler that blocks holds back only the gather whose event it handles (events
     * reach the handler before the handle completes, so that gather completes once the handler
     * returns); another gather of the same runner times out on time. If the second gather is
     * late, the runner called the handler on its timer thread.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(
        value = TaskMode.class,
        names = {"BLOCKING", "ASYNC"})
    void rule27_blockingFailureHandlerHoldsBackOnlyItsOwnGather(TaskMode mode) throws Exception {
      CountDownLatch handling = new CountDownLatch(1);
      CountDownLatch releaseHandler = new CountDownLatch(1);
      List<FailureEvent> seen = Collections.synchronizedList(new ArrayList<>());
      ConcurrentRunner slowHandler =
          newRunner(
              null,
              event -> {
                seen.add(event);
                handling.countDown();
                Hostile.awaitUninterruptibly(releaseHandler);
              });
      Stubborn stubborn = new Stubborn(() -> "late");
      GatherHandle<List<String>> leaking =
          slowHandler.all(
              List.of(stubborn.task(mode)),
              options(mode).timeout(Delays.MEDIUM).gracePeriod(Delays.GRACE).build());
      try {
        awaitLatch(handling, "the leak to reach the failure handler");
        assertThat(leaking.isDone()).as("done before its event was handled").isFalse();
        assertAnotherGatherTimesOutOnTime(slowHandler, mode, "while the failure handler blocks");
      } finally {
        releaseHandler.countDown();
      }
      Throwable failure = failureOf(leaking);
      assertThat(failure).isInstanceOf(GatherTimeoutException.class);
      assertThat(failure.getSuppressed()).hasOnlyElementsOfType(LeakedTaskException.class);
      assertThat(seen).extracting(FailureEvent::kind).containsExactly(FailureEvent.Kind.LEAKED_TASK);
      stubborn.letGo.countDown();
      within("the leaked task to finish", () -> assertThat(probe.running()).isZero());
    }

    /**
     * Under {@code maxConcurrency(2)}, tasks leak by their own {@code taskTimeout}, and the
     * failure handler blocks on the events of tasks 0 and 2 and returns at once for task 1's:
     * task 2 starts in task 1's place, and task 3 starts only once one of the blocked events has
     * been handled; meanwhile the gather does not complete. If task 3 starts while both events
     * are being handled, a leaked task's place was given back before its event was handled, and
     * another leak's hand-over used it.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(
        value = TaskMode.class,
        names = {"BLOCKING", "ASYNC"})
    void rule27_blockingHandlerOfATaskTimeoutLeakHoldsBackItsPlaceAndItsGather(TaskMode mode)
        throws Exception {
      CountDownLatch handlingFirst = new CountDownLatch(1);
      CountDownLatch handlingThird = new CountDownLatch(1);
      CountDownLatch releaseHandler = new CountDownLatch(1);
      List<FailureEvent> seen = Collections.synchronizedList(new ArrayList<>());
      ConcurrentRunner slowHandler =
          newRunner(
              null,
              event -> {
                seen.add(event);
                if (event.taskIndex() == 0 || event.taskIndex() == 2) {
                  (event.taskIndex() == 0 ? handlingFirst : handlingThird).countDown();
                  Hostile.awaitUninterruptibly(releaseHandler);
                }
              });
      List<Stubborn> stubborn =
          List.of(new Stubborn(() -> "0"), new Stubborn(() -> "1"), new Stubborn(() -> "2"));
      CountDownLatch fourthStarted = new CountDownLatch(1);
      GatherHandle<List<Outcome<String>>> handle =
          slowHandler.allSettled(
              List.of(
                  stubborn.get(0).task(mode),
                  stubborn.get(1).task(mode),
                  stubborn.get(2).task(mode),
                  task(
                      mode,
                      () -> {
                        fourthStarted.countDown();
                        return "3";
                      })),
              options(mode)
                  .maxConcurrency(2)
                  .taskTimeout(Delays.TICK)
                  .gracePeriod(Delays.TICK)
                  .build());
      try {
        awaitLatch(handlingFirst, "task 0's leak to reach the failure handler");
        awaitLatch(handlingThird, "task 2, started in task 1's place, to leak too");
        assertThat(fourthStarted.getCount())
            .as("task 3 started while the events of both places' leaks were being handled")
            .isOne();
        assertThat(handle.isDone()).as("done while leaks' events were being handled").isFalse();
      } finally {
        releaseHandler.countDown();
      }
      awaitLatch(fourthStarted, "task 3 to start once the events were handled");
      assertThat(await(handle))
          .containsExactly(
              new Outcome.TimedOut<>(),
              new Outcome.TimedOut<>(),
              new Outcome.TimedOut<>(),
              Outcome.success("3"));
      assertThat(seen)
          .extracting(FailureEvent::kind)
          .containsOnly(FailureEvent.Kind.LEAKED_TASK)
          .hasSize(3);
      stubborn.forEach(s -> s.letGo.countDown());
      within("the leaked tasks to finish", () -> assertThat(probe.running()).isZero());
    }
  }

  /**
   * Runs a gather of a blocked task with a {@link Delays#SHORT} timeout on {@code on}, and asserts
   * that it times out within its timeout, grace period and {@link Delays#SLACK}: the runner's
   * timers are not held up by whatever blocks meanwhile.
   */
  void assertAnotherGatherTimesOutOnTime(ConcurrentRunner on, TaskMode mode, String meanwhile) {
    Blocker blocker = new Blocker();
    long start = System.nanoTime();
    Throwable timedOut =
        failureOf(
            on.all(
                List.of(task(mode, blocker::call)),
                options(mode).timeout(Delays.SHORT).gracePeriod(Delays.GRACE).build()));
    assertThat(timedOut).isInstanceOf(GatherTimeoutException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .as("time until another gather timed out, " + meanwhile)
        .isLessThan(Delays.SHORT.plus(Delays.GRACE).plus(Delays.SLACK));
  }

  /**
   * Skips the blocking modes in the REMOTE profile, where a blocking body's exception reaches the
   * runner as a copy that the cluster made (and may have read) on the way back.
   */
  void assumeTheBodysOwnExceptionReachesTheRunner(TaskMode mode) {
    Assumptions.assumeTrue(
        mode.async() || profile() == TckProfile.LOCAL,
        "REMOTE profile: a blocking body's exception is a copy the cluster made and read");
  }

  /**
   * Two tasks: a sibling that fails with {@code siblingFailure} once the gather cancels it (a
   * blocking task when interrupted; an async task's future when cancelled), and a primary that
   * fails with {@code primaryFailure} once the sibling has started.
   */
  List<Task<String>> siblingAndPrimary(
      TaskMode mode, RuntimeException siblingFailure, RuntimeException primaryFailure) {
    CountDownLatch siblingStarted = new CountDownLatch(1);
    Task<String> sibling;
    if (mode.async()) {
      sibling =
          Task.async(
              "sibling",
              () -> {
                siblingStarted.countDown();
                return new Hostile.FailingWhenCancelled<String>(siblingFailure);
              });
    } else {
      Blocker blocker = new Blocker(e -> {
        throw siblingFailure;
      });
      sibling = task(mode, "sibling", () -> {
        siblingStarted.countDown();
        return blocker.call();
      });
    }
    Task<String> primary =
        task(
            mode,
            () -> {
              awaitLatch(siblingStarted, "the sibling to start");
              throw primaryFailure;
            });
    return List.of(sibling, primary);
  }

  /** What the view completed with, waiting at most {@link Delays#LONG}. */
  static Throwable viewFailure(CompletableFuture<?> view) throws InterruptedException {
    try {
      Object value = view.get(Delays.LONG.toNanos(), NANOSECONDS);
      throw new AssertionError("expected the view to fail, but it returned " + value);
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("the toCompletableFuture() view did not complete (it hangs)", e);
    }
  }
}
