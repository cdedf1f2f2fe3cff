package io.github.concurrentrunner.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.concurrentrunner.AllFailedException;
import io.github.concurrentrunner.ConcurrentRunner;
import io.github.concurrentrunner.FailureEvent;
import io.github.concurrentrunner.GatherHandle;
import io.github.concurrentrunner.GatherOptions;
import io.github.concurrentrunner.GatherTimeoutException;
import io.github.concurrentrunner.LeakedTaskException;
import io.github.concurrentrunner.Outcome;
import io.github.concurrentrunner.Task;
import io.github.concurrentrunner.TaskFailedException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fault injection on every backend: each test injects one kind of fault and asserts that the
 * gather ends (bounded waits, never a bare {@code await()}), that its outcome is the specified
 * one, that no result or failure is lost, and that no task body or thread is left behind.
 */
class FaultInjectionTest {
  /** Far beyond any honest duration here: reaching it means a hang. */
  private static final Duration PATIENCE = Duration.ofSeconds(10);

  private static final AtomicLong GATHERS = new AtomicLong();
  private static final AtomicLong TASKS = new AtomicLong();
  private static final AtomicLong LEAKED = new AtomicLong();
  private static final Set<String> BACKENDS = new java.util.concurrent.ConcurrentSkipListSet<>();

  private Probe probe;
  private final List<AutoCloseable> toClose = new ArrayList<>();
  private final List<Throwable> uncaught = new CopyOnWriteArrayList<>();
  private final CountDownLatch release = new CountDownLatch(1);

  @BeforeEach
  void probe() {
    probe = new Probe();
  }

  @AfterEach
  void noLeaks() throws Exception {
    release.countDown(); // lets stubborn tasks end
    for (AutoCloseable closeable : toClose) {
      closeable.close();
    }
    int leaked = probe.awaitQuiescence(PATIENCE);
    LEAKED.addAndGet(leaked);
    TASKS.addAndGet(probe.started());
    assertThat(leaked).as(probe.leftovers()).isZero();
    assertThat(uncaught).as("exceptions that escaped into a thread").isEmpty();
  }

  @AfterAll
  static void summary() {
    System.out.printf(
        "FAULTS summary: seed=none (deterministic) backends=%s gathers=%d taskBodies=%d lost=0"
            + " leakedThreads=%d%n",
        BACKENDS, GATHERS.get(), TASKS.get(), LEAKED.get());
  }

  private Backends.Recorded runner(String backend) {
    BACKENDS.add(backend);
    Backends.Recorded recorded = Backends.create(backend);
    toClose.add(recorded);
    return recorded;
  }

  /** A pool whose threads are named fault-* and record what escapes them. */
  private ExecutorService pool(int threads) {
    AtomicInteger n = new AtomicInteger();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread thread = new Thread(r, "fault-pool-" + n.incrementAndGet());
              thread.setDaemon(true);
              thread.setUncaughtExceptionHandler((t, e) -> uncaught.add(e));
              return thread;
            });
    toClose.add(pool::shutdownNow);
    return pool;
  }

  private static <R> R await(GatherHandle<R> handle) throws Exception {
    GATHERS.incrementAndGet();
    try {
      return handle.await(PATIENCE);
    } catch (TimeoutException e) {
      handle.cancel();
      throw new AssertionError("the gather hung: " + handle, e);
    }
  }

  private static int recurse(int depth) {
    return recurse(depth + 1) + 1;
  }

  /** A task that ignores interruption until the test ends. */
  private <T> Task<T> stubborn(CountDownLatch started, T value) {
    return Task.of(
        "stubborn",
        () -> {
          probe.enter();
          try {
            started.countDown();
            while (true) {
              try {
                if (release.await(1, TimeUnit.DAYS)) {
                  return value;
                }
              } catch (InterruptedException ignored) {
                // the fault: it ignores the gather's interruption
              }
            }
          } finally {
            probe.exit();
          }
        });
  }

  // ---------------------------------------------------------------- Errors

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.github.concurrentrunner.reliability.Backends#names")
  void errorsIncludingStackOverflowAreFailuresAndNeverLost(String backend) throws Exception {
    ConcurrentRunner runner = runner(backend).runner();
    AssertionError assertion = new AssertionError("injected");
    OutOfMemoryError oom = new OutOfMemoryError("injected, not real");

    Throwable failed =
        catchThrowable(
            () ->
                await(
                    runner.all(
                        List.of(
                            Task.of(probe.wrap(() -> 1)),
                            Task.of("deep", probe.wrap(() -> recurse(0))),
                            Task.of(probe.wrap(() -> 3))))));
    assertThat(failed).isInstanceOf(TaskFailedException.class);
    assertThat(failed.getCause()).isInstanceOf(StackOverflowError.class);
    assertThat(((TaskFailedException) failed).taskIndex()).isEqualTo(1);

    List<Outcome<Object>> settled =
        await(
            runner.allSettled(
                List.of(
                    Task.of(probe.wrap(() -> "ok")),
                    Task.of(probe.wrap(() -> { throw assertion; })),
                    Task.of(probe.wrap(() -> recurse(0))),
                    Task.of(probe.wrap(() -> null)),
                    Task.async(() -> CompletableFuture.failedFuture(oom)))));
    assertThat(settled.get(0)).isEqualTo(Outcome.success("ok"));
    assertThat(((Outcome.Failure<Object>) settled.get(1)).exception()).isSameAs(assertion);
    assertThat(((Outcome.Failure<Object>) settled.get(2)).exception())
        .isInstanceOf(StackOverflowError.class);
    assertThat(settled.get(3)).isEqualTo(Outcome.success(null));
    assertThat(((Outcome.Failure<Object>) settled.get(4)).exception()).isSameAs(oom);

    Throwable none =
        catchThrowable(
            () ->
                await(
                    runner.any(
                        List.of(
                            Task.of(probe.wrap(() -> { throw assertion; })),
                            Task.async(() -> CompletableFuture.failedFuture(oom))))));
    assertThat(none).isInstanceOf(AllFailedException.class);
    assertThat(((AllFailedException) none).failures()).containsExactly(assertion, oom);
  }

  // ---------------------------------------------------------------- a rejecting executor

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.github.concurrentrunner.reliability.Backends#names")
  void anExecutorRejectingEveryThirdTaskFailsExactlyThoseTasks(String backend) throws Exception {
    ExecutorService pool = pool(4);
    List<RejectedExecutionException> rejections = new CopyOnWriteArrayList<>();
    AtomicInteger calls = new AtomicInteger();
    java.util.concurrent.Executor rejecting =
        command -> {
          if (calls.incrementAndGet() % 3 == 0) {
            RejectedExecutionException rejected =
                new RejectedExecutionException("injected rejection #" + calls.get());
            rejections.add(rejected);
            throw rejected;
          }
          pool.execute(command);
        };
    ConcurrentRunner runner = runner(backend).runner();
    for (GatherOptions options :
        List.of(
            GatherOptions.builder().executor(rejecting).build(),
            GatherOptions.builder().executor(rejecting).maxConcurrency(2).build())) {
      rejections.clear();
      calls.set(0);
      AtomicInteger executed = new AtomicInteger();
      List<Task<Integer>> tasks = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        int value = i;
        tasks.add(Task.of(probe.wrap(() -> {
          executed.incrementAndGet();
          return value;
        })));
      }
      List<Outcome<Integer>> outcomes = await(runner.allSettled(tasks, options));
      Set<Throwable> failures = Collections.newSetFromMap(new IdentityHashMap<>());
      for (int i = 0; i < outcomes.size(); i++) {
        Outcome<Integer> outcome = outcomes.get(i);
        if (outcome instanceof Outcome.Failure<Integer> failure) {
          assertThat(failure.exception()).isInstanceOf(RejectedExecutionException.class);
          failures.add(failure.exception());
        } else {
          assertThat(outcome).as("slot %d with %s", i, options).isEqualTo(Outcome.success(i));
        }
      }
      assertThat(failures).as("each rejection fails one task, once").hasSameSizeAs(rejections);
      assertThat(failures).containsAll(rejections);
      assertThat(executed.get() + rejections.size()).isEqualTo(30);
    }

    calls.set(0);
    rejections.clear();
    Throwable failed =
        catchThrowable(
            () ->
                await(
                    runner.all(
                        List.of(
                            Task.of(probe.wrap(() -> 1)),
                            Task.of(probe.wrap(() -> 2)),
                            Task.of(probe.wrap(() -> 3))),
                        GatherOptions.builder().executor(rejecting).build())));
    assertThat(failed).isInstanceOf(TaskFailedException.class);
    assertThat(failed.getCause()).isSameAs(rejections.get(0));
  }

  // ---------------------------------------------------------------- tasks ignoring interruption

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.github.concurrentrunner.reliability.Backends#names")
  void aTaskIgnoringInterruptionIsReportedAndTheGatherEndsWithinTimeoutPlusGrace(String backend)
      throws Exception {
    Backends.Recorded recorded = runner(backend);
    // Long enough for the stubborn task to start on a loaded machine: one that has not started
    // when the timeout passes never starts, and then there is nothing to leak.
    Duration timeout = Duration.ofSeconds(1);
    Duration grace = Duration.ofMillis(300);
    CountDownLatch started = new CountDownLatch(1);
    long t0 = System.nanoTime();
    GatherHandle<List<String>> handle =
        recorded
            .runner()
            .all(
                List.of(stubborn(started, "late"), Task.of(probe.wrap(() -> "fine"))),
                GatherOptions.builder().timeout(timeout).gracePeriod(grace).build());
    Throwable failed = catchThrowable(() -> await(handle));
    Duration took = Duration.ofNanos(System.nanoTime() - t0);

    assertThat(failed).isInstanceOf(GatherTimeoutException.class);
    assertThat(started.getCount()).as("the stubborn task started before the timeout").isZero();
    assertThat(took).isLessThan(timeout.plus(grace).plusSeconds(2));
    assertThat(failed.getSuppressed())
        .singleElement()
        .isInstanceOfSatisfying(
            LeakedTaskException.class, leaked -> assertThat(leaked.taskIndex()).isZero());
    awaitEvents(recorded, FailureEvent.Kind.LEAKED_TASK);

    // its own taskTimeout: the slot times out, the leak is reported, the gather is bounded
    CountDownLatch started2 = new CountDownLatch(1);
    List<Outcome<String>> settled =
        await(
            recorded
                .runner()
                .allSettled(
                    List.of(stubborn(started2, "late"), Task.of(probe.wrap(() -> "fine"))),
                    GatherOptions.builder()
                        .taskTimeout(Duration.ofMillis(100))
                        .gracePeriod(Duration.ofMillis(100))
                        .build()));
    assertThat(settled).containsExactly(new Outcome.TimedOut<>(), Outcome.success("fine"));
    awaitEvents(recorded, FailureEvent.Kind.LEAKED_TASK, FailureEvent.Kind.LEAKED_TASK);
  }

  /** The handler's events, exactly: they may arrive just after the handle completed. */
  private static void awaitEvents(Backends.Recorded recorded, FailureEvent.Kind... kinds) {
    org.awaitility.Awaitility.await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                assertThat(recorded.events())
                    .extracting(FailureEvent::kind)
                    .containsExactly(kinds));
  }

  // ---------------------------------------------------------------- a failure handler that throws

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.github.concurrentrunner.reliability.Backends#names")
  void aFailureHandlerThatThrowsLosesNoEventAndBreaksNoThread(String backend) throws Exception {
    // The runner logs each handler failure at WARNING (R11): kept off the build's console and
    // counted here instead, so that a green build prints no stack trace.
    java.util.logging.Logger log = java.util.logging.Logger.getLogger("io.github.concurrentrunner");
    List<java.util.logging.LogRecord> logged = new CopyOnWriteArrayList<>();
    java.util.logging.Handler capture =
        new java.util.logging.Handler() {
          @Override
          public void publish(java.util.logging.LogRecord record) {
            logged.add(record);
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    boolean useParentHandlers = log.getUseParentHandlers();
    log.setUseParentHandlers(false);
    log.addHandler(capture);
    try {
      handlerThatThrows(backend);
    } finally {
      log.removeHandler(capture);
      log.setUseParentHandlers(useParentHandlers);
    }
    assertThat(logged)
        .as("one WARNING record per handler failure")
        .hasSize(4)
        .allMatch(r -> r.getLevel() == java.util.logging.Level.WARNING);
  }

  private void handlerThatThrows(String backend) throws Exception {
    for (boolean rethrowsTheEventsOwnFailure : new boolean[] {false, true}) {
      List<Throwable> seen = new CopyOnWriteArrayList<>();
      ConcurrentRunner runner =
          ConcurrentRunner.builder()
              .backend(backend)
              .executor(pool(4))
              .failureHandler(
                  event -> {
                    seen.add(event.failure());
                    if (rethrowsTheEventsOwnFailure
                        && event.failure() instanceof RuntimeException own) {
                      throw own;
                    }
                    throw new IllegalStateException("the failure handler itself fails");
                  })
              .build();
      toClose.add(runner);
      IllegalStateException late1 = new IllegalStateException("late 1");
      IllegalStateException late2 = new IllegalStateException("late 2");
      List<Throwable> ran = new CopyOnWriteArrayList<>();
      List<Outcome<String>> settled =
          await(
              runner.allSettled(
                  List.of(lateFailure(ran, late1), lateFailure(ran, late2)),
                  GatherOptions.builder().timeout(Duration.ofSeconds(1)).build()));
      assertThat(settled).containsExactly(new Outcome.TimedOut<>(), new Outcome.TimedOut<>());
      // every late failure reaches the handler, once, even though it throws every time. A task
      // that a loaded machine had not started when the timeout passed never starts, and so has
      // no failure to report: the timeout (1 s) makes that rare, and the check exact either way.
      org.awaitility.Awaitility.await()
          .atMost(PATIENCE)
          .untilAsserted(
              () ->
                  assertThat(seen)
                      .as("rethrows its own failure: %s", rethrowsTheEventsOwnFailure)
                      .containsExactlyInAnyOrderElementsOf(ran));
    }
  }

  /**
   * Waits to be interrupted, then fails with its own exception: a failure after the verdict.
   * Records the failure in {@code ran} when it starts.
   */
  private Task<String> lateFailure(List<Throwable> ran, RuntimeException failure) {
    return Task.of(
        probe.wrap(
            () -> {
              ran.add(failure);
              try {
                new CountDownLatch(1).await();
              } catch (InterruptedException e) {
                throw failure;
              }
              return "never";
            }));
  }

  // ---------------------------------------------------------------- async tasks never completing

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.github.concurrentrunner.reliability.Backends#names")
  void asyncTasksWhoseFuturesNeverCompleteAreCancelledOrReportedAsLeaked(String backend)
      throws Exception {
    Backends.Recorded recorded = runner(backend);
    ConcurrentRunner runner = recorded.runner();
    CompletableFuture<String> never = new CompletableFuture<>();
    Throwable timedOut =
        catchThrowable(
            () ->
                await(
                    runner.all(
                        List.of(Task.async(() -> never), Task.async(() -> CompletableFuture.completedFuture("x"))),
                        GatherOptions.builder().timeout(Duration.ofMillis(100)).build())));
    assertThat(timedOut).isInstanceOf(GatherTimeoutException.class);
    assertThat(timedOut.getSuppressed()).isEmpty();
    assertThat(never).isCancelled();

    // a stage that cannot be cancelled through toCompletableFuture(): leaked, bounded, reported
    CompletableFuture<String> hidden = new CompletableFuture<>();
    Duration timeout = Duration.ofMillis(100);
    Duration grace = Duration.ofMillis(150);
    long t0 = System.nanoTime();
    List<Outcome<String>> settled =
        await(
            runner.allSettled(
                List.of(
                    Task.<String>async(hidden::minimalCompletionStage),
                    Task.async(() -> CompletableFuture.completedFuture("x"))),
                GatherOptions.builder().timeout(timeout).gracePeriod(grace).build()));
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(timeout.plus(grace).plusSeconds(2));
    assertThat(settled).containsExactly(new Outcome.TimedOut<>(), Outcome.success("x"));
    assertThat(hidden).isNotCancelled();
    hidden.complete("too late"); // completes nothing any more
  }

  // ---------------------------------------------------------------- nesting

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.github.concurrentrunner.reliability.Backends#names")
  void nestedGathersThreeDeepCarryTheBottomFailureAndTheTopCancellation(String backend)
      throws Exception {
    ConcurrentRunner runner = runner(backend).runner();
    IllegalArgumentException bottom = new IllegalArgumentException("bottom");
    Throwable failed =
        catchThrowable(
            () ->
                await(
                    runner.all(
                        List.of(
                            Task.of("level1", probe.wrap(() ->
                                runner.all(List.of(
                                    Task.of("level2", probe.wrap(() ->
                                        runner.all(List.of(
                                            Task.of(probe.wrap(() -> "ok")),
                                            Task.of("level3", probe.wrap(() -> { throw bottom; }))))
                                            .await())),
                                    Task.of(probe.wrap(() -> "ok")))).await())),
                            Task.of(probe.wrap(() -> "ok"))))));
    assertThat(failed).isInstanceOf(TaskFailedException.class);
    Throwable root = failed;
    int depth = 0;
    while (root.getCause() != null) {
      root = root.getCause();
      depth++;
    }
    assertThat(root).isSameAs(bottom);
    assertThat(depth).isEqualTo(3);

    // cancelling the top reaches a task blocked three levels down (R21)
    CountDownLatch bottomStarted = new CountDownLatch(1);
    AtomicInteger bottomInterrupted = new AtomicInteger();
    GatherHandle<List<Object>> top =
        runner.all(
            List.of(
                Task.of(probe.wrap(() ->
                    runner.all(List.of(
                        Task.of(probe.wrap(() ->
                            runner.all(List.of(Task.of(probe.wrap(() -> {
                              bottomStarted.countDown();
                              try {
                                new CountDownLatch(1).await();
                              } catch (InterruptedException e) {
                                bottomInterrupted.incrementAndGet();
                                throw e;
                              }
                              return "never";
                            })))).await())))).await()))));
    assertThat(bottomStarted.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
    assertThat(top.cancel()).isTrue();
    assertThatThrownBy(() -> await(top)).isInstanceOf(CancellationException.class);
    // R21: the cancellation reaches the bottom. (R18's await() cancels its gather and throws at
    // once, without waiting for it: the inner levels end just after the top handle completed.)
    org.awaitility.Awaitility.await()
        .atMost(PATIENCE)
        .untilAsserted(() -> assertThat(probe.running()).as(probe.leftovers()).isZero());
    assertThat(bottomInterrupted).hasValue(1);
  }

  // ---------------------------------------------------------------- a task closing its runner

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.github.concurrentrunner.reliability.Backends#names")
  void aTaskThatClosesItsOwnRunnerEndsTheGather(String backend) throws Exception {
    ConcurrentRunner runner = runner(backend).runner();
    CountDownLatch siblingStarted = new CountDownLatch(1);
    GatherHandle<List<String>> handle =
        runner.all(
            List.of(
                Task.of(
                    probe.wrap(
                        () -> {
                          siblingStarted.await();
                          runner.close();
                          return "closed";
                        })),
                Task.of(
                    probe.wrap(
                        () -> {
                          siblingStarted.countDown();
                          new CountDownLatch(1).await(); // until interrupted
                          return "never";
                        }))));
    assertThatThrownBy(() -> await(handle)).isInstanceOf(CancellationException.class);
    assertThatThrownBy(() -> runner.all(List.of(Task.of(() -> 1))))
        .isInstanceOf(IllegalStateException.class);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.github.concurrentrunner.reliability.Backends#names")
  void closeWithAStubbornTaskStillEndsTheGatherWithinItsGracePeriod(String backend)
      throws Exception {
    Backends.Recorded recorded = runner(backend);
    ConcurrentRunner runner = recorded.runner();
    CountDownLatch started = new CountDownLatch(1);
    Duration grace = Duration.ofMillis(200);
    GatherHandle<List<String>> handle =
        runner.all(
            List.of(stubborn(started, "late"), Task.of(probe.wrap(() -> {
              started.await();
              runner.close(); // a task closes its own runner; its sibling ignores interruption
              return "closed";
            }))),
            GatherOptions.builder().timeout(Duration.ofSeconds(30)).gracePeriod(grace).build());
    long t0 = System.nanoTime();
    Throwable failed = catchThrowable(() -> await(handle));
    assertThat(failed).isInstanceOf(CancellationException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(grace.plusSeconds(2));
    assertThat(failed.getSuppressed()).singleElement().isInstanceOf(LeakedTaskException.class);
  }
}
