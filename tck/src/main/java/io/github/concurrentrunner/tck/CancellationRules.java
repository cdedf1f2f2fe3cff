package io.github.concurrentrunner.tck;

import static io.github.concurrentrunner.tck.TckChecks.assertCancelled;
import static io.github.concurrentrunner.tck.TckChecks.await;
import static io.github.concurrentrunner.tck.TckChecks.awaitLatch;
import static io.github.concurrentrunner.tck.TckChecks.completedTask;
import static io.github.concurrentrunner.tck.TckChecks.failureOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.concurrentrunner.GatherHandle;
import io.github.concurrentrunner.Task;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The rules of the kit on cancellation: handle.cancel() (R17) and an interrupted await() (R18).
 *
 * <p>One link of the chain of abstract classes from {@link TckHarness} to {@link
 * ConcurrentRunnerTck}: its {@code @Nested} rule groups are inner classes, so each test reaches the
 * harness's runner, tasks and probes as its enclosing instance, and JUnit discovers them in the
 * superclasses of a backend's subclass of the kit.
 */
abstract class CancellationRules extends TimeoutRules {

  // ================================================================== R17

  @Nested
  @DisplayName("R17: cancel() stops everything; it returns false and changes nothing after completion")
  class Rule17 {

    /**
     * Cancelling a running gather: {@code cancel()} returns true, the running task is interrupted
     * (an async task's future is cancelled), pending tasks never start, {@code await()} throws
     * {@code CancellationException}, and a second {@code cancel()} returns false. If the running
     * task is not interrupted or a pending task starts, cancellation does not reach the tasks.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(TaskMode.class)
    void rule17_cancelStopsRunningAndPendingTasks(TaskMode mode) throws Exception {
      Blocker running = new Blocker();
      AtomicInteger pendingStarted = new AtomicInteger();
      List<Task<String>> tasks =
          List.of(
              task(mode, running::call),
              task(mode, () -> "pending " + pendingStarted.incrementAndGet()));
      GatherHandle<List<String>> handle =
          runner.all(tasks, options(mode).maxConcurrency(1).build());
      running.awaitStarted();
      assertThat(handle.cancel()).isTrue();
      assertThat(failureOf(handle)).isInstanceOf(CancellationException.class);
      running.assertInterrupted();
      assertThat(pendingStarted.get()).as("pending tasks started after cancel").isZero();
      assertThat(handle.isDone()).isTrue();
      assertThat(handle.cancel()).as("cancel() after completion").isFalse();
    }

    /**
     * {@code cancel()} on a completed gather returns false and changes nothing: {@code await()}
     * still returns the result. If it throws {@code CancellationException} now, cancel() does not
     * check whether the outcome was decided.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(TaskMode.class)
    void rule17_cancelAfterCompletionReturnsFalseAndChangesNothing(TaskMode mode)
        throws Exception {
      GatherHandle<List<String>> handle =
          runner.all(List.of(task(mode, () -> "a"), task(mode, () -> "b")), options(mode).build());
      assertThat(await(handle)).containsExactly("a", "b");
      assertThat(handle.isDone()).isTrue();
      assertThat(handle.cancel()).isFalse();
      assertThat(await(handle)).containsExactly("a", "b");
      assertThat(handle.toCompletableFuture().join()).containsExactly("a", "b");
    }

    /**
     * Cancelling the future from {@code toCompletableFuture()} cancels the gather. If the task is
     * not interrupted, the view is not connected to the handle.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(TaskMode.class)
    void rule17_cancellingTheFutureViewCancelsTheGather(TaskMode mode) throws Exception {
      Blocker running = new Blocker();
      GatherHandle<List<String>> handle = startAll(mode, running);
      running.awaitStarted();
      assertThat(handle.toCompletableFuture().cancel(true)).isTrue();
      assertCancelled(running, handle);
    }

    /**
     * Cancelling a gather whose first async tasks returned stages that were already complete, and
     * whose later ones are pending: the pending stages are cancelled, {@code await()} throws
     * {@code CancellationException}, and under {@code maxConcurrency} the task beyond the bound
     * never starts. If a pending stage is not cancelled, the engine lost track of a task started
     * after an already-complete one (it starts the next task with the record of a harvested one).
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(
        value = TaskMode.class,
        names = {"ASYNC", "ASYNC_BOUNDED"})
    void rule17_cancelReachesPendingStagesBesideAlreadyCompletedOnes(TaskMode mode)
        throws Exception {
      CountDownLatch pendingStarted = new CountDownLatch(2);
      AtomicInteger lastStarted = new AtomicInteger();
      List<CompletableFuture<String>> pending = new ArrayList<>();
      List<Task<String>> tasks = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        tasks.add(completedTask("v" + i));
      }
      for (int i = 0; i < 2; i++) {
        CompletableFuture<String> future = new CompletableFuture<>();
        pending.add(future);
        tasks.add(
            Task.async(
                () -> {
                  pendingStarted.countDown();
                  return future;
                }));
      }
      tasks.add(
          Task.async(
              () -> {
                lastStarted.incrementAndGet();
                return CompletableFuture.completedFuture("last");
              }));
      GatherHandle<List<String>> cancelled = runner.all(tasks, options(mode).build());
      awaitLatch(pendingStarted, "the two pending tasks to start");
      assertThat(cancelled.isDone()).as("done while two tasks are pending").isFalse();
      assertThat(cancelled.cancel()).isTrue();
      assertThat(failureOf(cancelled)).isInstanceOf(CancellationException.class);
      assertThat(pending).allSatisfy(future -> assertThat(future.isCancelled()).isTrue());
      if (mode.bounded()) {
        assertThat(lastStarted.get()).as("a task started beyond the bound after cancel").isZero();
      }
    }
  }

  // ================================================================== R18

  @Nested
  @DisplayName("R18: interrupting the awaiting thread cancels the gather and throws InterruptedException")
  class Rule18 {

    /**
     * Another thread interrupts the thread blocked in {@code await()}: it throws {@code
     * InterruptedException} with the interrupt status cleared, the task is interrupted, and a
     * later {@code await()} throws {@code CancellationException}. If the status stays set, clear
     * it as java.util.concurrent does; if the task runs on, the interruption does not cancel.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(TaskMode.class)
    void rule18_interruptingTheAwaitingThreadCancelsTheGather(TaskMode mode) throws Exception {
      Blocker running = new Blocker();
      GatherHandle<List<String>> handle = startAll(mode, running);
      Thread waiter = Thread.currentThread();
      testPool.execute(
          () -> {
            try {
              running.awaitStarted();
              waiter.interrupt();
            } catch (InterruptedException ignored) {
              // the pool is shutting down
            }
          });
      Throwable thrown = catchThrowable(() -> handle.await(Delays.LONG));
      assertThat(thrown).isInstanceOf(InterruptedException.class);
      assertThat(Thread.currentThread().isInterrupted())
          .as("interrupt status after InterruptedException")
          .isFalse();
      assertCancelled(running, handle);
    }

    /**
     * A thread whose interrupt status is already set when it calls {@code await()} gets {@code
     * InterruptedException} at once, with the status cleared, and the gather is cancelled.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(TaskMode.class)
    void rule18_awaitWithInterruptStatusSetCancelsTheGather(TaskMode mode) throws Exception {
      Blocker running = new Blocker();
      GatherHandle<List<String>> handle = startAll(mode, running);
      running.awaitStarted();
      Thread.currentThread().interrupt();
      Throwable thrown = catchThrowable(handle::await);
      assertThat(thrown).isInstanceOf(InterruptedException.class);
      assertThat(Thread.interrupted()).as("interrupt status after InterruptedException").isFalse();
      assertCancelled(running, handle);
    }

    /**
     * A gather that has completed has nothing left to cancel: {@code await()} and {@code
     * await(Duration)} return its value at once, even to a thread whose interrupt status is set,
     * and leave that status set, as {@code FutureTask.get()} does. If they throw {@code
     * InterruptedException}, a caller that was interrupted for another reason loses a result it
     * already has.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(TaskMode.class)
    void rule18_awaitOnACompletedGatherReturnsItsValueAndKeepsTheInterruptStatus(TaskMode mode)
        throws Exception {
      GatherHandle<List<String>> handle =
          runner.all(List.of(task(mode, () -> "done")), options(mode).build());
      assertThat(handle.await(Delays.LONG)).containsExactly("done");
      Thread.currentThread().interrupt();
      try {
        assertThat(handle.await()).containsExactly("done");
        assertThat(handle.await(Duration.ZERO)).containsExactly("done");
        assertThat(Thread.currentThread().isInterrupted()).as("interrupt status kept").isTrue();
      } finally {
        Thread.interrupted();
      }
    }
  }
}
