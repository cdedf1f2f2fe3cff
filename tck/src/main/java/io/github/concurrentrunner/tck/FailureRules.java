package io.github.concurrentrunner.tck;

import static io.github.concurrentrunner.tck.TckChecks.await;
import static io.github.concurrentrunner.tck.TckChecks.awaitLatch;
import static io.github.concurrentrunner.tck.TckChecks.failureOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.concurrentrunner.GatherHandle;
import io.github.concurrentrunner.GatherOptions;
import io.github.concurrentrunner.GatherTimeoutException;
import io.github.concurrentrunner.Outcome;
import io.github.concurrentrunner.Task;
import io.github.concurrentrunner.TaskFailedException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The rules of the kit on failures: fail-fast with cancellation (R7), the very exception as the
 * cause (R8), later failures suppressed (R9), and errors as failures (R19).
 *
 * <p>One link of the chain of abstract classes from {@link TckHarness} to {@link
 * ConcurrentRunnerTck}: its {@code @Nested} rule groups are inner classes, so each test reaches the
 * harness's runner, tasks and probes as its enclosing instance, and JUnit discovers them in the
 * superclasses of a backend's subclass of the kit.
 */
abstract class FailureRules extends InputRules {

  // ================================================================== R7

  @Nested
  @DisplayName("R7: all fails fast, interrupts running siblings and never starts pending ones")
  class Rule07 {

    /**
     * Without a bound, every blocking task is handed to the executor at once; here a pool of two
     * threads holds 500 of them in its queue when task 1 fails while task 0 runs. Once the
     * failure decided the gather, no queued task may begin, even if the pool's threads reach the
     * queue before the gather's cancellation loop does. If some began, the runner checks only
     * its own cancellation flag of each task, not the verdict, before running a body (a
     * regression found by the fail-fast benchmark: up to 31 late starts per gather).
     */
    @Test
    void rule07_noQueuedTaskStartsAfterTheVerdictEvenIfThePoolIsFaster() throws Exception {
      assumeGivenExecutorRunsBlockingTasks(TaskMode.BLOCKING);
      AtomicInteger threads = new AtomicInteger();
      ExecutorService twoThreads =
          Executors.newFixedThreadPool(
              2,
              r -> {
                Thread thread = new Thread(r, "tck-two-threads-" + threads.incrementAndGet());
                thread.setDaemon(true);
                return thread;
              });
      pools.add(twoThreads);
      Blocker sibling = new Blocker();
      IllegalStateException boom = new IllegalStateException("boom");
      AtomicInteger queuedStarted = new AtomicInteger();
      List<Task<String>> tasks = new ArrayList<>();
      tasks.add(task(TaskMode.BLOCKING, sibling::call));
      tasks.add(failingOnceStarted(TaskMode.BLOCKING, sibling, boom));
      for (int i = 0; i < 500; i++) {
        tasks.add(task(TaskMode.BLOCKING, () -> "queued " + queuedStarted.incrementAndGet()));
      }
      Throwable failure =
          failureOf(
              runner.all(tasks, options(TaskMode.BLOCKING).executor(twoThreads).build()));
      assertTaskFailed(failure, boom);
      sibling.assertInterrupted();
      assertThat(queuedStarted.get()).as("queued tasks that began after the verdict").isZero();
    }

    /**
     * Task 1 fails while task 0 runs: the gather fails with task 1's failure, task 0 observes the
     * interruption (for async tasks: its future is cancelled, which interrupts the operation), and
     * with a bound, tasks 2-4 never start. If the sibling is not interrupted, the runner does not
     * cancel siblings (a naive {@code CompletableFuture.allOf}); if a pending task ran, it keeps
     * starting tasks after the verdict; if it hangs, it waits for every task despite the failure.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(TaskMode.class)
    void rule07_allCancelsRunningSiblingsOnFailure(TaskMode mode) throws Exception {
      Blocker sibling = new Blocker();
      IllegalStateException boom = new IllegalStateException("boom");
      AtomicInteger pendingStarted = new AtomicInteger();
      List<Task<String>> tasks = new ArrayList<>();
      tasks.add(task(mode, sibling::call));
      tasks.add(failingOnceStarted(mode, sibling, boom));
      for (int i = 0; i < 3; i++) {
        tasks.add(task(mode, () -> "pending " + pendingStarted.incrementAndGet()));
      }
      if (!mode.bounded()) {
        tasks = tasks.subList(0, 2);
      }
      Throwable failure = failureOf(runner.all(tasks, options(mode).build()));
      assertThat(failure).isInstanceOf(TaskFailedException.class).hasCause(boom);
      profile().assertSameFailure(failure.getCause(), boom);
      sibling.assertInterrupted();
      assertThat(pendingStarted.get()).as("pending tasks started after the failure").isZero();
    }

    /**
     * With {@code maxConcurrency(1)}, a failing first task means no other task ever starts. If one
     * does, the runner starts the next queued task when a task fails instead of stopping.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(TaskMode.class)
    void rule07_pendingTasksNeverStartAfterFailure(TaskMode mode) {
      AtomicInteger laterStarted = new AtomicInteger();
      List<Task<String>> tasks =
          List.of(
              task(
                  mode,
                  () -> {
                    throw new IOException("first fails");
                  }),
              task(mode, () -> "later " + laterStarted.incrementAndGet()),
              task(mode, () -> "later " + laterStarted.incrementAndGet()));
      Throwable failure =
          failureOf(runner.all(tasks, GatherOptions.builder().maxConcurrency(1).build()));
      assertThat(failure).isInstanceOf(TaskFailedException.class);
      assertThat(((TaskFailedException) failure).taskIndex()).isZero();
      assertThat(laterStarted.get()).as("tasks started after the first failed").isZero();
    }

    /**
     * {@code both} is fail-fast too: when the second fails, the first is interrupted. If this
     * fails but the {@code all} test passes, {@code both} is implemented separately and wrongly.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(TaskMode.class)
    void rule07_bothCancelsTheOtherOnFailure(TaskMode mode) throws Exception {
      Blocker first = new Blocker();
      IOException boom = new IOException("second fails");
      Task<Integer> second = failingOnceStarted(mode, first, boom);
      Throwable failure = failureOf(runner.both(task(mode, first::call), second, options(mode).build()));
      assertTaskFailed(failure, boom, 1);
      first.assertInterrupted();
    }
  }

  // ================================================================== R8

  @Nested
  @DisplayName("R8: TaskFailedException carries the very exception, names the task, and has the caller's stack")
  class Rule08 {

    /**
     * The cause of the {@code TaskFailedException} is the instance the task threw (a checked
     * exception here), not a {@code CompletionException}/{@code ExecutionException} wrapper nor a
     * copy, and the exception names the task's index, name and backend. If the cause is a
     * wrapper, unwrap it; if it is a copy, stop re-creating exceptions.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(TaskMode.class)
    void rule08_causeIsTheVeryInstanceTheTaskThrew(TaskMode mode) {
      IOException boom = new IOException("disk on fire");
      List<Task<String>> tasks =
          List.of(
              task(mode, () -> "fine"),
              task(
                  mode,
                  "loader",
                  () -> {
                    throw boom;
                  }));
      Throwable failure = failureOf(runner.all(tasks, options(mode).build()));
      assertTaskFailed(failure, boom, 1);
      TaskFailedException failed = (TaskFailedException) failure;
      assertThat(failed.taskName()).isEqualTo("loader");
      assertThat(failed.backend()).isEqualTo(runner.backend());
      assertThat(failed.getMessage()).contains("1").contains("loader");
      Throwable raced =
          failureOf(
              runner.race(
                  List.of(
                      task(
                          mode,
                          "racer",
                          () -> {
                            throw boom;
                          })),
                  options(mode).build()));
      assertTaskFailed(raced, boom);
      assertThat(((TaskFailedException) raced).taskName()).isEqualTo("racer");
    }

    /**
     * A task throws its own subclass of {@code CompletionException}: that subclass is the
     * task's exception, not a wrapper, so the cause is that very instance, not the exception it
     * wraps. If the cause is the wrapped exception, the runner unwraps every {@code
     * CompletionException}; unwrap only the JDK's own class, which {@code CompletableFuture}
     * adds.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(TaskMode.class)
    void rule08_aSubclassOfCompletionExceptionIsTheTasksOwnException(TaskMode mode) {
      OwnCompletionException boom =
          new OwnCompletionException(new IllegalStateException("wrapped by the task itself"));
      Throwable failure =
          failureOf(
              runner.all(
                  List.of(
                      task(mode, () -> "fine"),
                      task(
                          mode,
                          () -> {
                            throw boom;
                          })),
                  options(mode).build()));
      assertTaskFailed(failure, boom, 1);
    }

    /**
     * The stack trace of the {@code TaskFailedException} is the awaiting caller's: it contains
     * this test method, so the user sees where they waited (the cause shows where the task
     * failed). If it does not, the exception was created on the task's thread; create it in
     * {@code await()}.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(TaskMode.class)
    void rule08_stackTraceIsTheAwaitingCallers(TaskMode mode) {
      Throwable failure =
          failureOf(
              runner.all(
                  List.of(
                      task(
                          mode,
                          () -> {
                            throw new IllegalArgumentException("created in the task");
                          })),
                  options(mode).build()));
      assertThat(failure).isInstanceOf(TaskFailedException.class);
      Throwable boom = failure.getCause();
      assertThat(failure.getStackTrace())
          .as("the stack trace of the exception thrown by await()")
          .anyMatch(frame -> frame.getMethodName().equals("rule08_stackTraceIsTheAwaitingCallers"));
      assertThat(boom.getStackTrace())
          .as("the task's own exception keeps its own stack trace")
          .noneMatch(frame -> frame.getMethodName().equals("rule08_stackTraceIsTheAwaitingCallers"));
    }
  }

  // ================================================================== R9

  @Nested
  @DisplayName("R9: later failures are suppressed in order, once each; the gather's own cancellation is not a failure")
  class Rule09 {

    /**
     * Task 0 fails (the primary); then, while the gather stops, task 1 throws {@code b}, task 2
     * throws {@code c} after {@code b} was seen, task 3 throws the {@code InterruptedException} the
     * cancellation caused, task 4 rethrows the primary itself and task 5 rethrows {@code b}. The
     * suppressed exceptions must be exactly {@code [b, c]}. If they are in another order, the
     * runner does not record them as they happen; if {@code b} appears twice or the primary or
     * the {@code InterruptedException} appear, it does not deduplicate or filter. (Blocking tasks
     * only: a cancelled async task is settled by its future's cancellation, so it cannot fail
     * later; {@link #rule09_gathersOwnCancellationIsNotAFailure} covers async tasks.)
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(
        value = TaskMode.class,
        names = {"BLOCKING", "BLOCKING_BOUNDED"})
    void rule09_laterFailuresAreSuppressedInOrderEachOnce(TaskMode mode) throws Exception {
      assumeGivenExecutorRunsBlockingTasks(mode);
      IllegalStateException a = new IllegalStateException("a (primary)");
      IllegalStateException b = new IllegalStateException("b");
      IllegalStateException c = new IllegalStateException("c");
      CountDownLatch bSeen = new CountDownLatch(1);
      CountDownLatch cSeen = new CountDownLatch(1);
      Blocker tb =
          new Blocker(
              e -> {
                afterReport(bSeen::countDown);
                throw b;
              });
      Blocker tc =
          new Blocker(
              e -> {
                awaitLatch(bSeen, "b to be seen");
                afterReport(cSeen::countDown);
                throw c;
              });
      Blocker td = new Blocker();
      Blocker te =
          new Blocker(
              e -> {
                awaitLatch(cSeen, "c to be seen");
                throw a;
              });
      Blocker tf =
          new Blocker(
              e -> {
                awaitLatch(cSeen, "c to be seen");
                throw b;
              });
      List<Blocker> siblings = List.of(tb, tc, td, te, tf);
      List<Task<String>> tasks = new ArrayList<>();
      tasks.add(
          task(
              mode,
              () -> {
                for (Blocker sibling : siblings) {
                  sibling.awaitStarted();
                }
                throw a;
              }));
      for (Blocker sibling : siblings) {
        tasks.add(task(mode, sibling::call));
      }
      GatherOptions options = options(mode, tasks.size()).executor(reportingExecutor()).build();
      Throwable failure = failureOf(runner.all(tasks, options));
      assertTaskFailed(failure, a);
      assertThat(failure.getSuppressed()).containsExactly(b, c);
    }

    /**
     * When the gather cancels its siblings, the {@code InterruptedException}s and {@code
     * CancellationException}s that causes are not failures: nothing is suppressed and the failure
     * handler receives nothing. If they appear, the runner does not tell its own cancellation
     * from a task's failure.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(TaskMode.class)
    void rule09_gathersOwnCancellationIsNotAFailure(TaskMode mode) throws Exception {
      Blocker interrupted = new Blocker();
      Blocker cancelled =
          new Blocker(
              e -> {
                throw new CancellationException("stopped: " + e);
              });
      Blocker wrapped =
          new Blocker(
              e -> {
                throw new CompletionException(e);
              });
      IOException boom = new IOException("boom");
      List<Task<String>> tasks =
          List.of(
              task(mode, interrupted::call),
              task(mode, cancelled::call),
              task(mode, wrapped::call),
              task(
                  mode,
                  () -> {
                    interrupted.awaitStarted();
                    cancelled.awaitStarted();
                    wrapped.awaitStarted();
                    throw boom;
                  }));
      Throwable failure = failureOf(runner.all(tasks, options(mode, 4).build()));
      assertTaskFailed(failure, boom);
      assertThat(failure.getSuppressed()).isEmpty();
      interrupted.assertInterrupted();
      cancelled.assertInterrupted();
      wrapped.assertInterrupted();
    }
    /**
     * Whatever ends the gather carries the task failures seen before it: an {@code any} whose two
     * failing tasks failed (in this order) before its timeout passed throws a {@code
     * GatherTimeoutException} with both suppressed, in order (for blocking tasks, whose order
     * the runner sees as it happens); cancelled instead, its {@code
     * CancellationException} carries them. If they are missing, the runner keeps the failures of
     * {@code any} only for an {@code AllFailedException}, and drops them when the gather ends
     * another way.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(TaskMode.class)
    void rule09_timeoutAndCancellationCarryTheFailuresSeenBeforeThem(TaskMode mode)
        throws Exception {
      assumeGivenExecutorRunsBlockingTasks(mode); // the failures are seen through afterReport
      assertCarriesTheFailuresSeenBefore(
          mode,
          (tasks, options) -> runner.any(tasks, options.timeout(Delays.MEDIUM).build()),
          false);
      assertCarriesTheFailuresSeenBefore(
          mode, (tasks, options) -> runner.any(tasks, options.build()), true);
    }

    /**
     * An {@code allSettled} keeps each failure in its task's outcome; cancelled, it returns no
     * outcomes, so its {@code CancellationException} carries the two failures seen before, in
     * order. If they are missing, a failure of a cancelled {@code allSettled} reaches no one.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(TaskMode.class)
    void rule09_cancelledAllSettledCarriesTheFailuresSeenBeforeIt(TaskMode mode)
        throws Exception {
      assumeGivenExecutorRunsBlockingTasks(mode); // the failures are seen through afterReport
      assertCarriesTheFailuresSeenBefore(
          mode, (tasks, options) -> runner.allSettled(tasks, options.build()), true);
    }

    /**
     * The same for {@code bothSettled}: its first task failed, its second still runs when the
     * gather is cancelled, and the {@code CancellationException} carries the failure.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(TaskMode.class)
    void rule09_cancelledBothSettledCarriesTheFailureSeenBeforeIt(TaskMode mode)
        throws Exception {
      assumeGivenExecutorRunsBlockingTasks(mode); // the failure is seen through afterReport
      IOException first = new IOException("first");
      CountDownLatch seen = new CountDownLatch(1);
      Blocker blocker = new Blocker();
      var handle =
          runner.bothSettled(
              task(
                  mode,
                  () -> {
                    blocker.awaitStarted();
                    afterReport(seen::countDown);
                    throw first;
                  }),
              task(mode, blocker::call),
              options(mode, 2).executor(reportingExecutor()).build());
      awaitLatch(seen, "the failure to be seen");
      assertThat(handle.cancel()).isTrue();
      Throwable failure = failureOf(handle);
      assertThat(failure).isInstanceOf(CancellationException.class);
      assertThat(failure.getSuppressed()).containsExactly(first);
      blocker.assertInterrupted();
    }

    /**
     * Starts a gather over a task that blocks and two that fail, in this order, once it runs;
     * then, if {@code cancel}, cancels it once both failures were seen, else lets its timeout
     * pass. What {@code await()} throws must carry both failures (in order for blocking tasks).
     */
    private void assertCarriesTheFailuresSeenBefore(
        TaskMode mode,
        BiFunction<List<Task<String>>, GatherOptions.Builder, GatherHandle<?>> start,
        boolean cancel)
        throws Exception {
      IOException first = new IOException("first");
      IOException second = new IOException("second");
      CountDownLatch firstSeen = new CountDownLatch(1);
      CountDownLatch secondSeen = new CountDownLatch(1);
      Blocker blocker = new Blocker();
      List<Task<String>> tasks =
          List.of(
              task(mode, blocker::call),
              task(
                  mode,
                  () -> {
                    blocker.awaitStarted();
                    afterReport(firstSeen::countDown);
                    throw first;
                  }),
              task(
                  mode,
                  () -> {
                    awaitLatch(firstSeen, "the first failure to be seen");
                    afterReport(secondSeen::countDown);
                    throw second;
                  }));
      GatherHandle<?> handle = start.apply(tasks, options(mode, 3).executor(reportingExecutor()));
      if (cancel) {
        awaitLatch(secondSeen, "the second failure to be seen");
        assertThat(handle.cancel()).isTrue();
      }
      Throwable failure = failureOf(handle);
      assertThat(secondSeen.getCount())
          .as("both tasks failed before the timeout (%s) passed", Delays.MEDIUM)
          .isZero();
      assertThat(failure)
          .isInstanceOf(cancel ? CancellationException.class : GatherTimeoutException.class);
      if (mode.async()) {
        // An async task's future may complete before the runner observes it, so "seen" (and
        // with it the order) is the runner's, not the test's: both are carried, in some order.
        assertThat(failure.getSuppressed()).containsExactlyInAnyOrder(first, second);
      } else {
        assertThat(failure.getSuppressed()).containsExactly(first, second);
      }
      blocker.assertInterrupted();
    }
  }

  // ================================================================== R19

  @Nested
  @DisplayName("R19: an Error thrown by a task is a failure like any other, never lost")
  class Rule19 {

    /**
     * A task throws {@code StackOverflowError} (a real one, from recursion) and another an {@code
     * AssertionError}: {@code all} fails with the very error as the cause, {@code allSettled}
     * records it as {@code Failure}. If the gather hangs, the runner catches only {@code
     * Exception} and the error killed a thread silently.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(TaskMode.class)
    void rule19_errorIsAFailure(TaskMode mode) throws Exception {
      AtomicReference<Throwable> overflow = new AtomicReference<>();
      Task<String> recursing =
          task(
              mode,
              () -> {
                try {
                  return String.valueOf(recurse(0));
                } catch (StackOverflowError e) {
                  overflow.set(e);
                  throw e;
                }
              });
      Throwable failure = failureOf(runner.all(List.of(recursing), options(mode).build()));
      assertThat(failure).isInstanceOf(TaskFailedException.class);
      profile().assertSameFailure(failure.getCause(), overflow.get());
      AssertionError error = new AssertionError("an error");
      List<Outcome<String>> outcomes =
          await(
              runner.allSettled(
                  List.of(
                      task(
                          mode,
                          () -> {
                            throw error;
                          }),
                      task(mode, () -> "fine")),
                  options(mode).build()));
      profile().assertFailureOutcome(outcomes.get(0), error);
      assertThat(outcomes.get(1)).isEqualTo(new Outcome.Success<>("fine"));
    }
  }

  /** A task's own exception that happens to extend {@code CompletionException} (R8). */
  static final class OwnCompletionException extends CompletionException {
    private static final long serialVersionUID = 1L;

    OwnCompletionException(Throwable cause) {
      super("the task's own CompletionException", cause);
    }
  }

  private static int recurse(int depth) {
    return recurse(depth + 1) + 1;
  }
}
