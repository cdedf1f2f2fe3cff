package io.github.concurrentrunner.rxjava;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import io.github.concurrentrunner.ConcurrentRunner;
import io.github.concurrentrunner.GatherOptions;
import io.github.concurrentrunner.Task;
import io.github.concurrentrunner.TaskFailedException;
import io.github.concurrentrunner.spi.Cancellable;
import io.github.concurrentrunner.spi.ConcurrentRunnerProvider;
import io.reactivex.rxjava3.functions.Function;
import io.reactivex.rxjava3.plugins.RxJavaPlugins;
import java.time.Duration;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The RxJava-specific traps the driver must hide, each tested where RxJava would spring it: a
 * rejected task, a null async result, a timer disposed while it fires, a schedule after shutdown,
 * a throwing timer action. Each test also checks that nothing reached {@code RxJavaPlugins}.
 */
class RxJavaBackendTest {
  private static final long WAIT_SECONDS = 10;

  private RxJavaPluginsProbe probe;
  private ConcurrentRunner runner;

  @BeforeEach
  void setUp() {
    probe = RxJavaPluginsProbe.install();
    runner = ConcurrentRunner.builder().provider(new RxJavaRunnerProvider()).build();
  }

  @AfterEach
  void tearDown() {
    runner.close();
    assertThat(probe.uninstall()).as("the backend replaced RxJava's global error handler").isTrue();
    assertThat(probe.errors()).as("errors that reached RxJavaPlugins.onError").isEmpty();
  }

  @Test
  void providerIsFoundByServiceLoaderAndByNameWithAPriorityBelowTheReferenceBackend() {
    assertThat(ServiceLoader.load(ConcurrentRunnerProvider.class))
        .anySatisfy(provider -> assertThat(provider).isInstanceOf(RxJavaRunnerProvider.class));
    assertThat(ConcurrentRunner.backends()).contains("rxjava");
    try (ConcurrentRunner named = ConcurrentRunner.create("rxjava")) {
      assertThat(named.backend()).isEqualTo("rxjava");
    }
    assertThat(new RxJavaRunnerProvider().priority()).isEqualTo(40).isLessThan(100);
  }

  @Test
  void theSystemPropertySelectsThisBackendOverTheHigherPriorityOnes() {
    String previous = System.getProperty("concurrentrunner.backend");
    System.setProperty("concurrentrunner.backend", "rxjava");
    try (ConcurrentRunner chosen = ConcurrentRunner.create()) {
      assertThat(chosen.backend()).isEqualTo("rxjava");
    } finally {
      if (previous == null) {
        System.clearProperty("concurrentrunner.backend");
      } else {
        System.setProperty("concurrentrunner.backend", previous);
      }
    }
  }

  @Test
  void executorRejectionFailsTheTaskWithTheExecutorsOwnExceptionInsteadOfReachingRxJavaPlugins() {
    RejectedExecutionException rejection = new RejectedExecutionException("queue full");
    Executor rejecting =
        command -> {
          throw rejection;
        };

    Throwable thrown =
        catchThrowable(
            () ->
                runner
                    .all(
                        List.of(Task.of("rejected", () -> 1)),
                        GatherOptions.builder().executor(rejecting).build())
                    .await(Duration.ofSeconds(WAIT_SECONDS)));

    assertThat(thrown).isInstanceOf(TaskFailedException.class).cause().isSameAs(rejection);
  }

  @Test
  void asyncTasksMayCompleteWithNullWhichSingleFromCompletionStageWouldTurnIntoAnError()
      throws Exception {
    List<String> results =
        runner
            .all(
                List.of(
                    Task.async(() -> CompletableFuture.completedFuture("a")),
                    Task.<String>async(() -> CompletableFuture.completedFuture(null)),
                    Task.<String>async(() -> CompletableFuture.supplyAsync(() -> null))))
            .await(Duration.ofSeconds(WAIT_SECONDS));

    assertThat(results).containsExactly("a", null, null);
  }

  @Test
  void asyncFailureIsTheStagesOwnExceptionAndFailFastCancelsTheSiblingsFuture() {
    IllegalStateException boom = new IllegalStateException("boom");
    CompletableFuture<String> pending = new CompletableFuture<>();

    Throwable thrown =
        catchThrowable(
            () ->
                runner
                    .all(
                        List.of(
                            Task.async(() -> pending),
                            Task.<String>async(() -> CompletableFuture.failedFuture(boom))))
                    .await(Duration.ofSeconds(WAIT_SECONDS)));

    assertThat(thrown).isInstanceOf(TaskFailedException.class).cause().isSameAs(boom);
    assertThat(pending).isCancelled();
  }

  @Test
  void blockingBodiesGoThroughTheHostsRxJavaScheduleHookAsRxJavaSchedulersDo() throws Exception {
    ThreadLocal<String> context = new ThreadLocal<>();
    Function<? super Runnable, ? extends Runnable> previous = RxJavaPlugins.getScheduleHandler();
    // A typical context-propagation hook: capture at schedule time, restore on the worker.
    RxJavaPlugins.setScheduleHandler(
        body -> {
          String captured = context.get();
          return () -> {
            context.set(captured);
            try {
              body.run();
            } finally {
              context.remove();
            }
          };
        });
    try {
      context.set("request-42");
      List<String> seen =
          runner
              .all(List.of(Task.of(context::get), Task.of(context::get)))
              .await(Duration.ofSeconds(WAIT_SECONDS));
      assertThat(seen).containsExactly("request-42", "request-42");
    } finally {
      context.remove();
      RxJavaPlugins.setScheduleHandler(previous);
    }
  }

  @Test
  void timersRunOnOneThreadOwnedByTheRunnerThatStopsAtCloseAndRxJavasGlobalThreadsAreNotStarted()
      throws Exception {
    RxJavaTaskDriver driver = new RxJavaTaskDriver();
    AtomicReference<Thread> timerThread = new AtomicReference<>();
    CountDownLatch fired = new CountDownLatch(1);
    driver.schedule(
        Duration.ofMillis(1),
        () -> {
          timerThread.set(Thread.currentThread());
          fired.countDown();
        });
    assertThat(fired.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
    assertThat(timerThread.get().getName()).isEqualTo("concurrent-runner-rxjava-timer");
    assertThat(timerThread.get().isDaemon()).isTrue();

    driver.shutdown();

    await().atMost(WAIT_SECONDS, TimeUnit.SECONDS).until(() -> !timerThread.get().isAlive());
    assertThat(Thread.getAllStackTraces().keySet())
        .as("RxJava's global scheduler threads (started by touching io.reactivex...Schedulers)")
        .noneMatch(thread -> thread.getName().startsWith("Rx"));
  }

  @Test
  void aTimerCancelledWhileItsActionRunsDoesNotInterruptTheTimerThread() throws Exception {
    RxJavaTaskDriver driver = new RxJavaTaskDriver();
    try {
      CountDownLatch running = new CountDownLatch(1);
      CountDownLatch cancelled = new CountDownLatch(1);
      AtomicBoolean interrupted = new AtomicBoolean();
      CountDownLatch done = new CountDownLatch(1);
      Cancellable timer =
          driver.schedule(
              Duration.ZERO,
              () -> {
                running.countDown();
                try {
                  // This wait is the action's workload, uninterruptible so the flag stays visible.
                  while (true) {
                    try {
                      if (cancelled.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
                        break;
                      }
                    } catch (InterruptedException e) {
                      interrupted.set(true);
                    }
                  }
                  interrupted.compareAndSet(false, Thread.currentThread().isInterrupted());
                } finally {
                  done.countDown();
                }
              });
      assertThat(running.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();

      timer.cancel(); // a SingleScheduler Disposable would interrupt the running action here
      cancelled.countDown();

      assertThat(done.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
      assertThat(interrupted).isFalse();
    } finally {
      driver.shutdown();
    }
  }

  @Test
  void shuttingDownFromATimerActionDoesNotLeaveTheRestOfTheActionInterrupted() throws Exception {
    RxJavaTaskDriver driver = new RxJavaTaskDriver();
    AtomicReference<Boolean> interruptedAfterShutdown = new AtomicReference<>();
    CountDownLatch done = new CountDownLatch(1);
    driver.schedule(
        Duration.ZERO,
        () -> {
          driver.shutdown(); // as when the last gather of a closed runner completes on a timer
          interruptedAfterShutdown.set(Thread.currentThread().isInterrupted());
          done.countDown();
        });

    assertThat(done.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
    assertThat(interruptedAfterShutdown.get()).isFalse();
  }

  @Test
  void aCancelledTimerNeverFires() throws Exception {
    RxJavaTaskDriver driver = new RxJavaTaskDriver();
    try {
      AtomicBoolean fired = new AtomicBoolean();
      driver.schedule(Duration.ofMillis(50), () -> fired.set(true)).cancel();
      CountDownLatch later = new CountDownLatch(1);
      driver.schedule(Duration.ofMillis(100), later::countDown);
      assertThat(later.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
      assertThat(fired).isFalse();
    } finally {
      driver.shutdown();
    }
  }

  @Test
  void schedulingAfterShutdownThrowsRejectedExecutionInsteadOfReachingRxJavaPlugins() {
    RxJavaTaskDriver driver = new RxJavaTaskDriver();
    driver.shutdown();

    Throwable thrown = catchThrowable(() -> driver.schedule(Duration.ofSeconds(1), () -> {}));

    assertThat(thrown)
        .isInstanceOf(RejectedExecutionException.class)
        .hasMessageContaining("rxjava");
  }
}
