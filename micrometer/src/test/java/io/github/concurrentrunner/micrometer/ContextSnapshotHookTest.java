package io.github.concurrentrunner.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.github.concurrentrunner.ConcurrentRunner;
import io.github.concurrentrunner.GatherHandle;
import io.github.concurrentrunner.GatherOptions;
import io.github.concurrentrunner.Task;
import io.github.concurrentrunner.TaskFailedException;
import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ContextSnapshotFactory;
import io.micrometer.context.ThreadLocalAccessor;
import io.micrometer.context.integration.Slf4jThreadLocalAccessor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * {@link ContextSnapshotHook} with a real {@code ThreadLocalAccessor}: SLF4J's MDC through
 * Logback, whose log events record the MDC they were logged with.
 */
class ContextSnapshotHookTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  /** Keeps each event with the MDC of the thread that logged it (Logback reads it lazily). */
  private final ListAppender<ILoggingEvent> logged =
      new ListAppender<>() {
        @Override
        protected void append(ILoggingEvent event) {
          event.prepareForDeferredProcessing();
          super.append(event);
        }
      };
  private final Logger logger = (Logger) LoggerFactory.getLogger("concurrent-runner-test-tasks");
  private final ExecutorService completer =
      Executors.newSingleThreadExecutor(r -> new Thread(r, "completer"));
  private ConcurrentRunner runner;

  @BeforeEach
  void setUp() {
    logged.start();
    logger.addAppender(logged);
    logger.setLevel(Level.INFO);
    logger.setAdditive(false);
    ContextRegistry registry =
        new ContextRegistry().registerThreadLocalAccessor(new Slf4jThreadLocalAccessor());
    runner =
        ConcurrentRunner.builder()
            .backend("completablefuture")
            .contextHook(
                ContextSnapshotHook.of(
                    ContextSnapshotFactory.builder().contextRegistry(registry).build()))
            .build();
  }

  @AfterEach
  void tearDown() throws InterruptedException {
    runner.close();
    completer.shutdownNow();
    assertThat(completer.awaitTermination(WAIT.toNanos(), TimeUnit.NANOSECONDS)).isTrue();
    logger.detachAppender(logged);
    MDC.clear();
  }

  /**
   * Async tasks, one at a time: the first is started by the caller, each next one by the
   * "completer" thread that completed the previous one's future. Every start logs with the
   * caller's MDC, and the completer thread's MDC is empty again afterwards.
   */
  @Test
  void mdcSurvivesATaskStartedByAnotherTasksThread() throws Exception {
    CountDownLatch called = new CountDownLatch(1);
    List<Task<String>> tasks = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      int index = i;
      tasks.add(
          Task.async(
              () -> {
                logger.info("starting task {}", index);
                String startedOn = Thread.currentThread().getName();
                return CompletableFuture.supplyAsync(
                    () -> {
                      if (index == 0) { // so that the caller has left the gather's start loop
                        await(called);
                      }
                      return startedOn;
                    },
                    completer);
              }));
    }
    MDC.put("requestId", "r-1");
    List<String> startedOn;
    try {
      var handle = runner.all(tasks, GatherOptions.builder().maxConcurrency(1).build());
      called.countDown();
      startedOn = handle.await(WAIT);
    } finally {
      MDC.remove("requestId");
    }
    assertThat(startedOn)
        .as("threads that started each task")
        .containsExactly(Thread.currentThread().getName(), "completer", "completer", "completer");
    assertThat(logged.list).hasSize(4);
    assertThat(logged.list)
        .extracting(ILoggingEvent::getMDCPropertyMap)
        .containsOnly(Map.of("requestId", "r-1"));
    assertThat(completer.submit(MDC::getCopyOfContextMap).get(WAIT.toNanos(), TimeUnit.NANOSECONDS))
        .as("the completer thread's MDC after the gather")
        .isNullOrEmpty();
  }

  /** Blocking tasks on a two-thread pool, two at a time: each logs with the caller's MDC. */
  @Test
  void mdcReachesBlockingTasksOnPoolThreadsAndLeavesThemClean() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Task<String>> tasks = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        int index = i;
        tasks.add(
            Task.of(
                () -> {
                  logger.info("running task {}", index);
                  return MDC.get("requestId");
                }));
      }
      MDC.put("requestId", "r-2");
      List<String> seen =
          runner
              .all(tasks, GatherOptions.builder().executor(pool).maxConcurrency(2).build())
              .await(WAIT);
      MDC.clear();
      assertThat(seen).containsOnly("r-2").hasSize(6);
      assertThat(logged.list)
          .extracting(ILoggingEvent::getMDCPropertyMap)
          .containsOnly(Map.of("requestId", "r-2"))
          .hasSize(6);
      for (int i = 0; i < 2; i++) {
        assertThat(pool.submit(MDC::getCopyOfContextMap).get(WAIT.toNanos(), TimeUnit.NANOSECONDS))
            .as("a pool thread's MDC after the gather")
            .isNullOrEmpty();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * An accessor whose {@code setValue} throws, registered after one that sets fine: the task fails
   * with that exception (R30), and the pool thread keeps none of the caller's context. If it
   * keeps the first accessor's value, the hook set the keys all at once and could not undo them.
   */
  @Test
  void anAccessorThatCannotBeSetLeavesNoCallersContextOnThePoolThread() throws Exception {
    ThreadLocal<String> requestId = new ThreadLocal<>();
    IllegalStateException cannotSet = new IllegalStateException("this accessor cannot be set");
    ContextRegistry registry =
        new ContextRegistry()
            .registerThreadLocalAccessor("requestId", requestId)
            .registerThreadLocalAccessor(
                new ThreadLocalAccessor<String>() {
                  @Override
                  public Object key() {
                    return "broken";
                  }

                  @Override
                  public String getValue() {
                    return "captured";
                  }

                  @Override
                  public void setValue(String value) {
                    throw cannotSet;
                  }

                  @Override
                  public void setValue() {}
                });
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try (ConcurrentRunner runner =
        ConcurrentRunner.builder()
            .backend("completablefuture")
            .contextHook(
                ContextSnapshotHook.of(
                    ContextSnapshotFactory.builder().contextRegistry(registry).build()))
            .build()) {
      requestId.set("the caller's request");
      GatherHandle<List<String>> handle;
      try {
        handle =
            runner.all(List.of(Task.of(() -> "x")), GatherOptions.builder().executor(pool).build());
      } finally {
        requestId.remove();
      }
      assertThatThrownBy(() -> handle.await(WAIT))
          .isInstanceOf(TaskFailedException.class)
          .cause()
          .isSameAs(cannotSet);
      assertThat(pool.submit(requestId::get).get(WAIT.toNanos(), TimeUnit.NANOSECONDS))
          .as("the caller's context left on the pool thread")
          .isNull();
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Two accessors whose restore throws the same instance (a constant): every other key is still
   * restored, so the pool thread keeps none of the caller's context, and the task's value stands.
   * If the pool thread keeps it, the second failure was added to the first as suppressed (which
   * throws for the same instance) and the loop stopped there.
   */
  @Test
  void restoresThatThrowTheSameInstanceStillRestoreEveryOtherKey() throws Exception {
    IllegalStateException cannotRestore = new IllegalStateException("cannot restore");
    ThreadLocal<String> requestId = new ThreadLocal<>();
    ContextRegistry registry =
        new ContextRegistry()
            .registerThreadLocalAccessor("requestId", requestId)
            .registerThreadLocalAccessor(new Unrestorable("a", cannotRestore))
            .registerThreadLocalAccessor(new Unrestorable("b", cannotRestore));
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try (ConcurrentRunner runner =
        ConcurrentRunner.builder()
            .backend("completablefuture")
            .failureHandler(event -> {})
            .contextHook(
                ContextSnapshotHook.of(
                    ContextSnapshotFactory.builder().contextRegistry(registry).build()))
            .build()) {
      requestId.set("the caller's request");
      List<String> seen;
      try {
        seen =
            runner
                .all(List.of(Task.of(requestId::get)), GatherOptions.builder().executor(pool).build())
                .await(WAIT);
      } finally {
        requestId.remove();
      }
      assertThat(seen).containsExactly("the caller's request");
      assertThat(pool.submit(requestId::get).get(WAIT.toNanos(), TimeUnit.NANOSECONDS))
          .as("the caller's context left on the pool thread")
          .isNull();
    } finally {
      pool.shutdownNow();
    }
  }

  /** An accessor that sets fine and whose restore throws {@code failure}. */
  private static final class Unrestorable implements ThreadLocalAccessor<String> {
    private final String key;
    private final RuntimeException failure;

    Unrestorable(String key, RuntimeException failure) {
      this.key = key;
      this.failure = failure;
    }

    @Override
    public Object key() {
      return key;
    }

    @Override
    public String getValue() {
      return "captured";
    }

    @Override
    public void setValue(String value) {}

    @Override
    public void setValue() {}

    @Override
    public void restore(String previousValue) {
      throw failure;
    }

    @Override
    public void restore() {
      throw failure;
    }
  }

  @Test
  void nullFactoryIsRejectedNamingIt() {
    assertThatThrownBy(() -> ContextSnapshotHook.of(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("factory");
    assertThat(ContextSnapshotHook.create().capture()).isNotNull();
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(WAIT.toNanos(), TimeUnit.NANOSECONDS)) {
        throw new AssertionError("waited " + WAIT);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
