package io.github.concurrentrunner.guava;

import static com.google.common.util.concurrent.MoreExecutors.directExecutor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.util.concurrent.ForwardingListeningExecutorService;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.ListeningExecutorService;
import com.google.common.util.concurrent.MoreExecutors;
import io.github.concurrentrunner.ConcurrentRunner;
import io.github.concurrentrunner.GatherOptions;
import io.github.concurrentrunner.Task;
import io.github.concurrentrunner.TaskFailedException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Guava-specific behaviour of the backend; the contract itself is proven by {@code GuavaTckTest}.
 */
class GuavaBackendTest {
  private ExecutorService pool;
  private ListeningExecutorService listening;
  private final AtomicInteger executed = new AtomicInteger();
  private final AtomicInteger submitted = new AtomicInteger();

  @BeforeEach
  void createPool() {
    AtomicInteger threads = new AtomicInteger();
    pool =
        Executors.newFixedThreadPool(
            2, r -> new Thread(r, "guava-test-pool-" + threads.incrementAndGet()));
    ListeningExecutorService decorated = MoreExecutors.listeningDecorator(pool);
    listening =
        new ForwardingListeningExecutorService() {
          @Override
          protected ListeningExecutorService delegate() {
            return decorated;
          }

          @Override
          public void execute(Runnable command) {
            executed.incrementAndGet();
            super.execute(command);
          }

          @Override
          public ListenableFuture<?> submit(Runnable task) {
            submitted.incrementAndGet();
            return super.submit(task);
          }
        };
  }

  @AfterEach
  void stopPool() throws InterruptedException {
    pool.shutdownNow();
    assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void isFoundByNameWithAPriorityBelowTheReferenceBackend() {
    try (ConcurrentRunner runner = ConcurrentRunner.create("guava")) {
      assertThat(runner.backend()).isEqualTo("guava");
    }
    assertThat(ConcurrentRunner.backends()).contains("guava");
    GuavaRunnerProvider provider = new GuavaRunnerProvider();
    assertThat(provider.name()).isEqualTo(GuavaRunnerProvider.NAME).isEqualTo("guava");
    assertThat(provider.priority()).isEqualTo(50).isLessThan(100);
  }

  @Test
  void blockingTasksGoToAListeningExecutorServiceWithoutAFuturePerTask()
      throws Exception {
    Set<String> threads = ConcurrentHashMap.newKeySet();
    Task<Integer> task =
        Task.of(
            () -> {
              threads.add(Thread.currentThread().getName());
              return 1;
            });
    try (ConcurrentRunner runner = ConcurrentRunner.create("guava")) {
      List<Integer> values =
          runner
              .all(List.of(task, task, task), GatherOptions.builder().executor(listening).build())
              .await();
      assertThat(values).containsExactly(1, 1, 1);
    }
    // execute(), not submit(): nothing reads a per-task ListenableFuture, so none is made
    assertThat(executed).hasValue(3);
    assertThat(submitted).hasValue(0);
    assertThat(threads).allMatch(name -> name.startsWith("guava-test-pool-"));
  }

  @Test
  void aListeningExecutorServiceThatRejectsFailsTheTaskWithItsException() throws Exception {
    pool.shutdown();
    try (ConcurrentRunner runner =
        ConcurrentRunner.builder().backend("guava").executor(listening).build()) {
      assertThatThrownBy(() -> runner.all(List.of(Task.of(() -> "never"))).await())
          .isInstanceOf(TaskFailedException.class)
          .hasCauseInstanceOf(RejectedExecutionException.class);
    }
  }

  @Test
  void anAsyncTaskCancelledByItsGatherHasItsFutureCancelled() throws Exception {
    CompletableFuture<String> pending = new CompletableFuture<>();
    IllegalStateException boom = new IllegalStateException("boom");
    CountDownLatch asyncStarted = new CountDownLatch(1);
    try (ConcurrentRunner runner = ConcurrentRunner.create("guava")) {
      assertThatThrownBy(
              () ->
                  runner
                      .all(
                          List.of(
                              Task.async(
                                  () -> {
                                    asyncStarted.countDown();
                                    return pending;
                                  }),
                              Task.<String>of(
                                  () -> {
                                    asyncStarted.await();
                                    throw boom;
                                  })))
                      .await())
          .isInstanceOf(TaskFailedException.class)
          .cause()
          .isSameAs(boom);
    }
    assertThat(pending).isCancelled();
  }

  @Test
  void observeDeliversTheStagesOwnFailureInstanceAndCancelsTheStage() {
    GuavaTaskDriver driver = new GuavaTaskDriver();
    CompletableFuture<String> stage = new CompletableFuture<>();
    AtomicReference<Throwable> delivered = new AtomicReference<>();
    AtomicInteger calls = new AtomicInteger();
    try {
      driver
          .observe(
              stage,
              (value, failure) -> {
                calls.incrementAndGet();
                delivered.set(failure);
              })
          .cancel();
    } finally {
      driver.shutdown();
    }
    assertThat(stage).isCancelled();
    assertThat(calls).hasValue(1);
    assertThat(delivered.get()).isInstanceOf(java.util.concurrent.CancellationException.class);
  }

  @Test
  void timersRunOnTheRunnersNamedDaemonThread() throws Exception {
    GuavaTaskDriver driver = new GuavaTaskDriver();
    AtomicReference<Thread> timerThread = new AtomicReference<>();
    CountDownLatch fired = new CountDownLatch(1);
    try {
      driver.schedule(
          Duration.ofMillis(1),
          () -> {
            timerThread.set(Thread.currentThread());
            fired.countDown();
          });
      assertThat(fired.await(10, TimeUnit.SECONDS)).isTrue();
    } finally {
      driver.shutdown();
    }
    assertThat(timerThread.get().getName()).isEqualTo("concurrent-runner-guava-timer");
    assertThat(timerThread.get().isDaemon()).isTrue();
  }
}
