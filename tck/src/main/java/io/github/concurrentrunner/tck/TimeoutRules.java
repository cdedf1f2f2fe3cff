package io.github.concurrentrunner.tck;

import static io.github.concurrentrunner.tck.TckChecks.await;
import static io.github.concurrentrunner.tck.TckChecks.failureOf;
import static io.github.concurrentrunner.tck.TckChecks.values;
import static java.util.concurrent.TimeUnit.NANOSECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.concurrentrunner.GatherHandle;
import io.github.concurrentrunner.GatherOptions;
import io.github.concurrentrunner.GatherTimeoutException;
import io.github.concurrentrunner.Outcome;
import io.github.concurrentrunner.Task;
import io.github.concurrentrunner.TaskFailedException;
import io.github.concurrentrunner.TaskTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The rules of the kit on timeouts: the gather's timeout (R15) and each task's (R16).
 *
 * <p>One link of the chain of abstract classes from {@link TckHarness} to {@link
 * ConcurrentRunnerTck}: its {@code @Nested} rule groups are inner classes, so each test reaches the
 * harness's runner, tasks and probes as its enclosing instance, and JUnit discovers them in the
 * superclasses of a backend's subclass of the kit.
 */
abstract class TimeoutRules extends SettledAnyRaceRules {

  // ================================================================== R15

  @Nested
  @DisplayName("R15: the gather's timeout fails all/any/race/both with GatherTimeoutException; allSettled records TimedOut")
  class Rule15 {

    /**
     * For {@code all}, {@code any}, {@code race} and {@code both} with blocked tasks and {@code
     * timeout}: {@code await()} throws {@code GatherTimeoutException} (not {@code
     * TaskFailedException}, not {@code CancellationException}) naming the operation, and the
     * tasks are interrupted. If it hangs, the timeout timer is never armed; if another exception
     * comes, the runner reuses cancellation for timeouts.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(TaskMode.class)
    void rule15_timeoutFailsAllAnyRaceAndBoth(TaskMode mode) throws Exception {
      GatherOptions options = options(mode).timeout(Delays.TICK).build();
      List<String> operations = List.of("all", "any", "race", "both");
      for (String operation : operations) {
        Blocker first = new Blocker();
        Blocker second = new Blocker();
        List<Task<String>> tasks = List.of(task(mode, first::call), task(mode, second::call));
        GatherHandle<?> handle =
            switch (operation) {
              case "all" -> runner.all(tasks, options);
              case "any" -> runner.any(tasks, options);
              case "race" -> runner.race(tasks, options);
              default -> runner.both(tasks.get(0), tasks.get(1), options);
            };
        Throwable failure = failureOf(handle);
        assertThat(failure).as(operation).isInstanceOf(GatherTimeoutException.class);
        assertThat(((GatherTimeoutException) failure).timeout()).isEqualTo(Delays.TICK);
        assertThat(failure.getMessage()).as(operation).contains(operation);
        assertThat(failure.getSuppressed()).as(operation).isEmpty();
        // A task the timeout overtook before it started is cancelled by never starting (a task
        // that starts later blocks, and the after-test check reports it still running).
        for (Blocker blocker : List.of(first, second)) {
          if (blocker.hasStarted()) {
            blocker.assertInterrupted();
          }
        }
      }
    }

    /**
     * {@code allSettled} with a {@code timeout}: the finished task is {@code Success}, the blocked
     * one and (with a bound) the never-started one are {@code TimedOut}, and the gather returns
     * normally. If it throws, the runner treats allSettled's timeout like all's.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(TaskMode.class)
    void rule15_timeoutMakesUnfinishedAllSettledSlotsTimedOut(TaskMode mode) throws Exception {
      Blocker slow = new Blocker();
      AtomicInteger neverStarted = new AtomicInteger();
      List<Task<String>> tasks =
          List.of(
              task(mode, () -> "a"),
              task(mode, slow::call),
              task(
                  mode,
                  () -> {
                    if (mode.bounded()) {
                      neverStarted.incrementAndGet();
                    }
                    return slow.call();
                  }));
      List<Outcome<String>> outcomes =
          await(runner.allSettled(tasks, options(mode, 1).timeout(Delays.MEDIUM).build()));
      assertThat(outcomes.get(0)).isEqualTo(new Outcome.Success<>("a"));
      assertThat(outcomes.get(1)).isInstanceOf(Outcome.TimedOut.class);
      assertThat(outcomes.get(2)).isInstanceOf(Outcome.TimedOut.class);
      if (slow.hasStarted()) {
        slow.assertInterrupted();
      }
      assertThat(neverStarted.get()).isZero();
    }
  }

  // ================================================================== R16

  @Nested
  @DisplayName("R16: taskTimeout cancels an overdue task, which fails with TaskTimeoutException")
  class Rule16 {

    /**
     * A blocked task outlives its {@code taskTimeout}: it is interrupted and {@code all} fails
     * with a {@code TaskFailedException} whose cause is a {@code TaskTimeoutException} naming the
     * task and the timeout. If the cause is something else, the runner does not tell a task
     * timeout from a failure.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(TaskMode.class)
    void rule16_taskTimeoutFailsAllWithTaskTimeoutException(TaskMode mode) throws Exception {
      Blocker slow = new Blocker();
      List<Task<String>> tasks = List.of(task(mode, () -> "quick"), task(mode, "slow", slow::call));
      Throwable failure =
          failureOf(runner.all(tasks, options(mode).taskTimeout(Delays.MEDIUM).build()));
      assertThat(failure).isInstanceOf(TaskFailedException.class);
      assertThat(failure.getCause()).isInstanceOf(TaskTimeoutException.class);
      TaskTimeoutException timedOut = (TaskTimeoutException) failure.getCause();
      assertThat(timedOut.taskIndex()).isEqualTo(1);
      assertThat(timedOut.taskName()).isEqualTo("slow");
      assertThat(timedOut.taskTimeout()).isEqualTo(Delays.MEDIUM);
      assertThat(((TaskFailedException) failure).taskIndex()).isEqualTo(1);
      slow.assertInterrupted();
    }

    /**
     * {@code allSettled} records a task that outlived its {@code taskTimeout} as {@code TimedOut},
     * and the others normally.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(
        value = TaskMode.class,
        names = {"BLOCKING", "ASYNC"})
    void rule16_allSettledRecordsTaskTimeoutAsTimedOut(TaskMode mode) throws Exception {
      Blocker slow = new Blocker();
      List<Outcome<String>> outcomes =
          await(
              runner.allSettled(
                  List.of(task(mode, slow::call), task(mode, () -> "quick")),
                  options(mode).taskTimeout(Delays.MEDIUM).build()));
      assertThat(outcomes.get(0)).isInstanceOf(Outcome.TimedOut.class);
      assertThat(outcomes.get(1)).isEqualTo(new Outcome.Success<>("quick"));
      slow.assertInterrupted();
    }

    /**
     * The timeout is measured from each task's own start: with {@code maxConcurrency(1)}, three
     * tasks that each take 37% of the {@code taskTimeout} all succeed although together they take
     * longer. If the last one times out, the runner measures from the gather's start.
     */
    @Test
    void rule16_taskTimeoutIsMeasuredFromTheTasksOwnStart() throws Exception {
      Duration taskTimeout = Delays.MEDIUM.multipliedBy(3).dividedBy(2);
      long share = taskTimeout.toNanos() * 37 / 100;
      List<Task<String>> tasks = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        int index = i;
        tasks.add(
            task(
                TaskMode.BLOCKING,
                () -> {
                  TimeUnit.NANOSECONDS.sleep(share); // the workload: a task that takes time
                  return "v" + index;
                }));
      }
      assertThat(
              await(
                  runner.all(
                      tasks,
                      GatherOptions.builder().maxConcurrency(1).taskTimeout(taskTimeout).build())))
          .isEqualTo(values(3));
    }
  }
}
