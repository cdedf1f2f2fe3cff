package io.github.concurrentrunner.tck;

import static io.github.concurrentrunner.tck.TckChecks.await;
import static io.github.concurrentrunner.tck.TckChecks.failureOf;
import static io.github.concurrentrunner.tck.TckChecks.values;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.concurrentrunner.GatherOptions;
import io.github.concurrentrunner.GatherTimeoutException;
import io.github.concurrentrunner.Outcome;
import io.github.concurrentrunner.Task;
import io.github.concurrentrunner.tck.Hostile.MisbehavingFuture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The rules of the kit on hostile foreign code (R27), part two: async tasks' stages whose methods
 * throw, executors that throw anything, run a body twice or never, and task bodies that throw
 * what no {@code Callable} declares. Part one is {@link HostileRules}.
 *
 * <p>One link of the chain of abstract classes from {@link TckHarness} to {@link
 * ConcurrentRunnerTck}: its {@code @Nested} rule groups are inner classes, so each test reaches the
 * harness's runner, tasks and probes as its enclosing instance, and JUnit discovers them in the
 * superclasses of a backend's subclass of the kit.
 */
abstract class HostileStageRules extends HostileRules {

  @Nested
  @DisplayName("R27: hostile stages, executors and task bodies: what they throw is that task's failure")
  class Rule27Stages extends Watched {

    /**
     * An async task returns a stage whose {@code whenComplete} throws (and which never
     * completes): that exception is the task's failure, the very instance, on every backend and
     * also when the task is started later, from another task's thread, under {@code
     * maxConcurrency}. If the gather hangs (or, with a timeout, reports a leaked task), the
     * runner lost the task's exit; if the cause is another exception, the backend's library
     * wrapped it.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(
        value = TaskMode.class,
        names = {"ASYNC", "ASYNC_BOUNDED"})
    void rule27_stageWhoseWhenCompleteThrowsFailsThatTask(TaskMode mode) throws Exception {
      IllegalStateException boom = new IllegalStateException("whenComplete is broken");
      Task<String> hostile =
          Task.async("hostile", () -> new MisbehavingFuture<String>(boom, null, null));
      List<Task<String>> tasks = List.of(task(mode, () -> "a"), task(mode, () -> "b"), hostile);
      GatherOptions options = options(mode).build();
      assertTaskFailed(failureOf(runner.all(tasks, options)), boom, 2);
      assertThat(await(runner.allSettled(tasks, options)).get(2))
          .isEqualTo(new Outcome.Failure<>(boom));
      assertTaskFailed(failureOf(runner.race(List.of(hostile), options)), boom, 0);
    }

    /**
     * While {@code all} stops after a failure, cancelling two pending async tasks throws: one
     * stage's {@code toCompletableFuture()} throws, the other's future's {@code cancel} throws.
     * Each exception is its task's failure (suppressed on what {@code await()} throws, in the
     * order of the tasks), the third sibling is still interrupted, and the gather completes at
     * once, without a {@code LeakedTaskException}. If it hangs, one throwing cancellation aborted
     * the others; if a leak is reported, the runner waited the grace period for tasks whose
     * cancellation had failed.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(
        value = TaskMode.class,
        names = {"ASYNC", "ASYNC_BOUNDED"})
    void rule27_throwingCancellationOfAStageIsThatTasksFailure(TaskMode mode) throws Exception {
      IllegalStateException convert = new IllegalStateException("toCompletableFuture is broken");
      IllegalStateException cancel = new IllegalStateException("cancel is broken");
      IllegalStateException boom = new IllegalStateException("primary");
      Blocker blocker = new Blocker();
      List<Task<String>> tasks =
          List.of(
              Task.async("no conversion", () -> new MisbehavingFuture<String>(null, convert, null)),
              Task.async("no cancel", () -> new MisbehavingFuture<String>(null, null, cancel)),
              task(mode, blocker::call),
              failingOnceStarted(mode, blocker, boom));
      // A grace period longer than the kit waits: a leak report would come too late to pass.
      GatherOptions options = options(mode, 4).gracePeriod(Delays.LONG.multipliedBy(2)).build();
      Throwable failure = failureOf(runner.all(tasks, options));
      assertTaskFailed(failure, boom, 3);
      assertThat(failure.getSuppressed()).containsExactly(convert, cancel);
      blocker.assertInterrupted();
    }

    /**
     * An executor that throws something other than {@code RejectedExecutionException} (an
     * {@code IllegalStateException}; an {@code OutOfMemoryError} when no thread can be created)
     * fails the task with that very exception, as a rejection does (R20). If the gather hangs or
     * the exception escapes from the call, the runner catches only rejections.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(
        value = TaskMode.class,
        names = {"BLOCKING", "BLOCKING_BOUNDED"})
    void rule27_executorThrowingAnythingFailsTheTask(TaskMode mode) throws Exception {
      assumeGivenExecutorRunsBlockingTasks(mode);
      for (Throwable broken :
          List.of(
              new IllegalStateException("the executor is broken"),
              new OutOfMemoryError("unable to create native thread (deliberately)"))) {
        Executor executor = body -> sneakyThrow(broken);
        Throwable failure =
            failureOf(runner.all(List.of(task(mode, () -> "never")), options(mode).executor(executor).build()));
        assertTaskFailed(failure, broken, 0);
      }
      assertThat(probe.entered()).as("task bodies run").isZero();
    }

    /**
     * An executor that runs each body twice (inline, and again on another thread) still runs each
     * task once and fills each slot once. If a task ran twice, the runner's body does not guard
     * against a second run.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(
        value = TaskMode.class,
        names = {"BLOCKING", "BLOCKING_BOUNDED"})
    void rule27_executorRunningABodyTwiceRunsTheTaskOnce(TaskMode mode) throws Exception {
      assumeGivenExecutorRunsBlockingTasks(mode);
      Executor twice =
          body -> {
            testPool.execute(body);
            body.run();
          };
      List<Task<String>> tasks = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        int index = i;
        tasks.add(task(mode, () -> "v" + index));
      }
      assertThat(await(runner.all(tasks, options(mode).executor(twice).build()))).isEqualTo(values(5));
      assertThat(probe.entered()).as("task bodies run").isEqualTo(5);
    }

    /**
     * An executor that silently drops every body: with a timeout the gather ends at the timeout,
     * reports nothing as leaked (the tasks never started) and sends no event; {@code allSettled}
     * records the tasks as timed out. If it hangs, the runner waits for tasks that never started.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(
        value = TaskMode.class,
        names = {"BLOCKING", "BLOCKING_BOUNDED"})
    void rule27_executorNeverRunningABodyEndsAtTheTimeoutWithoutLeaks(TaskMode mode)
        throws Exception {
      assumeGivenExecutorRunsBlockingTasks(mode);
      Executor never = body -> {};
      GatherOptions options = options(mode).executor(never).timeout(Delays.SHORT).build();
      List<Task<String>> tasks = List.of(task(mode, () -> "a"), task(mode, () -> "b"));
      long start = System.nanoTime();
      Throwable failure = failureOf(runner.all(tasks, options));
      assertThat(failure).isInstanceOf(GatherTimeoutException.class);
      assertThat(failure.getSuppressed()).isEmpty();
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .isLessThan(Delays.SHORT.plus(Delays.SLACK));
      assertThat(await(runner.allSettled(tasks, options)))
          .containsExactly(new Outcome.TimedOut<>(), new Outcome.TimedOut<>());
      assertThat(probe.entered()).as("task bodies run").isZero();
    }

    /**
     * Task bodies throw what no {@code Callable} declares: a direct subclass of {@code Throwable}
     * (thrown sneakily), an {@code Error}, and a checked exception thrown sneakily from an async
     * task's supplier. Each is its task's failure, the very instance, and nothing reaches the
     * uncaught-exception handler of the thread that ran it. If one does, the runner catches only
     * {@code Exception} somewhere on a task's path.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(TaskMode.class)
    void rule27_undeclaredThrowablesAreFailuresAndReachNoThread(TaskMode mode) throws Exception {
      for (Throwable thrown :
          List.of(new Undeclared(), new AssertionError("an Error"), new java.io.IOException("sneaky"))) {
        Task<String> failing =
            mode.async()
                ? Task.async(() -> sneakyThrow(thrown))
                : task(mode, () -> sneakyThrow(thrown));
        Throwable failure = failureOf(runner.all(List.of(failing), options(mode).build()));
        assertTaskFailed(failure, thrown, 0);
      }
    }
  }

  /**
   * A direct subclass of {@code Throwable}, neither an {@code Exception} nor an {@code Error}. A
   * static class, so that it serializes (REMOTE profile) without an enclosing test instance.
   */
  static final class Undeclared extends Throwable {
    private static final long serialVersionUID = 1L;

    Undeclared() {
      super("a direct Throwable subclass");
    }
  }

  /** Throws any throwable, checked or not, from code that declares nothing. */
  @SuppressWarnings("unchecked")
  static <T, E extends Throwable> T sneakyThrow(Throwable t) throws E {
    throw (E) t;
  }
}
