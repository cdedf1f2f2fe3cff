package io.github.concurrentrunner.tck;

import static io.github.concurrentrunner.tck.TckChecks.await;
import static io.github.concurrentrunner.tck.TckChecks.awaitLatch;
import static io.github.concurrentrunner.tck.TckChecks.failureOf;
import static io.github.concurrentrunner.tck.TckChecks.within;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.concurrentrunner.ConcurrentRunner;
import io.github.concurrentrunner.FailureEvent;
import io.github.concurrentrunner.FailureHandler;
import io.github.concurrentrunner.GatherHandle;
import io.github.concurrentrunner.GatherOptions;
import io.github.concurrentrunner.GatherTimeoutException;
import io.github.concurrentrunner.LeakedTaskException;
import io.github.concurrentrunner.Outcome;
import io.github.concurrentrunner.Task;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The rules of the kit on no orphans: every started task finished or reported as leaked (R10), and
 * failures no caller sees go to the failure handler (R11).
 *
 * <p>One link of the chain of abstract classes from {@link TckHarness} to {@link
 * ConcurrentRunnerTck}: its {@code @Nested} rule groups are inner classes, so each test reaches the
 * harness's runner, tasks and probes as its enclosing instance, and JUnit discovers them in the
 * superclasses of a backend's subclass of the kit.
 */
abstract class NoOrphanRules extends FailureRules {

  /**
   * Starts {@code all} over the one {@code stubborn} task on {@code on}, with a grace period of
   * {@link Delays#GRACE}; once the task has entered, cancels the gather and asserts that it ends
   * with a {@code CancellationException} carrying exactly one suppressed {@code
   * LeakedTaskException} (R10, R17). The task still runs until the test lets it go.
   */
  void cancelWhileLeaking(ConcurrentRunner on, Stubborn stubborn, TaskMode mode)
      throws InterruptedException {
    GatherHandle<List<String>> handle =
        on.all(List.of(stubborn.task(mode)), options(mode).gracePeriod(Delays.GRACE).build());
    stubborn.awaitEntered();
    assertThat(handle.cancel()).isTrue();
    Throwable failure = failureOf(handle);
    assertThat(failure).isInstanceOf(CancellationException.class);
    assertThat(failure.getSuppressed()).hasSize(1).hasOnlyElementsOfType(LeakedTaskException.class);
  }

  // ================================================================== R10

  @Nested
  @DisplayName("R10: no orphans: a handle completes after its cancelled tasks finished, or reports them as leaked")
  class Rule10 {

    /**
     * A cancelled sibling takes time to clean up after its interruption: the handle is not done
     * while it does, and when {@code await()} returns no task body is running. If the handle was
     * already done, the runner completes on the verdict without waiting for the tasks it
     * cancelled.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(
        value = TaskMode.class,
        names = {"BLOCKING", "BLOCKING_BOUNDED"})
    void rule10_awaitReturnsOnlyAfterCancelledSiblingsFinished(TaskMode mode) throws Exception {
      CountDownLatch cleanup = new CountDownLatch(1);
      Blocker sibling =
          new Blocker(
              e -> {
                awaitLatch(cleanup, "the test to let the cancelled task finish");
                throw e;
              });
      IOException boom = new IOException("boom");
      GatherHandle<List<String>> handle =
          runner.all(
              List.of(
                  task(mode, sibling::call),
                  failingOnceStarted(mode, sibling, boom)),
              options(mode).build());
      sibling.assertInterrupted();
      assertThat(handle.isDone()).as("done while a cancelled task still runs").isFalse();
      cleanup.countDown();
      Throwable failure = failureOf(handle);
      assertThat(probe.running()).as("task bodies running after await() returned").isZero();
      profile().assertSameFailure(failure.getCause(), boom);
    }

    /**
     * For async tasks, "finished" means the task's future completed: when {@code await()}
     * returns, the cancelled sibling's future is cancelled. If it is not, the runner completes
     * before cancelling the operations it started.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(
        value = TaskMode.class,
        names = {"ASYNC", "ASYNC_BOUNDED"})
    void rule10_awaitReturnsOnlyAfterCancelledAsyncSiblingsCompleted(TaskMode mode)
        throws Exception {
      Blocker sibling = new Blocker();
      AtomicReference<CompletableFuture<String>> future = new AtomicReference<>();
      Callable<String> body = probe.wrap(sibling::call);
      Task<String> async =
          Task.async(
              () -> {
                CompletableFuture<String> started = startAsync(body);
                future.set(started);
                return started;
              });
      IOException boom = new IOException("boom");
      Throwable failure =
          failureOf(
              runner.all(
                  List.of(
                      async,
                      failingOnceStarted(mode, sibling, boom)),
                  options(mode).build()));
      assertThat(future.get().isCancelled()).as("the sibling's future is cancelled").isTrue();
      profile().assertSameFailure(failure.getCause(), boom);
      sibling.assertInterrupted();
    }

    /**
     * A task that ignores interruption (or an async operation that ignores cancellation) does not
     * make the gather hang: with {@code timeout} and {@code gracePeriod}, the gather completes
     * within timeout + gracePeriod (+ slack), the exception carries a suppressed {@code
     * LeakedTaskException} naming the task, and the failure handler receives a {@code LEAKED_TASK}
     * event before {@code await()} returns. If the gather hangs, the runner waits forever for
     * cancelled tasks; if nothing is reported, it drops them silently.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(TaskMode.class)
    void rule10_taskIgnoringInterruptionIsReportedAsLeaked(TaskMode mode) throws Exception {
      Stubborn stubborn = new Stubborn(() -> "late");
      GatherOptions options =
          // MEDIUM, not SHORT: the stubborn task must have started before the timeout, also on a
          // loaded machine where starting a thread takes hundreds of milliseconds.
          options(mode).timeout(Delays.MEDIUM).gracePeriod(Delays.GRACE).build();
      long start = System.nanoTime();
      Throwable failure =
          failureOf(runner.all(List.of(stubborn.task(mode), task(mode, () -> "ok")), options));
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertThat(stubborn.entered.getCount())
          .as("the stubborn task started before the timeout (%s) passed", Delays.MEDIUM)
          .isZero();
      assertThat(failure).isInstanceOf(GatherTimeoutException.class);
      assertThat(took)
          .as("time to complete despite a leaked task")
          .isLessThan(Delays.MEDIUM.plus(Delays.GRACE).plus(Delays.SLACK));
      assertThat(failure.getSuppressed()).hasSize(1);
      assertThat(failure.getSuppressed()[0]).isInstanceOf(LeakedTaskException.class);
      LeakedTaskException leaked = (LeakedTaskException) failure.getSuppressed()[0];
      assertThat(leaked.taskIndex()).isZero();
      assertThat(leaked.taskName()).isEqualTo("stubborn");
      assertThat(leaked.getMessage()).contains("stubborn");
      List<FailureEvent> events = failures.take();
      assertThat(events).hasSize(1);
      assertThat(events.get(0).kind()).isEqualTo(FailureEvent.Kind.LEAKED_TASK);
      assertThat(events.get(0).taskIndex()).isZero();
      assertThat(events.get(0).taskName()).isEqualTo("stubborn");
      assertThat(events.get(0).failure()).isSameAs(leaked);
      if (!mode.async()) {
        assertThat(stubborn.sawInterrupt.get()).as("the stubborn task was interrupted").isTrue();
      }
      stubborn.letGo.countDown();
      within("the leaked task to finish", () -> assertThat(probe.running()).isZero());
    }

    /**
     * {@code close()} while a gather's task ignores interruption: the cancelled gather still
     * completes within its grace period, with a suppressed {@code LeakedTaskException} and a
     * {@code LEAKED_TASK} event. If {@code await()} hangs, {@code close()} stopped the runner's
     * timers before the grace periods of the gathers it cancelled had ended (a regression found by
     * the reliability suite's fault injection).
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(TaskMode.class)
    void rule10_closeWithATaskIgnoringInterruptionStillEndsTheGatherAfterGrace(TaskMode mode)
        throws Exception {
      ConcurrentRunner closing = newRunner(null, failures);
      Stubborn stubborn = new Stubborn(() -> "late");
      GatherHandle<List<String>> handle =
          closing.all(
              List.of(stubborn.task(mode)), options(mode).gracePeriod(Delays.GRACE).build());
      stubborn.awaitEntered();
      long start = System.nanoTime();
      closing.close();
      Throwable failure = failureOf(handle);
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertThat(failure).isInstanceOf(CancellationException.class);
      assertThat(failure.getSuppressed()).hasSize(1).hasOnlyElementsOfType(LeakedTaskException.class);
      assertThat(took).as("time from close() to completion").isLessThan(Delays.GRACE.plus(Delays.SLACK));
      assertThat(failures.take())
          .extracting(FailureEvent::kind)
          .containsExactly(FailureEvent.Kind.LEAKED_TASK);
      stubborn.letGo.countDown();
      within("the leaked task to finish", () -> assertThat(probe.running()).isZero());
    }

    /**
     * A running task is interrupted at most once, however many cancellations reach it: its own
     * timeout interrupts it, and while it cleans up (waiting for the test), the gather is
     * cancelled. Its cleanup is not cut short, and the handle completes after it. With {@code
     * maxConcurrency(1)} the overdue task keeps its place while it cleans up, so the second task
     * never starts and the gather is still running when it is cancelled. If the count is 2, the
     * gather's cancellation sent an interrupt of its own to a task already interrupted.
     */
    @Test
    void rule10_aTaskIsInterruptedAtMostOnce() throws Exception {
      TaskMode mode = TaskMode.BLOCKING;
      assumeGivenExecutorRunsBlockingTasks(mode);
      AtomicInteger interrupts = new AtomicInteger();
      CountDownLatch cleaning = new CountDownLatch(1);
      CountDownLatch cleanedUp = new CountDownLatch(1);
      Callable<String> overdue =
          () -> {
            try {
              cleanedUp.await(Delays.LONG.toNanos(), TimeUnit.NANOSECONDS);
              return "never interrupted";
            } catch (InterruptedException first) {
              interrupts.incrementAndGet();
              cleaning.countDown();
              try {
                cleanedUp.await(Delays.LONG.toNanos(), TimeUnit.NANOSECONDS);
              } catch (InterruptedException second) {
                interrupts.incrementAndGet();
              }
              throw first;
            }
          };
      GatherHandle<List<Outcome<String>>> handle =
          runner.allSettled(
              List.of(task(mode, overdue), task(mode, () -> "never started")),
              options(mode)
                  .maxConcurrency(1)
                  .taskTimeout(Delays.TICK)
                  .gracePeriod(Delays.LONG)
                  .build());
      awaitLatch(cleaning, "the overdue task to be interrupted by its timeout");
      assertThat(handle.cancel()).isTrue(); // a second interrupt, if any, is sent by now
      cleanedUp.countDown();
      assertThat(failureOf(handle)).isInstanceOf(CancellationException.class);
      assertThat(interrupts).as("interrupts the overdue task received").hasValue(1);
      assertThat(probe.running()).as("task bodies running after await() returned").isZero();
    }
  }

  // ================================================================== R11

  /** R11 for failures inside the engine's own callbacks: see {@link EngineCallbackRules}. */
  @Nested
  @DisplayName("R11: a failure inside the engine's callbacks is one failure-handler event")
  class Rule11EngineCallbacks extends EngineCallbackRules {
    Rule11EngineCallbacks() {
      super(NoOrphanRules.this);
    }
  }

  @Nested
  @DisplayName("R11: failures no caller can see go to the failure handler, once, never swallowed")
  class Rule11 {

    /**
     * A leaked task that fails after its gather completed is sent to the failure handler as a
     * {@code LATE_FAILURE} with the very exception, after the {@code LEAKED_TASK} event. If it is
     * missing, the runner drops outcomes of tasks it gave up on; if it comes first, the runner
     * reports the leak only after releasing the caller.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(TaskMode.class)
    void rule11_leakedTaskFailingLaterGoesToTheFailureHandler(TaskMode mode) throws Exception {
      IllegalStateException late = new IllegalStateException("failed after the gather completed");
      Stubborn stubborn =
          new Stubborn(
              () -> {
                throw late;
              });
      cancelWhileLeaking(runner, stubborn, mode);
      stubborn.letGo.countDown();
      within("two events", () -> assertThat(failures.events()).hasSize(2));
      List<FailureEvent> events = failures.take();
      assertThat(events.get(0).kind()).isEqualTo(FailureEvent.Kind.LEAKED_TASK);
      assertThat(events.get(1).kind()).isEqualTo(FailureEvent.Kind.LATE_FAILURE);
      profile().assertSameFailure(events.get(1).failure(), late);
      assertThat(events.get(1).taskIndex()).isZero();
      assertThat(events.get(1).backend()).isEqualTo(runner.backend());
    }

    /**
     * {@code any} succeeds while a cancelled sibling reacts to its interruption by failing with a
     * real error: nobody can see that failure in the result, so it goes to the failure handler
     * (exactly once), naming the task that failed. If it is missing, the runner swallows failures
     * of a successful gather.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(
        value = TaskMode.class,
        names = {"BLOCKING", "BLOCKING_BOUNDED"})
    void rule11_failureWhileStoppingAfterSuccessGoesToTheFailureHandler(TaskMode mode)
        throws Exception {
      IllegalStateException stopping = new IllegalStateException("failed while being cancelled");
      Blocker sibling =
          new Blocker(
              e -> {
                throw stopping;
              });
      String value =
          await(
              runner.any(
                  List.of(
                      task(mode, "stopping", sibling::call),
                      task(
                          mode,
                          () -> {
                            sibling.awaitStarted();
                            return "win";
                          })),
                  options(mode).build()));
      assertThat(value).isEqualTo("win");
      within("one event", () -> assertThat(failures.events()).hasSize(1));
      List<FailureEvent> events = failures.take();
      assertThat(events.get(0).kind()).isEqualTo(FailureEvent.Kind.LATE_FAILURE);
      assertThat(events.get(0).taskIndex()).as("the failed task's index").isZero();
      assertThat(events.get(0).taskName()).as("the failed task's name").isEqualTo("stopping");
      profile().assertSameFailure(events.get(0).failure(), stopping);
    }

    /**
     * A failure handler that throws breaks nothing: the gather still completes with the right
     * exception (and its leaked task attached), and the runner keeps working. If this hangs or
     * throws the handler's exception, the runner calls the handler without protection (for
     * example under its lock).
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(
        value = TaskMode.class,
        names = {"BLOCKING", "ASYNC"})
    void rule11_throwingFailureHandlerBreaksNothing(TaskMode mode) throws Exception {
      AtomicInteger calls = new AtomicInteger();
      ConcurrentRunner fragile =
          newRunner(
              null,
              event -> {
                calls.incrementAndGet();
                throw new IllegalStateException("the failure handler is broken (deliberately)");
              });
      try (LogCapture log = LogCapture.startQuietly("io.github.concurrentrunner")) {
        Stubborn stubborn = new Stubborn(() -> "late");
        cancelWhileLeaking(fragile, stubborn, mode);
        assertThat(calls.get()).as("calls of the failure handler").isEqualTo(1);
        stubborn.letGo.countDown();
        assertThat(await(fragile.all(List.of(task(mode, () -> "still works")))))
            .containsExactly("still works");
        within(
            "the runner to log the handler's failure, once, at WARNING",
            () ->
                assertThat(log.records())
                    .singleElement()
                    .satisfies(
                        r -> {
                          assertThat(r.getLevel()).isEqualTo(Level.WARNING);
                          assertThat(r.getThrown()).hasMessageContaining("deliberately");
                        }));
      }
    }

    /**
     * A failure handler that rethrows the very exception of the event it was given loses no
     * event: each late failure of a successful gather still reaches it, once. If only one arrives,
     * the runner attaches the event's exception to the handler's exception as suppressed (which
     * throws for the same instance) and lets that escape (a regression found by the reliability
     * suite's fault injection).
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(
        value = TaskMode.class,
        names = {"BLOCKING"})
    void rule11_failureHandlerRethrowingTheEventsFailureLosesNoEvent(TaskMode mode)
        throws Exception {
      List<Throwable> seen = Collections.synchronizedList(new ArrayList<>());
      ConcurrentRunner rethrowing =
          newRunner(
              null,
              event -> {
                seen.add(event.failure());
                if (event.failure() instanceof RuntimeException own) {
                  throw own;
                }
              });
      try (LogCapture log = LogCapture.startQuietly("io.github.concurrentrunner")) {
        IllegalStateException late1 = new IllegalStateException("first failure while stopping");
        IllegalStateException late2 = new IllegalStateException("second failure while stopping");
        Blocker first =
            new Blocker(
                e -> {
                  throw late1;
                });
        Blocker second =
            new Blocker(
                e -> {
                  throw late2;
                });
        String value =
            await(
                rethrowing.any(
                    List.of(
                        task(mode, first::call),
                        task(mode, second::call),
                        task(
                            mode,
                            () -> {
                              first.awaitStarted();
                              second.awaitStarted();
                              return "win";
                            })),
                    options(mode).build()));
        assertThat(value).isEqualTo("win");
        within(
            "both late failures at the handler",
            () ->
                assertThat(profile().comparable(seen))
                    .containsExactlyInAnyOrderElementsOf(profile().comparable(List.of(late1, late2))));
        within(
            "the runner to log each rethrown failure at WARNING",
            () ->
                assertThat(profile().comparable(log.records().stream().map(r -> r.getThrown()).toList()))
                    .containsExactlyInAnyOrderElementsOf(profile().comparable(List.of(late1, late2))));
      }
    }

    /**
     * The default failure handler, {@code FailureHandler.logging()}, logs a leaked task through
     * {@code System.Logger} at WARNING (checked when the logger is backed by java.util.logging).
     * If no record arrives, events are dropped instead of logged.
     */
    @Test
    void rule11_defaultHandlerLogsAtWarning() throws Exception {
      try (LogCapture log = LogCapture.startQuietly("io.github.concurrentrunner")) {
        if (leakThroughTheDefaultHandler(() -> "late")) {
          within(
              "a WARNING record about the leaked task",
              () ->
                  assertThat(log.records())
                      .anyMatch(
                          r ->
                              r.getLevel() == Level.WARNING
                                  && r.getThrown() instanceof LeakedTaskException));
        }
      }
    }

    /**
     * The default failure handler logs a late failure that cannot be printed (its {@code
     * toString()} and {@code getMessage()} throw) as one WARNING record that names its class and
     * does not attach it, so that a log formatter can format the record (checked with
     * java.util.logging's {@code SimpleFormatter}, when the logger is backed by it). If the
     * formatter throws, the handler attached the exception, and the JDK's console handler would
     * drop the record and print its own error instead.
     */
    @Test
    void rule11_defaultHandlerLogsAnUnprintableFailureByItsClassName() throws Exception {
      try (LogCapture log = LogCapture.startQuietly("io.github.concurrentrunner")) {
        if (leakThroughTheDefaultHandler(() -> {
          throw new Hostile.UnprintableException();
        })) {
          within(
              "a WARNING record about the late failure",
              () ->
                  assertThat(log.records())
                      .anyMatch(
                          r ->
                              r.getLevel() == Level.WARNING
                                  && r.getMessage().contains("LATE_FAILURE")
                                  && r.getMessage()
                                      .contains(Hostile.UnprintableException.class.getName())
                                  && r.getThrown() == null));
          SimpleFormatter formatter = new SimpleFormatter();
          assertThat(log.records()).allSatisfy(r -> assertThat(formatter.format(r)).isNotEmpty());
        }
      }
    }

    /**
     * On a runner with the default failure handler, cancels a gather of a stubborn task, which
     * leaks after the grace period, then lets it go, to return or throw what {@code then} does.
     * Returns whether the runner's logger is backed by java.util.logging, whose records the
     * caller's {@link LogCapture} then holds.
     */
    private boolean leakThroughTheDefaultHandler(Callable<String> then) throws Exception {
      ConcurrentRunner logging = newRunner(null, FailureHandler.logging());
      Stubborn stubborn = new Stubborn(then);
      GatherHandle<List<String>> handle =
          logging.all(
              List.of(stubborn.task(TaskMode.BLOCKING)),
              GatherOptions.builder().gracePeriod(Delays.GRACE).build());
      stubborn.awaitEntered();
      assertThat(handle.cancel()).isTrue();
      assertThat(failureOf(handle)).isInstanceOf(CancellationException.class);
      stubborn.letGo.countDown();
      String finder = System.LoggerFinder.getLoggerFinder().getClass().getName();
      return finder.startsWith("sun.util.logging") || finder.startsWith("jdk.internal.logger");
    }
  }
}
