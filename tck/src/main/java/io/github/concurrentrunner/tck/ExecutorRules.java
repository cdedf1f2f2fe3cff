package io.github.concurrentrunner.tck;

import static io.github.concurrentrunner.tck.TckChecks.assertTaskFailed;
import static io.github.concurrentrunner.tck.TckChecks.await;
import static io.github.concurrentrunner.tck.TckChecks.failureOf;
import static io.github.concurrentrunner.tck.TckChecks.isVirtual;
import static java.util.concurrent.TimeUnit.NANOSECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.concurrentrunner.ConcurrentRunner;
import io.github.concurrentrunner.GatherOptions;
import io.github.concurrentrunner.Outcome;
import io.github.concurrentrunner.Task;
import io.github.concurrentrunner.TaskFailedException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The rules of the kit on executors, nesting and memory: rejecting executors (R20), nested gathers
 * (R21), happens-before (R22), and the runner's executor (R23).
 *
 * <p>One link of the chain of abstract classes from {@link TckHarness} to {@link
 * ConcurrentRunnerTck}: its {@code @Nested} rule groups are inner classes, so each test reaches the
 * harness's runner, tasks and probes as its enclosing instance, and JUnit discovers them in the
 * superclasses of a backend's subclass of the kit.
 */
abstract class ExecutorRules extends CancellationRules {

  // ================================================================== R20

  @Nested
  @DisplayName("R20: an executor that rejects a task fails that task; the gather never hangs")
  class Rule20 {

    /**
     * An executor that rejects everything: {@code all} fails with the executor's very {@code
     * RejectedExecutionException}, {@code allSettled} records it for each task. If the gather
     * hangs, the runner lost the rejected task.
     */
    @Test
    void rule20_rejectingExecutorFailsTheTask() throws Exception {
      RejectedExecutionException rejected = new RejectedExecutionException("full (deliberately)");
      Executor rejecting =
          command -> {
            throw rejected;
          };
      GatherOptions options = GatherOptions.builder().executor(rejecting).build();
      List<Task<String>> tasks =
          List.of(task(TaskMode.BLOCKING, () -> "a"), task(TaskMode.BLOCKING, () -> "b"));
      Throwable failure = failureOf(runner.all(tasks, options));
      assertTaskFailed(failure, rejected);
      assertThat(await(runner.allSettled(tasks, options)))
          .containsExactly(new Outcome.Failure<>(rejected), new Outcome.Failure<>(rejected));
      assertThat(probe.entered()).isZero();
    }

    /**
     * A one-thread executor without a queue accepts the first task and rejects the second: the
     * gather fails with the rejection and cancels the first task. If it hangs, a rejection in the
     * middle of starting tasks is lost.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(
        value = TaskMode.class,
        names = {"BLOCKING", "BLOCKING_BOUNDED"})
    void rule20_rejectionAfterAnAcceptedTaskFailsTheGather(TaskMode mode) throws Exception {
      ThreadPoolExecutor single =
          new ThreadPoolExecutor(
              1,
              1,
              1,
              TimeUnit.MINUTES,
              new SynchronousQueue<>(),
              r -> {
                Thread thread = new Thread(r, "tck-single");
                thread.setDaemon(true);
                return thread;
              });
      pools.add(single);
      Blocker first = new Blocker();
      CountDownLatch firstIn = new CountDownLatch(1);
      List<Task<String>> tasks =
          List.of(
              task(
                  mode,
                  () -> {
                    firstIn.countDown();
                    return first.call();
                  }),
              task(mode, () -> "second"));
      GatherOptions options = options(mode).executor(single).build();
      Throwable failure = failureOf(runner.all(tasks, options));
      assertThat(failure).isInstanceOf(TaskFailedException.class);
      assertThat(failure.getCause()).isInstanceOf(RejectedExecutionException.class);
      assertThat(((TaskFailedException) failure).taskIndex()).isEqualTo(1);
      if (firstIn.getCount() == 0) {
        first.assertInterrupted();
      }
    }
  }

  // ================================================================== R21

  @Nested
  @DisplayName("R21: nested gathers work on the default executor, and outer failure reaches inner tasks")
  class Rule21 {

    /**
     * Tasks that themselves gather tasks on the same runner, on its default executor: results
     * are right and nothing deadlocks. If it hangs, the default executor is bounded (such as the
     * common pool) and outer tasks wait for inner ones that cannot get a thread.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(TaskMode.class)
    void rule21_nestedGathersWorkOnTheDefaultExecutor(TaskMode mode) throws Exception {
      List<Task<List<String>>> outer = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        int index = i;
        outer.add(
            task(
                mode,
                () ->
                    await(
                        runner.all(
                            List.of(
                                task(mode, () -> index + "a"), task(mode, () -> index + "b")),
                            options(mode).build()))));
      }
      assertThat(await(runner.all(outer, options(mode).build())))
          .containsExactly(
              List.of("0a", "0b"), List.of("1a", "1b"), List.of("2a", "2b"), List.of("3a", "3b"));
    }

    /**
     * The outer gather fails while an outer task awaits an inner gather: the outer task is
     * interrupted, which cancels the inner gather (R18), whose task is interrupted in turn. If the
     * inner task runs on, cancellation does not propagate through nesting.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(TaskMode.class)
    void rule21_outerFailureCancelsInnerTasks(TaskMode mode) throws Exception {
      Blocker inner = new Blocker();
      IOException boom = new IOException("outer sibling fails");
      List<Task<List<String>>> outer =
          List.of(
              task(
                  mode,
                  () -> await(runner.all(List.of(task(mode, inner::call)), options(mode).build()))),
              failingOnceStarted(mode, inner, boom));
      Throwable failure = failureOf(runner.all(outer, options(mode).build()));
      assertThat(failure.getCause()).isSameAs(boom);
      inner.assertInterrupted();
    }
  }

  // ================================================================== R22

  @Nested
  @DisplayName("R22: everything a task did happens-before await() returns and before its Outcome is read")
  class Rule22 {

    /** A holder with a plain, non-volatile field. */
    static final class Plain {
      int value;
      int[] array;
    }

    /**
     * Each of 64 tasks writes plain (non-volatile) fields of a fresh object and returns it; after
     * {@code await()} the writes are visible, through {@code all} and through {@code allSettled}'s
     * outcomes. A failure here means the runner publishes results without a happens-before edge
     * (for example through a plain array read without synchronization).
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(TaskMode.class)
    void rule22_taskWritesAreVisibleAfterAwait(TaskMode mode) throws Exception {
      List<Task<Plain>> tasks = new ArrayList<>();
      for (int i = 0; i < 64; i++) {
        int index = i;
        tasks.add(
            task(
                mode,
                () -> {
                  Plain plain = new Plain();
                  plain.value = index;
                  plain.array = new int[] {index, index + 1};
                  return plain;
                }));
      }
      List<Plain> values = await(runner.all(tasks, options(mode).build()));
      for (int i = 0; i < 64; i++) {
        assertThat(values.get(i).value).isEqualTo(i);
        assertThat(values.get(i).array).containsExactly(i, i + 1);
      }
      List<Outcome<Plain>> outcomes = await(runner.allSettled(tasks, options(mode).build()));
      for (int i = 0; i < 64; i++) {
        assertThat(outcomes.get(i).getOrThrow().value).isEqualTo(i);
      }
    }
  }

  // ================================================================== R23

  @Nested
  @DisplayName("R23: blocking tasks run on the runner's executor, never the common pool; given executors are never shut down")
  class Rule23 {

    /**
     * The default executor is not {@code ForkJoinPool.commonPool()}: blocking tasks run on a
     * thread named {@code concurrent-runner-<backend>-<n>}, virtual on JDK 21+, a daemon platform
     * thread before. If the thread is a common-pool worker, the runner uses the JDK's default
     * async executor (one thread on a two-core machine).
     */
    @Test
    void rule23_defaultExecutorIsNotTheCommonPool() throws Exception {
      AtomicReference<Thread> ran = new AtomicReference<>();
      await(
          runner.all(
              List.of(
                  task(
                      TaskMode.BLOCKING,
                      () -> {
                        ran.set(Thread.currentThread());
                        return "x";
                      }))));
      Thread thread = ran.get();
      assertThat(thread).isNotSameAs(Thread.currentThread());
      assertThat(
              thread instanceof ForkJoinWorkerThread worker
                  && worker.getPool() == ForkJoinPool.commonPool())
          .as("runs on the common pool")
          .isFalse();
      assertThat(thread.getName()).startsWith("concurrent-runner-" + provider().name() + "-");
      if (Runtime.version().feature() >= 21) {
        assertThat(isVirtual(thread)).as("a virtual thread on JDK 21+").isTrue();
      } else {
        assertThat(thread.isDaemon()).as("a daemon thread").isTrue();
      }
    }

    /**
     * Eight blocking tasks meet at a barrier of eight: they can only get past it if all run at
     * the same time. If this fails, the default executor runs fewer tasks at once than asked
     * (a bounded pool); there is no timing in this test.
     */
    @Test
    void rule23_defaultExecutorRunsBlockingTasksTrulyConcurrently() throws Exception {
      int n = 8;
      CyclicBarrier barrier = new CyclicBarrier(n);
      List<Task<Integer>> tasks = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        tasks.add(
            task(
                TaskMode.BLOCKING,
                () -> barrier.await(Delays.LONG.toNanos(), NANOSECONDS)));
      }
      assertThat(await(runner.all(tasks))).hasSize(n);
    }

    /**
     * Two tasks that each take one second finish together in well under two seconds: the seed
     * example of the project, the one generous wall-clock bound of the kit.
     */
    @Test
    void rule23_twoOneSecondTasksTakeAboutOneSecond() throws Exception {
      Callable<String> second =
          () -> {
            Thread.sleep(1_000); // the workload: a task that takes one second
            return "done";
          };
      long start = System.nanoTime();
      await(runner.both(task(TaskMode.BLOCKING, second), task(TaskMode.BLOCKING, second)));
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1_800));
    }

    /**
     * A runner given an executor runs blocking tasks on it, {@code GatherOptions.executor}
     * overrides it per gather, and closing the runner never shuts either down. If the executor
     * was shut down, the runner treats an executor it does not own as its own.
     */
    @Test
    void rule23_givenExecutorIsUsedAndNeverShutDown() throws Exception {
      ExecutorService given = pool("tck-given-");
      ExecutorService perGather = pool("tck-per-gather-");
      ConcurrentRunner withExecutor = newRunner(given, failures);
      Callable<String> threadName = () -> Thread.currentThread().getName();
      assertThat(await(withExecutor.all(List.of(task(TaskMode.BLOCKING, threadName)))))
          .allMatch(name -> name.startsWith("tck-given-"));
      assertThat(
              await(
                  withExecutor.all(
                      List.of(task(TaskMode.BLOCKING, threadName)),
                      GatherOptions.builder().executor(perGather).build())))
          .allMatch(name -> name.startsWith("tck-per-gather-"));
      assertThat(
              await(
                  runner.all(
                      List.of(task(TaskMode.BLOCKING, threadName)),
                      GatherOptions.builder().executor(perGather).build())))
          .allMatch(name -> name.startsWith("tck-per-gather-"));
      withExecutor.close();
      runner.close();
      assertThat(given.isShutdown()).as("the runner's given executor was shut down").isFalse();
      assertThat(perGather.isShutdown()).as("a gather's executor was shut down").isFalse();
      assertThat(given.submit(() -> "alive").get(Delays.LONG.toNanos(), NANOSECONDS))
          .isEqualTo("alive");
    }
  }
}
