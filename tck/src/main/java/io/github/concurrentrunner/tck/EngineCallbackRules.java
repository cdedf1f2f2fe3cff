package io.github.concurrentrunner.tck;

import static io.github.concurrentrunner.tck.TckChecks.assertTaskFailed;
import static io.github.concurrentrunner.tck.TckChecks.awaitLatch;
import static io.github.concurrentrunner.tck.TckChecks.failureOf;
import static io.github.concurrentrunner.tck.TckHarness.options;
import static io.github.concurrentrunner.tck.TckChecks.within;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.concurrentrunner.ConcurrentRunner;
import io.github.concurrentrunner.FailureEvent;
import io.github.concurrentrunner.FailureHandler;
import io.github.concurrentrunner.Task;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Rule R11 with R26 for a failure inside the engine's own callbacks: the completion callback of a
 * task, a timer action, and the cancellations the engine performs from them. Such a failure is
 * caught once, in the engine, and reaches the runner's failure handler as exactly one {@code
 * CALLBACK_FAILURE} event (which the default handler logs at WARNING), the same on every backend:
 * never swallowed by a driver, never logged by a driver, never reported twice.
 *
 * <p>The failure is provoked through foreign code the engine calls from such a callback: an async
 * task whose stage's {@code cancel} cancels and then throws. When a sibling fails, the engine
 * cancels that stage from the sibling's completion callback (a blocking body, or a driver's
 * observation of an async stage, per {@link TaskMode}).
 *
 * <p>The kit runs these tests as a {@code @Nested} group of {@link ConcurrentRunnerTck}.
 */
abstract class EngineCallbackRules {
  private final TckHarness kit;

  EngineCallbackRules(TckHarness kit) {
    this.kit = kit;
  }

  /**
   * The engine cancels a stage whose {@code cancel} throws, from a sibling's completion callback:
   * the gather still fails with the sibling's failure, and the stage's exception reaches the
   * failure handler once, as a {@code CALLBACK_FAILURE} of that task, with nothing logged. If the
   * handler sees nothing, the failure was swallowed (inside {@code whenComplete}, say); if a log
   * record appears, a driver logged it instead of leaving it to the engine; if the gather's
   * exception carries it, it was reported twice.
   */
  @ParameterizedTest(name = "{0}")
  @EnumSource(TaskMode.class)
  void rule11_aThrowingEngineCallbackIsOneFailureHandlerEvent(TaskMode mode) throws Exception {
    Scenario scenario = new Scenario(mode);
    try (LogCapture log = LogCapture.startQuietly("io.github.concurrentrunner")) {
      scenario.run(kit.runner);
      within("one event at the failure handler", () -> assertThat(kit.failures.events()).isNotEmpty());
      List<FailureEvent> events = kit.failures.take();
      assertThat(events)
          .as("failure handler events")
          .singleElement()
          .satisfies(
              event -> {
                assertThat(event.kind()).isEqualTo(FailureEvent.Kind.CALLBACK_FAILURE);
                assertThat(event.failure()).isSameAs(scenario.bug);
                assertThat(event.taskIndex()).isZero();
                assertThat(event.taskName()).isEqualTo(Scenario.NAME);
                assertThat(event.backend()).isEqualTo(kit.runner.backend());
              });
      assertThat(log.records()).as("log records (%s)", log.describe()).isEmpty();
    }
  }

  /**
   * With the default failure handler, the same failure is logged exactly once, at WARNING,
   * through {@code System.Logger} (checked when it is backed by java.util.logging). Two records
   * mean a driver logged it too; an ERROR record means a driver's own policy, not the engine's.
   */
  @Test
  void rule11_aThrowingEngineCallbackIsLoggedOnceAtWarningByTheDefaultHandler() throws Exception {
    Scenario scenario = new Scenario(TaskMode.BLOCKING);
    try (LogCapture log = LogCapture.startQuietly("io.github.concurrentrunner")) {
      scenario.run(kit.newRunner(null, FailureHandler.logging()));
      String finder = System.LoggerFinder.getLoggerFinder().getClass().getName();
      if (finder.startsWith("sun.util.logging") || finder.startsWith("jdk.internal.logger")) {
        within("a log record", () -> assertThat(log.records()).isNotEmpty());
        assertThat(log.records())
            .as("log records (%s)", log.describe())
            .singleElement()
            .satisfies(
                r -> {
                  assertThat(r.getLevel()).isEqualTo(Level.WARNING);
                  assertThat(r.getThrown()).isSameAs(scenario.bug);
                });
      }
    }
  }

  /** {@code all} of a stage whose cancel throws (task 0) and a failing sibling (task 1). */
  private final class Scenario {
    static final String NAME = "cancel-throws";

    final IllegalStateException bug = new IllegalStateException("the stage's cancel() threw");
    final IOException boom = new IOException("the sibling failed");
    final ThrowingCancel stage = new ThrowingCancel(bug);
    final TaskMode mode;

    Scenario(TaskMode mode) {
      this.mode = mode;
    }

    void run(ConcurrentRunner runner) throws InterruptedException {
      CountDownLatch started = new CountDownLatch(1);
      Task<String> cancelThrows =
          Task.async(
              NAME,
              () -> {
                started.countDown();
                return stage;
              });
      Task<String> failing =
          kit.task(
              mode,
              () -> {
                awaitLatch(started, "the task whose cancel throws to start");
                throw boom;
              });
      Throwable failure = failureOf(runner.all(List.of(cancelThrows, failing), options(mode).build()));
      assertTaskFailed(failure, boom, 1);
      assertThat(failure.getSuppressed()).as("suppressed by the gather's exception").isEmpty();
      assertThat(stage).isCancelled();
    }
  }

  /** A pending stage whose {@code cancel} cancels it, then throws. */
  private static final class ThrowingCancel extends CompletableFuture<String> {
    private final RuntimeException bug;

    ThrowingCancel(RuntimeException bug) {
      this.bug = bug;
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      super.cancel(mayInterruptIfRunning);
      throw bug;
    }
  }
}
