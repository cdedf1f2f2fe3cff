package io.github.concurrentrunner.tck;

import static io.github.concurrentrunner.tck.TckChecks.await;
import static io.github.concurrentrunner.tck.TckChecks.awaitLatch;
import static io.github.concurrentrunner.tck.TckChecks.completedTask;
import static io.github.concurrentrunner.tck.TckChecks.failureOf;
import static io.github.concurrentrunner.tck.TckChecks.inputOrder;
import static io.github.concurrentrunner.tck.TckChecks.ioExceptions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.concurrentrunner.AllFailedException;
import io.github.concurrentrunner.GatherOptions;
import io.github.concurrentrunner.Outcome;
import io.github.concurrentrunner.Task;
import io.github.concurrentrunner.TaskFailedException;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The rules of the kit on the operations other than all: allSettled (R12), any (R13) and race
 * (R14).
 *
 * <p>One link of the chain of abstract classes from {@link TckHarness} to {@link
 * ConcurrentRunnerTck}: its {@code @Nested} rule groups are inner classes, so each test reaches the
 * harness's runner, tasks and probes as its enclosing instance, and JUnit discovers them in the
 * superclasses of a backend's subclass of the kit.
 */
abstract class SettledAnyRaceRules extends NoOrphanRules {

  // ================================================================== R12

  @Nested
  @DisplayName("R12: allSettled records each slot as exactly one of Success, Failure (same instance), TimedOut")
  class Rule12 {

    /**
     * Three tasks: one returns, one throws, one outlives its {@code taskTimeout}. The outcomes are
     * {@code Success("a")}, {@code Failure(boom)} with the very instance, and {@code TimedOut};
     * {@code getOrThrow} behaves per kind. If the failure is wrapped, unwrap it; if the slow task
     * is a {@code Failure(TaskTimeoutException)}, record timeouts as {@code TimedOut}.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(TaskMode.class)
    void rule12_allSettledRecordsSuccessFailureAndTimedOut(TaskMode mode) throws Exception {
      IOException boom = new IOException("boom");
      Blocker slow = new Blocker();
      List<Task<String>> tasks =
          List.of(
              task(mode, () -> "a"),
              task(
                  mode,
                  () -> {
                    throw boom;
                  }),
              task(mode, slow::call));
      List<Outcome<String>> outcomes =
          await(runner.allSettled(tasks, options(mode).taskTimeout(Delays.MEDIUM).build()));
      assertThat(outcomes.get(0)).isEqualTo(new Outcome.Success<>("a"));
      assertThat(outcomes.get(1)).isInstanceOf(Outcome.Failure.class);
      profile().assertSameFailure(((Outcome.Failure<String>) outcomes.get(1)).exception(), boom);
      assertThat(outcomes.get(2)).isInstanceOf(Outcome.TimedOut.class);
      slow.assertInterrupted();
      assertThat(outcomes.get(0).getOrThrow()).isEqualTo("a");
      assertThat(catchThrowable(() -> outcomes.get(1).getOrThrow()))
          .isInstanceOf(TaskFailedException.class)
          .hasCause(boom);
      assertThat(catchThrowable(() -> outcomes.get(2).getOrThrow()))
          .isInstanceOf(IllegalStateException.class);
      assertThat(outcomes).hasSize(3).allMatch(o -> o != null);
    }
  }

  // ================================================================== R13

  @Nested
  @DisplayName("R13: any returns the first success and cancels the rest; all failing gives AllFailedException in input order")
  class Rule13 {

    /**
     * Task 0 fails, task 1 blocks, task 2 succeeds: {@code any} returns task 2's value, task 1 is
     * interrupted, and the earlier failure is reported nowhere (it is the normal course of any).
     * If task 1 is not interrupted, the runner does not cancel the losers.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(TaskMode.class)
    void rule13_anyReturnsFirstSuccessAndCancelsTheRest(TaskMode mode) throws Exception {
      assumeGivenExecutorRunsBlockingTasks(mode);
      Blocker loser = new Blocker();
      CountDownLatch failureSeen = new CountDownLatch(1);
      List<Task<String>> tasks =
          List.of(
              task(
                  mode,
                  () -> {
                    afterReport(failureSeen::countDown);
                    throw new IOException("first fails");
                  }),
              task(mode, loser::call),
              task(
                  mode,
                  () -> {
                    loser.awaitStarted();
                    // the failure must come first: one after the success would be a late failure
                    awaitLatch(failureSeen, "the runner to see task 0's failure");
                    return "win";
                  }));
      GatherOptions options = options(mode).executor(reportingExecutor()).build();
      assertThat(await(runner.any(tasks, options))).isEqualTo("win");
      loser.assertInterrupted();
    }

    /**
     * Stages that are complete when their suppliers return (a cache's miss, then its hit): {@code
     * any} returns the value of the first one that succeeded and never starts the task after it
     * (R7); beside a task still running, the same value wins and that task's stage is cancelled.
     * If the third task starts, or the running stage is not cancelled, the path that takes a
     * complete stage's value without a callback does not decide as a callback would (the engine
     * decides such a success without its lock when nothing else runs).
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(
        value = TaskMode.class,
        names = {"ASYNC", "ASYNC_BOUNDED"})
    void rule13_anyOverCompleteStagesTakesTheFirstSuccess(TaskMode mode) throws Exception {
      AtomicInteger laterStarted = new AtomicInteger();
      Task<String> later = laterTask(laterStarted);
      Task<String> miss =
          Task.async(() -> CompletableFuture.<String>failedFuture(new IOException("miss")));
      GatherOptions options = options(mode).build();
      assertThat(await(runner.any(List.of(miss, completedTask("hit"), later), options)))
          .isEqualTo("hit");
      assertThat(laterStarted).hasValue(0);

      CompletableFuture<String> running = new CompletableFuture<>();
      assertThat(
              await(runner.any(List.of(Task.async(() -> running), completedTask("hit"), later),
                  options)))
          .isEqualTo("hit");
      assertThat(running).isCancelled();
      assertThat(laterStarted).hasValue(0);
    }

    /**
     * Every task fails, in reverse order: {@code AllFailedException.failures()} and {@code
     * getSuppressed()} hold every failure, the very instances, in input order. If they are in
     * completion order, store each failure in its task's slot.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(TaskMode.class)
    void rule13_allFailedCarriesEveryFailureInInputOrder(TaskMode mode) {
      Scramble scramble = new Scramble(4, mode.bounded());
      List<Exception> thrown = ioExceptions(4, "failure ");
      List<Task<String>> tasks = scrambled(mode, scramble, thrown::get);
      Throwable failure = failureOf(runner.any(tasks, options(mode).build()));
      assertThat(failure).isInstanceOf(AllFailedException.class);
      assertThat(profile().comparable(((AllFailedException) failure).failures()))
          .containsExactlyElementsOf(profile().comparable(thrown));
      assertThat(profile().comparable(Arrays.asList(failure.getSuppressed())))
          .containsExactlyElementsOf(profile().comparable(thrown));
      assertThat(scramble.completionOrder()).isNotEqualTo(inputOrder(4));
    }
  }

  // ================================================================== R14

  @Nested
  @DisplayName("R14: race returns or throws the outcome of the first task to settle and cancels the rest")
  class Rule14 {

    /**
     * The second task returns while the first blocks: the race returns its value and interrupts
     * the first. If the first is not interrupted, the runner does not cancel the losers.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(TaskMode.class)
    void rule14_raceReturnsFirstToSettleAndCancelsTheRest(TaskMode mode) throws Exception {
      Blocker slow = new Blocker();
      List<Task<String>> tasks =
          List.of(
              task(mode, slow::call),
              task(
                  mode,
                  () -> {
                    slow.awaitStarted();
                    return "fast";
                  }));
      assertThat(await(runner.race(tasks, options(mode).build()))).isEqualTo("fast");
      slow.assertInterrupted();
    }

    /**
     * Stages that are complete when their suppliers return: a race whose first stage has
     * succeeded returns its value and never starts the second task (R7); one whose first stage
     * has failed throws that failure; beside a task still running, a succeeded stage wins and
     * that task's stage is cancelled. If a later task starts, or the running stage is not
     * cancelled, the path that takes a complete stage's value without a callback does not decide
     * as a callback would.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(
        value = TaskMode.class,
        names = {"ASYNC", "ASYNC_BOUNDED"})
    void rule14_raceOverCompleteStagesTakesTheFirst(TaskMode mode) throws Exception {
      AtomicInteger laterStarted = new AtomicInteger();
      Task<String> later = laterTask(laterStarted);
      GatherOptions options = options(mode).build();
      assertThat(await(runner.race(List.of(completedTask("first"), later), options)))
          .isEqualTo("first");
      IOException boom = new IOException("failed first");
      Throwable failure =
          failureOf(
              runner.race(
                  List.of(Task.async(() -> CompletableFuture.<String>failedFuture(boom)), later),
                  options));
      assertTaskFailed(failure, boom, 0);
      assertThat(laterStarted).hasValue(0);

      CompletableFuture<String> running = new CompletableFuture<>();
      assertThat(
              await(runner.race(List.of(Task.async(() -> running), completedTask("fast"), later),
                  options)))
          .isEqualTo("fast");
      assertThat(running).isCancelled();
      assertThat(laterStarted).hasValue(0);
    }

    /**
     * The first task to settle fails: the race throws {@code TaskFailedException} with that very
     * exception and its index, and interrupts the other. If the race waits for a success, it was
     * implemented like {@code any}.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(TaskMode.class)
    void rule14_raceFailsWithTheFirstFailure(TaskMode mode) throws Exception {
      Blocker slow = new Blocker();
      IOException boom = new IOException("first to settle fails");
      List<Task<String>> tasks =
          List.of(
              task(mode, slow::call),
              failingOnceStarted(mode, slow, boom));
      Throwable failure = failureOf(runner.race(tasks, options(mode).build()));
      assertTaskFailed(failure, boom, 1);
      slow.assertInterrupted();
    }
  }

  /** An async task that counts its starts and never completes its stage. */
  private static Task<String> laterTask(AtomicInteger started) {
    return Task.async(
        () -> {
          started.incrementAndGet();
          return new CompletableFuture<String>();
        });
  }
}
