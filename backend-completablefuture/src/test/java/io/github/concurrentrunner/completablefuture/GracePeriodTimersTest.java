package io.github.concurrentrunner.completablefuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.concurrentrunner.ConcurrentRunner;
import io.github.concurrentrunner.FailureEvent;
import io.github.concurrentrunner.GatherHandle;
import io.github.concurrentrunner.GatherOptions;
import io.github.concurrentrunner.LeakedTaskException;
import io.github.concurrentrunner.Task;
import io.github.concurrentrunner.TaskFailedException;
import io.github.concurrentrunner.spi.Cancellable;
import io.github.concurrentrunner.spi.JdkTaskDriver;
import io.github.concurrentrunner.spi.TaskDriver;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The grace periods of a runner's gathers share the driver's timers (issue #12): a gather whose
 * verdict leaves a task running arms a timer only if no armed timer is due before its grace period
 * ends, and a timer is not cancelled when its gathers complete, unless it is due far away. Seen
 * through a driver that counts the timers it is asked for and the ones cancelled.
 */
class GracePeriodTimersTest {
  private static final long WAIT_SECONDS = 10;

  private final CountingDriver driver = new CountingDriver();
  private final List<FailureEvent> events = new CopyOnWriteArrayList<>();
  private final ExecutorService pool = Executors.newFixedThreadPool(2);
  /**
   * Set by the failing task's body on its own thread, counted down by the pool once that body has
   * returned: only that body's return, never a body of an earlier shot that returns late.
   */
  private static final ThreadLocal<CountDownLatch> BODY_RETURNED = new ThreadLocal<>();
  private final ConcurrentRunner runner =
      ConcurrentRunner.builder()
          .provider(new SingleDriverProvider("counting-timers", driver))
          .executor(
              body ->
                  pool.execute(
                      () -> {
                        try {
                          body.run();
                        } finally {
                          CountDownLatch returned = BODY_RETURNED.get();
                          if (returned != null) {
                            BODY_RETURNED.remove();
                            returned.countDown();
                          }
                        }
                      }))
          .failureHandler(events::add)
          .build();

  @AfterEach
  void close() throws InterruptedException {
    runner.close();
    pool.shutdownNow();
    assertThat(pool.awaitTermination(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
  }

  /**
   * Five verdicts in a row, each leaving a task running whose exit waits until the failing task's
   * body has returned to the pool (so each verdict starts a grace period): one timer, kept after
   * the gathers complete, and cancelled when the runner closes.
   */
  @Test
  void verdictsInARowShareOneTimer() throws Exception {
    for (int shot = 0; shot < 5; shot++) {
      assertThat(failFast(Duration.ofSeconds(30), false).failure())
          .isInstanceOf(TaskFailedException.class);
    }
    assertThat(driver.scheduled).hasValue(1);
    assertThat(driver.cancelled).hasValue(0);
    runner.close();
    assertThat(driver.cancelled).as("the timer left armed, once the runner closed").hasValue(1);
    assertThat(events).isEmpty();
  }

  /**
   * A grace period that ends far in the future (beyond a minute) does not keep its timer once its
   * gather has completed: a huge grace period would hold the timer's thread as long.
   */
  @Test
  void aTimerDueFarAwayIsCancelledWithItsLastGather() throws Exception {
    for (int shot = 0; shot < 3; shot++) {
      assertThat(failFast(Duration.ofMinutes(2), false).failure())
          .isInstanceOf(TaskFailedException.class);
    }
    assertThat(driver.scheduled).hasValue(3);
    assertThat(driver.cancelled).hasValue(3);
  }

  /**
   * A driver whose timers throw from {@code cancel()}: each gather still completes (the timer is
   * cancelled on the way to the completion), and what the driver threw is reported (R27, R11).
   */
  @Test
  void aDriverWhoseTimerCancellationThrowsStillHasEveryGatherCompleteAndItReported()
      throws Exception {
    IllegalStateException refused = new IllegalStateException("a driver's timer refuses cancel()");
    driver.cancelFailure = refused;
    for (int shot = 0; shot < 2; shot++) {
      assertThat(failFast(Duration.ofMinutes(2), false).failure())
          .isInstanceOf(TaskFailedException.class);
    }
    assertThat(driver.cancelled).hasValue(2);
    assertThat(events)
        .extracting(FailureEvent::kind)
        .containsExactly(FailureEvent.Kind.CALLBACK_FAILURE, FailureEvent.Kind.CALLBACK_FAILURE);
    assertThat(events).extracting(FailureEvent::failure).containsOnly(refused);
  }

  /**
   * A gather whose grace period no armed timer covers (it started after the one armed, with the
   * same length) still ends when its own grace period does: the earlier timer, finding it not due,
   * arms the next. Its task ignores the interrupt, so it leaks, and not before its grace period.
   */
  @Test
  void aGatherLeftByAnEarlierTimerEndsWhenItsOwnGracePeriodDoes() throws Exception {
    Duration grace = Duration.ofMillis(300);
    assertThat(failFast(grace, false).failure()).isInstanceOf(TaskFailedException.class);
    Shot stubborn = failFast(grace, true);
    try {
      assertThat(stubborn.failure()).isInstanceOf(TaskFailedException.class);
      assertThat(stubborn.failure().getSuppressed())
          .singleElement()
          .isInstanceOf(LeakedTaskException.class);
      assertThat(stubborn.tookNanos()).as("from the go to await()").isGreaterThanOrEqualTo(grace.toNanos());
      assertThat(driver.scheduled).as("the first gather's timer, then the second's").hasValue(2);
      assertThat(events)
          .singleElement()
          .extracting(FailureEvent::kind)
          .isEqualTo(FailureEvent.Kind.LEAKED_TASK);
    } finally {
      stubborn.letGo().countDown();
    }
  }

  private record Shot(Throwable failure, long tookNanos, CountDownLatch letGo) {}

  /**
   * {@code all} over a task that fails once task 1 runs, and task 1, which on its interrupt exits
   * once the failing task's body has returned to the pool (after its verdict has run), or, if
   * {@code stubborn}, once the test lets it go.
   */
  private Shot failFast(Duration grace, boolean stubborn) {
    CountDownLatch go = new CountDownLatch(1);
    CountDownLatch siblingRuns = new CountDownLatch(1);
    CountDownLatch letGo = new CountDownLatch(1);
    CountDownLatch returned = new CountDownLatch(1);
    IllegalStateException boom = new IllegalStateException("boom");
    List<Task<String>> tasks =
        List.of(
            Task.of(
                () -> {
                  if (!go.await(WAIT_SECONDS, TimeUnit.SECONDS)
                      || !siblingRuns.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
                    throw new AssertionError("the call did not return, or task 1 did not start");
                  }
                  BODY_RETURNED.set(returned);
                  throw boom;
                }),
            Task.of(
                () -> {
                  siblingRuns.countDown();
                  try {
                    letGo.await(WAIT_SECONDS, TimeUnit.SECONDS);
                  } catch (InterruptedException expected) {
                    (stubborn ? letGo : returned).await(WAIT_SECONDS, TimeUnit.SECONDS);
                  }
                  return "sibling";
                }));
    GatherHandle<List<String>> handle =
        runner.all(tasks, GatherOptions.builder().gracePeriod(grace).build());
    long start = System.nanoTime();
    go.countDown();
    Throwable failure = catchThrowable(() -> handle.await(Duration.ofSeconds(WAIT_SECONDS)));
    return new Shot(failure, System.nanoTime() - start, letGo);
  }

  /**
   * The JDK driver, counting the timers asked for and those cancelled; their {@code cancel()}
   * throws {@code cancelFailure}, once it has cancelled, if a test sets it.
   */
  private static final class CountingDriver extends JdkTaskDriver {
    final AtomicInteger scheduled = new AtomicInteger();
    final AtomicInteger cancelled = new AtomicInteger();
    volatile RuntimeException cancelFailure;

    CountingDriver() {
      super("counting-timers");
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable action) {
      scheduled.incrementAndGet();
      Cancellable timer = super.schedule(delay, action);
      return () -> {
        cancelled.incrementAndGet();
        timer.cancel();
        RuntimeException failure = cancelFailure;
        if (failure != null) {
          throw failure;
        }
      };
    }
  }
}
