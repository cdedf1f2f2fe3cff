package io.github.concurrentrunner.guava;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.util.concurrent.AbstractFuture;
import com.google.common.util.concurrent.ForwardingListenableFuture;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.SettableFuture;
import io.github.concurrentrunner.ConcurrentRunner;
import io.github.concurrentrunner.FailureEvent;
import io.github.concurrentrunner.GatherTimeoutException;
import io.github.concurrentrunner.LeakedTaskException;
import io.github.concurrentrunner.GatherOptions;
import io.github.concurrentrunner.Outcome;
import io.github.concurrentrunner.Task;
import io.github.concurrentrunner.TaskFailedException;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GuavaTasksTest {
  private static final long LONG_DELAY_SECONDS = 10;

  private final ConcurrentRunner runner = ConcurrentRunner.create("guava");

  @AfterEach
  void close() {
    runner.close();
  }

  /** A future that records whether it was cancelled with interruption. */
  private static final class Probe<V> extends AbstractFuture<V> {
    final CountDownLatch interrupted = new CountDownLatch(1);

    @Override
    protected void interruptTask() {
      interrupted.countDown();
    }
  }

  @Test
  void aListenableFuturesValueFillsTheSlotNullIncluded() throws Exception {
    SettableFuture<String> later = SettableFuture.create();
    var handle =
        runner.all(
            List.of(
                GuavaTasks.async(() -> Futures.immediateFuture("now")),
                GuavaTasks.async("later", () -> later),
                GuavaTasks.async(() -> Futures.immediateFuture((String) null))));
    later.set("later");
    assertThat(handle.await()).isEqualTo(Arrays.asList("now", "later", null));
  }

  @Test
  void aFailedListenableFutureFailsTheTaskWithTheSameInstance() throws Exception {
    IOException down = new IOException("down");
    assertThatThrownBy(
            () ->
                runner
                    .all(
                        List.of(
                            GuavaTasks.async("read", () -> Futures.immediateFailedFuture(down))))
                    .await())
        .isInstanceOfSatisfying(
            TaskFailedException.class, failed -> assertThat(failed.taskName()).isEqualTo("read"))
        .cause()
        .isSameAs(down);

    List<Outcome<Object>> outcomes =
        runner
            .allSettled(
                List.of(
                    GuavaTasks.async(
                        () -> {
                          throw down;
                        })))
            .await();
    assertThat(outcomes).containsExactly(new Outcome.Failure<>(down));
  }

  @Test
  void aDoneFutureOfTheApplicationsOwnFailingWithoutACauseFailsTheTaskWithItsException() {
    ExecutionException causeless = new ExecutionException("a future's own, without a cause", null);
    ListenableFuture<String> odd =
        new ForwardingListenableFuture.SimpleForwardingListenableFuture<>(
            Futures.immediateFuture("never seen")) {
          @Override
          public String get() throws ExecutionException {
            throw causeless;
          }
        };
    assertThatThrownBy(() -> runner.all(List.of(GuavaTasks.async("odd", () -> odd))).await())
        .isInstanceOf(TaskFailedException.class)
        .cause()
        .isSameAs(causeless);
  }

  /**
   * Proves that a future that completes after the task started, and whose {@code get()} then throws
   * an {@code ExecutionException} without a cause, fails the task with that exception, as one
   * that is done at the start does, instead of leaving the task never completing.
   */
  @Test
  void aPendingFutureOfTheApplicationsOwnFailingWithoutACauseFailsTheTaskWithItsException() {
    SettableFuture<String> operation = SettableFuture.create();
    ExecutionException causeless = new ExecutionException("a future's own, without a cause", null);
    ListenableFuture<String> odd =
        new ForwardingListenableFuture.SimpleForwardingListenableFuture<>(operation) {
          @Override
          public String get() throws ExecutionException {
            throw causeless;
          }

          @Override
          public String get(long timeout, TimeUnit unit) throws ExecutionException {
            throw causeless;
          }
        };
    // The timeout only bounds the test if the task never completes (the bug): it then fails with
    // a GatherTimeoutException instead of hanging.
    var handle =
        runner.all(
            List.of(GuavaTasks.async("odd", () -> odd)),
            GatherOptions.builder()
                .timeout(Duration.ofSeconds(2))
                .gracePeriod(Duration.ofMillis(100))
                .build());
    operation.set("never seen"); // runs the task's listener, whose get() throws causeless
    assertThat(catchAwait(handle)).isInstanceOf(TaskFailedException.class).cause().isSameAs(causeless);
  }

  /**
   * Proves that a future whose {@code addListener} throws fails its task with that exception and
   * is cancelled with interruption, so that the operation nobody could observe any more does not
   * run on (R10, R27).
   */
  @Test
  void aFutureWhoseAddListenerThrowsFailsTheTaskAndIsCancelled() {
    Probe<String> operation = new Probe<>();
    IllegalStateException refused = new IllegalStateException("addListener refused");
    ListenableFuture<String> hostile =
        new ForwardingListenableFuture.SimpleForwardingListenableFuture<>(operation) {
          @Override
          public void addListener(Runnable listener, Executor executor) {
            throw refused;
          }
        };
    Throwable failure = catchAwait(runner.all(List.of(GuavaTasks.async("hostile", () -> hostile))));
    assertThat(failure).isInstanceOf(TaskFailedException.class).cause().isSameAs(refused);
    assertThat(operation.isCancelled()).as("the operation is cancelled, not orphaned").isTrue();
    assertThat(operation.interrupted.getCount()).as("cancelled with interruption").isZero();
    assertThat(refused.getSuppressed()).isEmpty();
  }

  /**
   * Proves that when a future's {@code addListener} throws and so does the {@code cancel} that
   * follows, the task fails with the first exception and carries the second as suppressed: both
   * reach the caller.
   */
  @Test
  void aFutureWhoseAddListenerAndCancelThrowLosesNeitherException() {
    SettableFuture<String> operation = SettableFuture.create();
    IllegalStateException refused = new IllegalStateException("addListener refused");
    UnsupportedOperationException cancelRefused = new UnsupportedOperationException("no cancel");
    ListenableFuture<String> hostile =
        new ForwardingListenableFuture.SimpleForwardingListenableFuture<>(operation) {
          @Override
          public void addListener(Runnable listener, Executor executor) {
            throw refused;
          }

          @Override
          public boolean cancel(boolean mayInterruptIfRunning) {
            throw cancelRefused;
          }
        };
    Throwable failure = catchAwait(runner.all(List.of(GuavaTasks.async("hostile", () -> hostile))));
    assertThat(failure).isInstanceOf(TaskFailedException.class).cause().isSameAs(refused);
    assertThat(refused.getSuppressed()).containsExactly(cancelRefused);
  }

  @Test
  void aCallableReturningNullFailsTheTaskWithNullPointerException() {
    assertThatThrownBy(() -> runner.all(List.of(GuavaTasks.<String>async(() -> null))).await())
        .isInstanceOf(TaskFailedException.class)
        .cause()
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("AsyncCallable");
  }

  @Test
  void aCancelledTaskCancelsItsListenableFutureWithInterruption() throws Exception {
    Probe<String> pending = new Probe<>();
    IllegalStateException boom = new IllegalStateException("boom");
    CountDownLatch asyncStarted = new CountDownLatch(1);
    assertThatThrownBy(
            () ->
                runner
                    .all(
                        List.of(
                            GuavaTasks.async(
                                () -> {
                                  asyncStarted.countDown();
                                  return pending;
                                }),
                            Task.<String>of(
                                () -> {
                                  asyncStarted.await();
                                  throw boom;
                                })))
                    .await())
        .cause()
        .isSameAs(boom);
    assertThat(pending.isCancelled()).isTrue();
    assertThat(pending.interrupted.await(LONG_DELAY_SECONDS, TimeUnit.SECONDS)).isTrue();
  }

  /** A future that refuses cancellation, as an operation that cannot be stopped does. */
  private static final class Unstoppable<V> extends AbstractFuture<V> {
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      return false;
    }

    void fail(Throwable failure) {
      setException(failure);
    }
  }

  @Test
  void aFutureThatRefusesCancellationIsWaitedForThenLeakedAndItsLateFailureReported()
      throws Exception {
    List<FailureEvent> events = new CopyOnWriteArrayList<>();
    CountDownLatch twoEvents = new CountDownLatch(2);
    Unstoppable<String> unstoppable = new Unstoppable<>();
    IllegalStateException boom = new IllegalStateException("boom");
    IOException late = new IOException("late");
    CountDownLatch asyncStarted = new CountDownLatch(1);
    try (ConcurrentRunner recording =
        ConcurrentRunner.builder()
            .backend("guava")
            .failureHandler(
                event -> {
                  events.add(event);
                  twoEvents.countDown();
                })
            .build()) {
      Throwable failure =
          catchAwait(
              recording.all(
                  List.of(
                      GuavaTasks.async(
                          "unstoppable",
                          () -> {
                            asyncStarted.countDown();
                            return unstoppable;
                          }),
                      Task.<String>of(
                          () -> {
                            asyncStarted.await();
                            throw boom;
                          })),
                  GatherOptions.builder().gracePeriod(Duration.ofMillis(200)).build()));
      assertThat(failure).isInstanceOf(TaskFailedException.class).hasCause(boom);
      assertThat(failure.getSuppressed())
          .as("the operation still ran after the grace period")
          .singleElement()
          .isInstanceOf(LeakedTaskException.class);
      unstoppable.fail(late);
      assertThat(twoEvents.await(LONG_DELAY_SECONDS, TimeUnit.SECONDS)).isTrue();
      assertThat(events)
          .extracting(FailureEvent::kind)
          .containsExactly(FailureEvent.Kind.LEAKED_TASK, FailureEvent.Kind.LATE_FAILURE);
      assertThat(events.get(1).failure()).isSameAs(late);
    }
  }

  @Test
  void aTimedOutTaskHasCancelledItsFutureWhenTheHandleCompletes() throws Exception {
    for (int i = 0; i < 20; i++) {
      SettableFuture<String> operation = SettableFuture.create();
      AtomicBoolean started = new AtomicBoolean();
      Throwable failure =
          catchAwait(
              runner.all(
                  List.of(
                      GuavaTasks.async(
                          () -> {
                            started.set(true);
                            return operation;
                          })),
                  GatherOptions.builder().timeout(Duration.ofMillis(5)).build()));
      assertThat(failure).isInstanceOf(GatherTimeoutException.class);
      // The timeout may end the gather before the task starts (a cold JVM's first rounds): then
      // no operation was started, and there is nothing to cancel.
      if (started.get()) {
        assertThat(operation.isCancelled())
            .as("cancelled before await() returned, round %d", i)
            .isTrue();
      }
    }
  }

  private static Throwable catchAwait(io.github.concurrentrunner.GatherHandle<?> handle) {
    try {
      Object value = handle.await(Duration.ofSeconds(LONG_DELAY_SECONDS));
      throw new AssertionError("expected the gather to fail, but it returned " + value);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("the gather did not complete", e);
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    } catch (Exception e) {
      return e;
    }
  }

  @Test
  void theCallableRunsOnlyWhenTheGatherStartsTheTask() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    SettableFuture<Integer> first = SettableFuture.create();
    var handle =
        runner.all(
            List.of(
                GuavaTasks.async(
                    () -> {
                      calls.incrementAndGet();
                      return first;
                    }),
                GuavaTasks.async(() -> Futures.immediateFuture(calls.incrementAndGet()))),
            GatherOptions.builder().maxConcurrency(1).build());
    assertThat(calls).as("the second task waits for the first").hasValue(1);
    first.set(0);
    assertThat(handle.await()).containsExactly(0, 2);
  }

  @Test
  void rejectsNullArguments() {
    assertThatThrownBy(() -> GuavaTasks.async(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("callable");
    assertThatThrownBy(() -> GuavaTasks.async(null, () -> Futures.immediateFuture(1)))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("name");
  }
}
