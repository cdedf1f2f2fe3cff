package io.github.concurrentrunner.completablefuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.concurrentrunner.ConcurrentRunner;
import io.github.concurrentrunner.FailureEvent;
import io.github.concurrentrunner.GatherHandle;
import io.github.concurrentrunner.GatherListener;
import io.github.concurrentrunner.GatherOptions;
import io.github.concurrentrunner.LeakedTaskException;
import io.github.concurrentrunner.Task;
import java.time.Duration;
import java.util.AbstractList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Foreign code in unusual places (R27): executors that run a body twice, threads of {@code Thread}
 * subclasses whose {@code interrupt()} or {@code getStackTrace()} throw or block, stages that call
 * back twice, a queue that blocks, a list whose size lies. Each
 * gather still completes in bounded time, and nothing is lost. Found by an adversarial review
 * (2026-12-04); each test failed before its fix.
 */
class HostileThreadsAndStagesTest {
  private final List<FailureEvent> events = new CopyOnWriteArrayList<>();
  private ConcurrentRunner runner;

  @BeforeEach
  void open() {
    runner =
        ConcurrentRunner.builder()
            .provider(new CompletableFutureRunnerProvider())
            .failureHandler(events::add)
            .build();
  }

  @AfterEach
  void close() {
    runner.close();
  }


  /**
   * An executor that runs a body twice, the second time on another thread while the first run is
   * in progress: the task runs once, and cancel() interrupts the thread that runs it, not the
   * second one (R27, R17). If the second thread is interrupted, the losing run wrote its thread
   * over the running one's.
   */
  @Test
  void anExecutorRunningABodyTwiceAtOnceRunsTheTaskOnceAndInterruptsOnlyItsThread() throws Exception {
    CountDownLatch bodyStarted = new CountDownLatch(1);
    CountDownLatch secondRunReturned = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicBoolean bodyInterrupted = new AtomicBoolean();
    AtomicBoolean secondThreadInterrupted = new AtomicBoolean();
    AtomicInteger bodies = new AtomicInteger();
    CountDownLatch secondThreadDone = new CountDownLatch(1);
    Executor twice =
        body -> {
          new Thread(body, "first-run").start();
          new Thread(
                  () -> {
                    try {
                      bodyStarted.await();
                      body.run(); // the second run: must not start the task again
                      secondRunReturned.countDown();
                      // this thread goes on with other work; it must not be interrupted
                      release.await(5, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                      secondThreadInterrupted.set(true);
                    } finally {
                      secondThreadDone.countDown();
                    }
                  },
                  "second-run")
              .start();
        };
    GatherHandle<List<String>> handle =
        runner.all(
            List.of(
                Task.of(
                    () -> {
                      bodies.incrementAndGet();
                      bodyStarted.countDown();
                      try {
                        release.await();
                        return "released";
                      } catch (InterruptedException e) {
                        bodyInterrupted.set(true);
                        throw e;
                      }
                    })),
            GatherOptions.builder()
                .executor(twice)
                .gracePeriod(Duration.ofMillis(500))
                .build());
    try {
      assertThat(secondRunReturned.await(5, TimeUnit.SECONDS)).isTrue();
      assertThat(handle.cancel()).isTrue();
      Throwable thrown = catchThrowable(() -> handle.await(Duration.ofSeconds(5)));
      secondThreadDone.await(1, TimeUnit.SECONDS); // at once if the interrupt went there
      assertThat(bodies.get()).as("bodies run").isEqualTo(1);
      assertThat(secondThreadInterrupted.get())
          .as("the thread of the second (refused) run was interrupted")
          .isFalse();
      assertThat(bodyInterrupted.get()).as("the running body was interrupted").isTrue();
      assertThat(thrown).isInstanceOf(CancellationException.class);
      assertThat(thrown.getSuppressed()).as("suppressed").isEmpty();
    } finally {
      release.countDown();
      secondThreadDone.await(5, TimeUnit.SECONDS);
    }
  }


  /**
   * The executor's thread overrides getStackTrace() and throws (R27): a task that ignores
   * interruption is still reported as leaked when the grace period ends, and the gather completes
   * (R10). If it hangs, the leak's exception called that code with the gather's lock held.
   */
  @Test
  void aThreadWhoseGetStackTraceThrowsStillHasTheGatherEndWithALeakAfterGrace() throws Exception {
    ExecutorService pool =
        Executors.newSingleThreadExecutor(
            body ->
                new Thread(body, "no-trace") {
                  @Override
                  public StackTraceElement[] getStackTrace() {
                    throw new IllegalStateException("no stack trace for you");
                  }
                });
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    try {
      GatherHandle<List<String>> handle =
          runner.all(
              List.of(
                  Task.of(
                      () -> {
                        started.countDown();
                        for (; ; ) { // ignores interruption until released
                          try {
                            release.await();
                            return "late";
                          } catch (InterruptedException ignored) {
                            // keeps running
                          }
                        }
                      })),
              GatherOptions.builder()
                  .executor(pool)
                  .timeout(Duration.ofMillis(200))
                  .gracePeriod(Duration.ofMillis(200))
                  .build());
      assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
      Throwable thrown = catchThrowable(() -> handle.await(Duration.ofSeconds(5)));
      assertThat(thrown)
          .as("completes at timeout + grace with a leak, events: %s", events)
          .isNotInstanceOf(TimeoutException.class);
      assertThat(thrown.getSuppressed()).hasAtLeastOneElementOfType(LeakedTaskException.class);
    } finally {
      release.countDown();
      pool.shutdown();
    }
  }


  /**
   * A list whose size() is one more than its elements gets the IllegalArgumentException R29
   * promises, saying so, and no task runs; not the iterator's NoSuchElementException.
   */
  @Test
  void aListWhoseSizeIsLargerThanItsElementsIsRejectedSayingSo() {
    AtomicInteger ran = new AtomicInteger();
    List<Task<String>> two =
        List.of(Task.of(() -> "a" + ran.incrementAndGet()), Task.of(() -> "b" + ran.incrementAndGet()));
    List<Task<String>> liar =
        new AbstractList<>() {
          @Override
          public Task<String> get(int index) {
            return two.get(index);
          }

          @Override
          public int size() {
            return 3;
          }
        };
    assertThatThrownBy(() -> runner.all(liar))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("size()");
    assertThat(ran.get()).isZero();
  }


  /**
   * A stage (R27) whose whenComplete calls the engine's callback twice, from two threads at once:
   * its exit counts once, so the gather neither completes while another task is pending nor
   * hangs after cancel() (R1, R10). Many attempts, as the race needs them.
   */
  @Test
  void aStageCallingItsCallbackTwiceAtOnceCountsOneExit() throws Exception {
    String broken = null;
    for (int attempt = 0; attempt < 3_000 && broken == null; attempt++) {
      CompletableFuture<String> pending = new CompletableFuture<>();
      TwiceCalling twice = new TwiceCalling();
      GatherHandle<List<String>> handle =
          runner.all(List.of(Task.async(() -> twice), Task.async(() -> pending)));
      assertThat(twice.callbacksDone.await(5, TimeUnit.SECONDS)).isTrue();
      if (handle.isDone()) { // task 1's stage is still pending
        broken = "attempt " + attempt + ": completed early with " + handle.await();
      } else {
        handle.cancel();
        Throwable thrown = catchThrowable(() -> handle.await(Duration.ofSeconds(5)));
        if (!(thrown instanceof CancellationException)) {
          broken = "attempt " + attempt + ": after cancel(), await(5 s) threw " + thrown + ", " + handle;
        }
      }
    }
    assertThat(broken).isNull();
  }

  /** Calls the whenComplete action twice, from two threads released at once. */
  static final class TwiceCalling extends CompletableFuture<String> {
    final CountDownLatch callbacksDone = new CountDownLatch(2);

    @Override
    public CompletableFuture<String> whenComplete(
        BiConsumer<? super String, ? super Throwable> action) {
      AtomicInteger ready = new AtomicInteger();
      for (int i = 0; i < 2; i++) {
        Thread caller =
            new Thread(
                () -> {
                  ready.incrementAndGet();
                  while (ready.get() < 2) {
                    Thread.onSpinWait();
                  }
                  try {
                    action.accept("a", null);
                  } finally {
                    callbacksDone.countDown();
                  }
                });
        caller.start();
      }
      return this;
    }
  }


  /**
   * The executor's threads override interrupt() to close a resource first (the "interruptible
   * I/O" idiom), which here blocks (R27): the gather still completes by timeout + gracePeriod
   * (R10), since the grace period starts before such an interrupt is sent.
   */
  @Test
  void aThreadWhoseInterruptBlocksHoldsTheGatherNoLongerThanTimeoutAndGrace() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService pool =
        Executors.newSingleThreadExecutor(
            body ->
                new Thread(body, "slow-interrupt") {
                  @Override
                  public void interrupt() {
                    try {
                      release.await(); // closing a socket that lingers
                    } catch (InterruptedException e) {
                      // keeps going
                    }
                    super.interrupt();
                  }
                });
    CountDownLatch started = new CountDownLatch(1);
    try {
      GatherHandle<List<String>> handle =
          runner.all(
              List.of(
                  Task.of(
                      () -> {
                        started.countDown();
                        new CountDownLatch(1).await();
                        return "never";
                      })),
              GatherOptions.builder()
                  .executor(pool)
                  .timeout(Duration.ofMillis(200))
                  .gracePeriod(Duration.ofMillis(200))
                  .build());
      assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
      Throwable thrown = catchThrowable(() -> handle.await(Duration.ofSeconds(3)));
      assertThat(thrown)
          .as("completes at timeout + grace, events: %s", events)
          .isNotInstanceOf(TimeoutException.class);
    } finally {
      release.countDown();
      pool.shutdownNow();
    }
  }


  /**
   * The executor's thread overrides interrupt() and throws (R27): the body still runs, so the
   * gather waits for it or reports it leaked, and its later failure reaches the handler or the
   * caller (R10, R11), instead of being dropped as the exit of a run recorded already.
   */
  @Test
  void aThreadWhoseInterruptThrowsLosesNotTheBodysLaterFailure() throws Exception {
    AtomicReference<Thread> worker = new AtomicReference<>();
    Executor threadPerTask =
        body -> {
          Thread thread =
              new Thread(body, "throwing-interrupt") {
                @Override
                public void interrupt() {
                  throw new UnsupportedOperationException("not interruptible");
                }
              };
          worker.set(thread);
          thread.start();
        };
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch bodyEnded = new CountDownLatch(1);
    IllegalStateException lateFailure = new IllegalStateException("the body's own late failure");
    try {
      GatherHandle<List<String>> handle =
          runner.all(
              List.of(
                  Task.of(
                      () -> {
                        started.countDown();
                        try {
                          release.await();
                        } finally {
                          bodyEnded.countDown();
                        }
                        throw lateFailure;
                      })),
              GatherOptions.builder().executor(threadPerTask).gracePeriod(Duration.ofMillis(200)).build());
      assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
      assertThat(handle.cancel()).isTrue();
      Throwable thrown = catchThrowable(() -> handle.await(Duration.ofSeconds(5)));
      boolean bodyStillRunning = bodyEnded.getCount() == 1;
      release.countDown();
      assertThat(bodyEnded.await(5, TimeUnit.SECONDS)).isTrue();
      worker.get().join(5_000);
      boolean reported =
          events.stream().anyMatch(e -> e.failure() == lateFailure)
              || List.of(thrown.getSuppressed()).contains(lateFailure);
      assertThat(reported)
          .as(
              "the late failure reached someone; handle completed with %s while the body still ran: %s;"
                  + " events %s",
              thrown, bodyStillRunning, events)
          .isTrue();
    } finally {
      release.countDown();
    }
  }


  /**
   * GatherHandle.cancel() does not block, even with cancelled bodies queued on a
   * ThreadPoolExecutor whose queue is the application's and blocks in removeIf (R27): the purge
   * of such a queue runs on the runner's own threads.
   */
  @Test
  void cancelDoesNotBlockInTheApplicationsOwnThreadPoolQueue() throws Exception {
    CountDownLatch queueReleased = new CountDownLatch(1);
    java.util.concurrent.BlockingQueue<Runnable> queue =
        new java.util.concurrent.LinkedBlockingQueue<>() {
          private static final long serialVersionUID = 1L;

          @Override
          public boolean removeIf(java.util.function.Predicate<? super Runnable> filter) {
            try {
              queueReleased.await(); // a lock held by someone else
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            return super.removeIf(filter);
          }
        };
    java.util.concurrent.ThreadPoolExecutor pool =
        new java.util.concurrent.ThreadPoolExecutor(1, 1, 1, TimeUnit.MINUTES, queue);
    CountDownLatch started = new CountDownLatch(1);
    List<Task<String>> tasks = new java.util.ArrayList<>();
    tasks.add(
        Task.of(
            () -> {
              started.countDown();
              new CountDownLatch(1).await();
              return "never";
            }));
    for (int i = 0; i < 20; i++) {
      tasks.add(Task.of(() -> "queued"));
    }
    ExecutorService canceller = Executors.newSingleThreadExecutor();
    try {
      GatherHandle<List<String>> handle =
          runner.all(tasks, GatherOptions.builder().executor(pool).build());
      assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
      java.util.concurrent.Future<Boolean> cancelled = canceller.submit(handle::cancel);
      Throwable blocked = catchThrowable(() -> cancelled.get(2, TimeUnit.SECONDS));
      assertThat(blocked).as("cancel() returned within 2 s").isNull();
    } finally {
      queueReleased.countDown();
      canceller.shutdown();
      pool.shutdownNow();
    }
  }

  /**
   * The listener's event records describe a failure whose own {@code toString()} throws by its
   * class (R27), as {@code FailureEvent} does, instead of throwing from their own toString().
   */
  @Test
  void listenerEventsDescribeAnUnprintableFailureByItsClass() {
    RuntimeException unprintable =
        new RuntimeException() {
          private static final long serialVersionUID = 1L;

          @Override
          public String toString() {
            throw new IllegalStateException("toString() of a hostile exception");
          }
        };
    String className = unprintable.getClass().getName();
    assertThat(
            new GatherListener.TaskEnded(0, "t", GatherListener.Kind.FAILURE, 1, unprintable)
                .toString())
        .contains("failure=" + className)
        .contains("name=t");
    assertThat(
            new GatherListener.GatherEnded(
                    "completablefuture", "all", 1, GatherListener.Kind.FAILURE, 1, unprintable)
                .toString())
        .contains("failure=" + className)
        .contains("operation=all");
  }
}
