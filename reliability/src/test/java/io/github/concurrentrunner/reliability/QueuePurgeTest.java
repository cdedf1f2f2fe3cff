package io.github.concurrentrunner.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.concurrentrunner.FailureEvent;
import io.github.concurrentrunner.GatherHandle;
import io.github.concurrentrunner.GatherOptions;
import io.github.concurrentrunner.Task;
import io.github.concurrentrunner.TaskFailedException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The engine takes the bodies of tasks that a verdict cancelled before they started out of a
 * {@code ThreadPoolExecutor}'s queue (issue #12, fail-fast latency): on a small pool its threads
 * would otherwise take and skip each one while the caller that the verdict woke waits for a
 * processor. Not a rule of the contract (R7 only says such tasks never start), so it is proved
 * here, on every backend, rather than by the TCK, which native libraries also run.
 */
class QueuePurgeTest {
  private static final Duration PATIENCE = Duration.ofSeconds(10);

  /** Tasks queued behind the failing one: at least the engine's threshold (16). */
  private static final int QUEUED = 40;

  /**
   * Of 41 bodies handed to a one-thread pool, the pool runs only the failing task's. If it ran
   * all 41, the cancelled bodies stayed queued.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("io.github.concurrentrunner.reliability.Backends#names")
  void bodiesThatNeverStartLeaveAThreadPoolExecutorsQueue(String backend) throws Exception {
    ThreadPoolExecutor single =
        new ThreadPoolExecutor(
            1, 1, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>(), daemons("purged-pool"));
    try (Backends.Recorded recorded = Backends.create(backend)) {
      IllegalStateException boom = new IllegalStateException("boom");
      Throwable failure = failFastOn(recorded, single, boom);
      assertThat(failure).isInstanceOf(TaskFailedException.class).hasCause(boom);
      assertThat(bodiesRan(single)).as("bodies the pool ran").isEqualTo(1);
      assertThat(recorded.events()).isEmpty();
    } finally {
      single.shutdownNow();
    }
  }

  /**
   * A {@code ThreadPoolExecutor} of the application's own whose queue cannot be reached: the
   * verdict and the gather are as usual, the pool takes and skips the cancelled bodies, and what
   * {@code getQueue()} threw reaches the failure handler once (R11), from the runner's threads.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("io.github.concurrentrunner.reliability.Backends#names")
  void aPoolThatRefusesToGiveItsQueueStillFailsFast(String backend) throws Exception {
    UnsupportedOperationException refusal = new UnsupportedOperationException("no queue here");
    ThreadPoolExecutor refusing =
        new ThreadPoolExecutor(
            1, 1, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>(), daemons("refusing-pool")) {
          @Override
          public BlockingQueue<Runnable> getQueue() {
            throw refusal;
          }
        };
    try (Backends.Recorded recorded = Backends.create(backend)) {
      IllegalStateException boom = new IllegalStateException("boom");
      Throwable failure = failFastOn(recorded, refusing, boom);
      assertThat(failure).isInstanceOf(TaskFailedException.class).hasCause(boom);
      assertThat(bodiesRan(refusing)).as("bodies the pool ran").isEqualTo(1 + QUEUED);
      // The purge of a pool of the application's own runs on the runner's threads (R27: it may
      // block, and cancel() does not): its failure may arrive just after the handle completed.
      Awaitility.await()
          .atMost(PATIENCE)
          .untilAsserted(
              () ->
                  assertThat(recorded.events())
                      .singleElement()
                      .satisfies(
                          event -> {
                            assertThat(event.kind()).isEqualTo(FailureEvent.Kind.CALLBACK_FAILURE);
                            assertThat(event.failure()).isSameAs(refusal);
                          }));
    } finally {
      refusing.shutdownNow();
    }
  }

  /**
   * With a task still running at the verdict, a JDK pool's queue is emptied before the grace
   * timer is armed: the running sibling is interrupted, and the queued bodies leave the queue.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("io.github.concurrentrunner.reliability.Backends#names")
  void aRunningSiblingIsInterruptedAndTheQueuedBodiesLeave(String backend) throws Exception {
    ThreadPoolExecutor two =
        new ThreadPoolExecutor(
            2, 2, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>(), daemons("purged-pair"));
    try (Backends.Recorded recorded = Backends.create(backend)) {
      IllegalStateException boom = new IllegalStateException("boom");
      CountDownLatch interrupted = new CountDownLatch(1);
      Throwable failure =
          failFastBesideSibling(
              recorded,
              boom,
              GatherOptions.builder().executor(two).build(),
              () -> {
                try {
                  new CountDownLatch(1).await(); // until interrupted
                } catch (InterruptedException e) {
                  interrupted.countDown();
                  // Its thread would otherwise take the cancelled bodies before the pass might.
                  // Without the pass, the queue keeps them, and this task exits after PATIENCE.
                  awaitQuietly(() -> two.getQueue().isEmpty());
                }
              });
      assertThat(failure).isInstanceOf(TaskFailedException.class).hasCause(boom);
      assertThat(interrupted.getCount()).as("the running sibling was interrupted").isZero();
      assertThat(bodiesRan(two)).as("bodies the pool ran").isEqualTo(2);
      assertThat(recorded.events()).isEmpty();
    } finally {
      two.shutdownNow();
    }
  }

  /**
   * A pool of the application's own whose queue blocks the pass that would empty it: the grace
   * timer is armed all the same, so a sibling that ignores its interrupt leaks when the grace
   * period ends and {@code await()} returns (R10, R27), while the pass still waits.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("io.github.concurrentrunner.reliability.Backends#names")
  void aQueueThatBlocksThePassDoesNotHoldTheGracePeriod(String backend) throws Exception {
    CountDownLatch passEntered = new CountDownLatch(1);
    CountDownLatch releasePass = new CountDownLatch(1);
    CountDownLatch releaseSibling = new CountDownLatch(1);
    BlockingQueue<Runnable> stubborn =
        new LinkedBlockingQueue<>() {
          @Override
          public boolean removeIf(Predicate<? super Runnable> filter) {
            passEntered.countDown();
            awaitUninterruptibly(releasePass);
            return super.removeIf(filter);
          }
        };
    ThreadPoolExecutor two =
        new ThreadPoolExecutor(2, 2, 1, TimeUnit.MINUTES, stubborn, daemons("stubborn-pair"));
    try (Backends.Recorded recorded = Backends.create(backend)) {
      IllegalStateException boom = new IllegalStateException("boom");
      Throwable failure =
          failFastBesideSibling(
              recorded,
              boom,
              GatherOptions.builder()
                  .executor(two)
                  .gracePeriod(Duration.ofMillis(50))
                  .build(),
              () -> awaitUninterruptibly(releaseSibling));
      assertThat(failure).isInstanceOf(TaskFailedException.class).hasCause(boom);
      assertThat(passEntered.await(PATIENCE.toNanos(), TimeUnit.NANOSECONDS))
          .as("the pass began")
          .isTrue();
      assertThat(releasePass.getCount()).as("the pass is still blocked").isOne();
      assertThat(recorded.events())
          .anySatisfy(event -> assertThat(event.kind()).isEqualTo(FailureEvent.Kind.LEAKED_TASK));
    } finally {
      releasePass.countDown();
      releaseSibling.countDown();
      two.shutdownNow();
      assertThat(two.awaitTermination(PATIENCE.toNanos(), TimeUnit.NANOSECONDS)).isTrue();
    }
  }

  /**
   * {@code all} on {@code pool} over a task that fails with {@code boom} once the call has
   * returned, and {@value #QUEUED} tasks queued behind it that cannot start before the verdict.
   */
  private static Throwable failFastOn(
      Backends.Recorded recorded, ThreadPoolExecutor pool, IllegalStateException boom) {
    return failFastBesideSibling(
        recorded, boom, GatherOptions.builder().executor(pool).build(), null);
  }

  /**
   * {@code all} over a task that fails with {@code boom} once the call has returned and, unless
   * {@code sibling} is null, task 1 runs it; and {@value #QUEUED} tasks queued behind them.
   */
  private static Throwable failFastBesideSibling(
      Backends.Recorded recorded,
      IllegalStateException boom,
      GatherOptions options,
      @Nullable Runnable sibling) {
    CountDownLatch go = new CountDownLatch(1);
    CountDownLatch siblingRuns = new CountDownLatch(sibling == null ? 0 : 1);
    List<Task<String>> tasks = new ArrayList<>();
    tasks.add(
        Task.of(
            () -> {
              if (!go.await(PATIENCE.toNanos(), TimeUnit.NANOSECONDS)
                  || !siblingRuns.await(PATIENCE.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new AssertionError("the call did not return, or task 1 did not start");
              }
              throw boom;
            }));
    if (sibling != null) {
      tasks.add(
          Task.of(
              () -> {
                siblingRuns.countDown();
                sibling.run();
                return "sibling";
              }));
    }
    for (int i = 0; i < QUEUED; i++) {
      tasks.add(Task.of(() -> "never"));
    }
    GatherHandle<List<String>> handle = recorded.runner().all(tasks, options);
    go.countDown();
    return catchThrowable(() -> handle.await(PATIENCE));
  }

  /** Waits up to {@link #PATIENCE} for {@code condition}, and returns either way. */
  private static void awaitQuietly(Callable<Boolean> condition) {
    try {
      Awaitility.await().atMost(PATIENCE).until(condition);
    } catch (ConditionTimeoutException e) {
      // The caller's assertions tell what went wrong.
    }
  }

  private static void awaitUninterruptibly(CountDownLatch latch) {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          if (latch.await(PATIENCE.toNanos(), TimeUnit.NANOSECONDS)) {
            return;
          }
          throw new AssertionError("not released within " + PATIENCE);
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Shuts {@code pool} down, waits for it, and returns how many bodies it ran. */
  private static long bodiesRan(ThreadPoolExecutor pool) throws InterruptedException {
    pool.shutdown();
    assertThat(pool.awaitTermination(PATIENCE.toNanos(), TimeUnit.NANOSECONDS)).isTrue();
    return pool.getCompletedTaskCount();
  }

  /** Daemon threads named {@code name}. */
  private static ThreadFactory daemons(String name) {
    return r -> {
      Thread thread = new Thread(r, name);
      thread.setDaemon(true);
      return thread;
    };
  }
}
