package io.github.concurrentrunner.tck;

import static io.github.concurrentrunner.tck.TckChecks.await;
import static io.github.concurrentrunner.tck.TckChecks.awaitLatch;
import static io.github.concurrentrunner.tck.TckChecks.completedTask;
import static io.github.concurrentrunner.tck.TckChecks.failureOf;
import static io.github.concurrentrunner.tck.TckChecks.inputOrder;
import static io.github.concurrentrunner.tck.TckChecks.ioExceptions;
import static io.github.concurrentrunner.tck.TckChecks.values;
import static io.github.concurrentrunner.tck.TckChecks.within;
import static java.util.concurrent.TimeUnit.NANOSECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.concurrentrunner.GatherHandle;
import io.github.concurrentrunner.GatherOptions;
import io.github.concurrentrunner.Outcome;
import io.github.concurrentrunner.Task;
import java.time.Duration;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The rules of the kit on ordering and start: results in input order (R1), tasks start only when
 * the gather starts them, under the bound (R2), and the same task twice runs twice (R6).
 *
 * <p>One link of the chain of abstract classes from {@link TckHarness} to {@link
 * ConcurrentRunnerTck}: its {@code @Nested} rule groups are inner classes, so each test reaches the
 * harness's runner, tasks and probes as its enclosing instance, and JUnit discovers them in the
 * superclasses of a backend's subclass of the kit.
 */
abstract class OrderingRules extends TckHarness {

  // ================================================================== R1

  @Nested
  @DisplayName("R1: results come in input order, never in completion order, under every option")
  class Rule01 {

    /**
     * Eight tasks complete in reverse order (bounded: pairs swapped); {@code all} must return
     * their values in input order. If this fails, the runner fills the result list in the order
     * tasks complete (for example by appending in a completion callback) instead of writing each
     * value into its task's slot.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(TaskMode.class)
    void rule01_allReturnsResultsInInputOrder(TaskMode mode) throws Exception {
      Scramble scramble = new Scramble(8, mode.bounded());
      List<Task<String>> tasks = scrambled(mode, scramble, i -> null);
      assertThat(await(runner.all(tasks, options(mode).build()))).isEqualTo(values(8));
      assertThat(scramble.completionOrder())
          .as("the scenario made tasks complete out of input order")
          .isNotEqualTo(inputOrder(8));
    }

    /**
     * Like {@link #rule01_allReturnsResultsInInputOrder}, for {@code allSettled} with failures at
     * odd indices. If this fails, outcomes are recorded in completion order, or a failure's slot
     * holds something other than {@code Outcome.Failure} of the very exception.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(TaskMode.class)
    void rule01_allSettledReturnsOutcomesInInputOrder(TaskMode mode) throws Exception {
      Scramble scramble = new Scramble(6, mode.bounded());
      List<Exception> thrown = ioExceptions(6, "boom ");
      List<Task<String>> tasks = scrambled(mode, scramble, i -> i % 2 == 1 ? thrown.get(i) : null);
      List<Outcome<String>> outcomes = await(runner.allSettled(tasks, options(mode).build()));
      assertThat(outcomes).hasSize(6);
      for (int i = 0; i < 6; i++) {
        if (i % 2 == 0) {
          assertThat(outcomes.get(i)).isEqualTo(new Outcome.Success<>("v" + i));
        } else {
          assertThat(outcomes.get(i)).isInstanceOf(Outcome.Failure.class);
          profile()
              .assertSameFailure(
                  ((Outcome.Failure<String>) outcomes.get(i)).exception(), thrown.get(i));
        }
      }
    }

    /**
     * The order holds under every option: timeout, taskTimeout, gracePeriod, a given executor,
     * maxConcurrency 1, and all at once. If this fails for one variant, that option's code path
     * (a timer, a different executor, the bound's queue) loses track of the slots.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(
        value = TaskMode.class,
        names = {"BLOCKING", "ASYNC"})
    void rule01_orderHoldsUnderEveryOption(TaskMode mode) throws Exception {
      Duration far = Delays.LONG.multipliedBy(4);
      List<GatherOptions> variants =
          List.of(
              GatherOptions.defaults(),
              GatherOptions.builder().timeout(far).build(),
              GatherOptions.builder().taskTimeout(far).build(),
              GatherOptions.builder().gracePeriod(Duration.ZERO).build(),
              GatherOptions.builder().executor(testPool).build(),
              GatherOptions.builder().maxConcurrency(1).build(),
              GatherOptions.builder()
                  .timeout(far)
                  .taskTimeout(far)
                  .maxConcurrency(2)
                  .executor(testPool)
                  .gracePeriod(Delays.GRACE)
                  .build());
      for (GatherOptions variant : variants) {
        boolean serial = variant.maxConcurrency().orElse(Integer.MAX_VALUE) < 2;
        Scramble scramble = new Scramble(6, true);
        List<Task<String>> tasks = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
          int index = i;
          tasks.add(
              task(mode, serial ? () -> "v" + index : () -> scramble.run(index, () -> "v" + index)));
        }
        assertThat(await(runner.all(tasks, variant))).as("under %s", variant).isEqualTo(values(6));
      }
    }

    /**
     * Async tasks whose stages are already complete when they start (a cache hit, {@code
     * completedFuture}, {@code failedFuture}), beside pending ones: {@code all} and {@code
     * allSettled} keep input order. If this fails, the path that takes an already-complete
     * stage's value without a callback puts it into another task's slot, or confuses one task's
     * bookkeeping with another's (the engine starts the next task with the record of a harvested
     * one).
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(
        value = TaskMode.class,
        names = {"ASYNC", "ASYNC_BOUNDED"})
    void rule01_alreadyCompletedStagesKeepTheirPlaceBesidePendingOnes(TaskMode mode)
        throws Exception {
      int n = 48;
      List<CompletableFuture<String>> pending = new ArrayList<>();
      List<Task<String>> tasks = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        tasks.add(i % 3 == 2 ? pendingTask(pending) : completedTask("v" + i));
      }
      GatherHandle<List<String>> all = runner.all(tasks, options(mode).build());
      completeInReverse(pending, 2, 3);
      assertThat(await(all)).isEqualTo(values(n));

      List<Exception> thrown = ioExceptions(n, "boom ");
      pending.clear();
      tasks.clear();
      for (int i = 0; i < n; i++) {
        Exception boom = thrown.get(i);
        tasks.add(
            i % 3 == 2
                ? pendingTask(pending)
                : i % 4 == 1
                    ? Task.async(() -> CompletableFuture.<String>failedFuture(boom))
                    : completedTask("v" + i));
      }
      GatherHandle<List<Outcome<String>>> settled =
          runner.allSettled(tasks, options(mode).build());
      completeInReverse(pending, 2, 3);
      List<Outcome<String>> outcomes = await(settled);
      assertThat(outcomes).hasSize(n);
      for (int i = 0; i < n; i++) {
        if (i % 3 != 2 && i % 4 == 1) {
          assertThat(outcomes.get(i)).as("slot %d", i).isInstanceOf(Outcome.Failure.class);
          profile()
              .assertSameFailure(
                  ((Outcome.Failure<String>) outcomes.get(i)).exception(), thrown.get(i));
        } else {
          assertThat(outcomes.get(i)).as("slot %d", i).isEqualTo(new Outcome.Success<>("v" + i));
        }
      }
    }
  }

  /** A task whose stage is a new pending future, added to {@code pending}. */
  private static Task<String> pendingTask(List<CompletableFuture<String>> pending) {
    CompletableFuture<String> future = new CompletableFuture<>();
    pending.add(future);
    return Task.async(() -> future);
  }

  /** Completes the pending futures last to first, the k-th with "v" + (first + k * step). */
  private static void completeInReverse(
      List<CompletableFuture<String>> pending, int first, int step) {
    for (int k = pending.size() - 1; k >= 0; k--) {
      pending.get(k).complete("v" + (first + k * step));
    }
  }

  // ================================================================== R2

  @Nested
  @DisplayName("R2: tasks start only when the gather starts them, at most maxConcurrency at once")
  class Rule02 {

    /**
     * With {@code maxConcurrency(3)} over 12 tasks: the number of tasks running never exceeds 3,
     * actually reaches 3, and a task starts only when {@code started <= finished + 3}. If the
     * maximum exceeds the bound, the runner starts tasks without checking its in-flight count (or
     * counts a task as finished before it is); if it never reaches the bound, it starts tasks one
     * by one; the start invariant catches a runner that starts task i+k early.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(
        value = TaskMode.class,
        names = {"BLOCKING", "ASYNC"})
    void rule02_inFlightCountNeverExceedsBoundAndReachesIt(TaskMode mode) throws Exception {
      int k = 3;
      AtomicInteger started = new AtomicInteger();
      AtomicInteger finished = new AtomicInteger();
      AtomicInteger maxRunning = new AtomicInteger();
      AtomicBoolean earlyStart = new AtomicBoolean();
      CountDownLatch go = new CountDownLatch(1);
      List<Task<String>> tasks = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        int index = i;
        tasks.add(
            task(
                mode,
                () -> {
                  int now = started.incrementAndGet();
                  if (now > finished.get() + k) {
                    earlyStart.set(true);
                  }
                  maxRunning.accumulateAndGet(now - finished.get(), Math::max);
                  try {
                    awaitLatch(go, "the test to let the tasks finish");
                    return "v" + index;
                  } finally {
                    finished.incrementAndGet();
                  }
                }));
      }
      GatherHandle<List<String>> handle =
          runner.all(tasks, GatherOptions.builder().maxConcurrency(k).build());
      within("3 tasks running", () -> assertThat(started.get()).isEqualTo(k));
      assertThat(probe.running()).as("bodies running while the first 3 block").isEqualTo(k);
      assertThat(started.get()).as("tasks started while the first 3 block").isEqualTo(k);
      go.countDown();
      assertThat(await(handle)).isEqualTo(values(12));
      assertThat(maxRunning.get()).as("most tasks running at once").isEqualTo(k);
      assertThat(earlyStart.get()).as("a task started before an earlier one finished").isFalse();
    }

    /**
     * With {@code maxConcurrency(2)}: while tasks 0 and 1 block, task 2 has not started; when task
     * 1 finishes, task 2 starts, and task 3 only when task 0 finishes. If this fails, the runner
     * starts task i+k before an earlier task finished, or does not start the next task when one
     * finishes (a lost wake-up in its queue).
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(
        value = TaskMode.class,
        names = {"BLOCKING", "ASYNC"})
    void rule02_taskStartsOnlyAfterAnEarlierOneFinished(TaskMode mode) throws Exception {
      CountDownLatch[] finish = new CountDownLatch[4];
      CountDownLatch[] begun = new CountDownLatch[4];
      for (int i = 0; i < 4; i++) {
        finish[i] = new CountDownLatch(1);
        begun[i] = new CountDownLatch(1);
      }
      List<Task<String>> tasks = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        int index = i;
        tasks.add(
            task(
                mode,
                () -> {
                  begun[index].countDown();
                  awaitLatch(finish[index], "the test to finish task " + index);
                  return "v" + index;
                }));
      }
      GatherHandle<List<String>> handle =
          runner.all(tasks, GatherOptions.builder().maxConcurrency(2).build());
      awaitLatch(begun[0], "task 0 to start");
      awaitLatch(begun[1], "task 1 to start");
      assertThat(probe.entered()).as("tasks started while 0 and 1 run").isEqualTo(2);
      finish[1].countDown();
      awaitLatch(begun[2], "task 2 to start after task 1 finished");
      assertThat(begun[3].getCount()).as("task 3 must wait for task 0").isEqualTo(1);
      assertThat(probe.entered()).isEqualTo(3);
      finish[0].countDown();
      awaitLatch(begun[3], "task 3 to start after task 0 finished");
      finish[2].countDown();
      finish[3].countDown();
      assertThat(await(handle)).isEqualTo(values(4));
    }

    /**
     * A gather over 1,000,000 lazily created tasks with {@code maxConcurrency(64)} starts exactly
     * 64 tasks (and, for async tasks, creates exactly 64 futures) while they block, not a million.
     * If this fails (or runs out of memory), the runner creates a future or submits a body per
     * task up front, instead of starting each task only when a slot frees up.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(
        value = TaskMode.class,
        names = {"BLOCKING", "ASYNC"})
    void rule02_millionTasksAreNotStartedUpFront(TaskMode mode) throws Exception {
      int size = 1_000_000;
      int k = 64;
      AtomicInteger futuresCreated = new AtomicInteger();
      AtomicInteger bodiesStarted = new AtomicInteger();
      Callable<String> body =
          () -> {
            bodiesStarted.incrementAndGet();
            release.await(Delays.LONG.toNanos(), NANOSECONDS);
            return "done";
          };
      List<Task<String>> lazy =
          new AbstractList<>() {
            @Override
            public Task<String> get(int index) {
              if (!mode.async()) {
                return task(mode, body);
              }
              Callable<String> counted = probe.wrap(body);
              return Task.async(
                  () -> {
                    futuresCreated.incrementAndGet();
                    return startAsync(counted);
                  });
            }

            @Override
            public int size() {
              return size;
            }
          };
      GatherHandle<List<String>> handle =
          runner.all(
              lazy, GatherOptions.builder().maxConcurrency(k).gracePeriod(Delays.LONG).build());
      within("64 tasks running", () -> assertThat(bodiesStarted.get()).isEqualTo(k));
      assertThat(bodiesStarted.get()).as("task bodies started").isEqualTo(k);
      if (mode.async()) {
        assertThat(futuresCreated.get()).as("async tasks started (futures created)").isEqualTo(k);
      }
      assertThat(handle.cancel()).isTrue();
      assertThat(failureOf(handle)).isInstanceOf(CancellationException.class);
      assertThat(bodiesStarted.get()).as("task bodies started after cancel").isEqualTo(k);
    }

    /**
     * Creating a task runs nothing; only a gather starts it. If this fails, {@code Task.of} or
     * {@code Task.async} calls the body eagerly.
     */
    @Test
    void rule02_creatingATaskStartsNothing() {
      AtomicInteger calls = new AtomicInteger();
      Task<String> blocking =
          Task.of(
              () -> {
                calls.incrementAndGet();
                return "x";
              });
      Task<String> async =
          Task.async(
              () -> {
                calls.incrementAndGet();
                return CompletableFuture.completedFuture("x");
              });
      assertThat(blocking.name()).isNull();
      assertThat(async.name()).isNull();
      assertThat(calls.get()).isZero();
    }
  }

  // ================================================================== R6

  @Nested
  @DisplayName("R6: the same task object at two positions runs twice and fills both slots")
  class Rule06 {

    /**
     * One task object at positions 0 and 1 runs twice; both slots hold a value. If it runs once,
     * the runner deduplicates tasks (for example in a map keyed by task).
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(TaskMode.class)
    void rule06_sameTaskTwiceRunsTwice(TaskMode mode) throws Exception {
      AtomicInteger runs = new AtomicInteger();
      Task<Integer> twice = task(mode, runs::incrementAndGet);
      List<Integer> values = await(runner.all(List.of(twice, twice), options(mode).build()));
      assertThat(runs.get()).isEqualTo(2);
      assertThat(values).containsExactlyInAnyOrder(1, 2);
      List<Outcome<Integer>> outcomes =
          await(runner.allSettled(List.of(twice, twice, twice), options(mode).build()));
      assertThat(runs.get()).isEqualTo(5);
      assertThat(outcomes).allMatch(Outcome::isSuccess);
    }
  }
}
