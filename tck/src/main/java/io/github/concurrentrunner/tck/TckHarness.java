package io.github.concurrentrunner.tck;

import static io.github.concurrentrunner.tck.TckChecks.awaitLatch;
import static io.github.concurrentrunner.tck.TckChecks.within;
import static java.util.concurrent.TimeUnit.NANOSECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.concurrentrunner.ConcurrentRunner;
import io.github.concurrentrunner.FailureHandler;
import io.github.concurrentrunner.GatherHandle;
import io.github.concurrentrunner.GatherOptions;
import io.github.concurrentrunner.Task;
import io.github.concurrentrunner.TaskFailedException;
import io.github.concurrentrunner.spi.ConcurrentRunnerProvider;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;

/**
 * The harness of the kit: everything its rules share, and nothing about any one rule. It creates
 * the runner under test before each test (through {@link #newRunner}, the one place a runner is
 * made from the {@linkplain #provider() provider}), offers the tasks of every {@link TaskMode}
 * and the probes ({@link Blocker}, {@link Stubborn}, {@link Probe}), and after each test checks
 * that nothing is left behind: the runner closed, no task body running, no thread leaked, the
 * interrupt status clear, no unexpected failure-handler event. Its static waits and assertions
 * are in {@link TckChecks}.
 *
 * <p>The rules extend it, a group of related rules per file ({@link OrderingRules} first, {@link
 * LifecycleRules} last), and {@link ConcurrentRunnerTck} closes the chain.
 */
abstract class TckHarness {

  /** The concurrency bound of the bounded {@link TaskMode}s. */
  static final int BOUND = 2;

  /** Runs a task's "after report" action once the runner has seen the task's outcome (R9). */
  private static final ThreadLocal<Runnable> AFTER_REPORT = new ThreadLocal<>();

  /** The failure handler of {@link #runner}: records every event. */
  RecordingFailureHandler failures;

  /** Counts the task bodies of the test that are running. */
  Probe probe;

  /** The runner under test, created by the provider before each test, closed after it. */
  ConcurrentRunner runner;

  /** Released after each test: unblocks any task body a broken runner failed to stop. */
  CountDownLatch release;

  /** Completes the futures of async tasks; each body runs on one of its threads. */
  private ExecutorService asyncPool;

  /** Threads of the test's own (user-supplied executors, helper threads). */
  ExecutorService testPool;

  private final List<ConcurrentRunner> runners = new ArrayList<>();

  /** The executors of the test, shut down after it; a test may add its own. */
  final List<ExecutorService> pools = new ArrayList<>();

  private Set<Thread> threadsBefore;

  /**
   * Returns the provider of the backend under test. Called before each test, and by the
   * discovery tests (R25, R26), so it must return a provider of the same backend every time.
   *
   * @return the provider of the backend under test
   */
  protected abstract ConcurrentRunnerProvider provider();

  /**
   * Whether a thread belongs to the backend's library itself and may outlive a closed runner (a
   * global scheduler thread of RxJava, for example). Such threads are left out of the kit's
   * check that no thread started by a test survives it. By default, no thread is.
   *
   * @param thread a live thread that did not exist when the test started
   * @return true to ignore it in the thread-leak check
   */
  protected boolean isLibraryThread(Thread thread) {
    return false;
  }

  /**
   * Returns the profile the backend runs the kit in: {@link TckProfile#LOCAL} by default; a
   * backend whose blocking tasks run in other JVMs returns {@link TckProfile#REMOTE} (see there
   * for what changes).
   *
   * @return the backend's profile
   */
  protected TckProfile profile() {
    return TckProfile.LOCAL;
  }

  // ================================================================== lifecycle

  /** Creates the runner under test and the test's helpers. */
  @BeforeEach
  protected final void startKit() {
    threadsBefore = new HashSet<>(Thread.getAllStackTraces().keySet());
    failures = new RecordingFailureHandler();
    probe = new Probe();
    release = new CountDownLatch(1);
    asyncPool = pool("tck-async-");
    testPool = pool("tck-test-");
    runner = newRunner(null, failures);
  }

  /** Checks that the test left nothing behind (see the class documentation). */
  @AfterEach
  protected final void checkNothingIsLeftBehind() {
    boolean interrupted = Thread.interrupted();
    try {
      for (ConcurrentRunner r : runners) {
        r.close();
      }
      assertThat(interrupted)
          .as("the test thread's interrupt status is set at the end of the test (R18)")
          .isFalse();
      within(
          "every task body of the test has exited after close (R10, R24)",
          () -> assertThat(probe.running()).as("task bodies still running").isZero());
    } finally {
      release.countDown();
      for (ExecutorService pool : pools) {
        pool.shutdownNow();
      }
      TckProfile.forgetBodies();
    }
    within(
        "no thread started by the test outlives the closed runner",
        () -> assertThat(leftoverThreads()).isEmpty());
    assertThat(failures.take())
        .as("failure handler events this test did not expect (R11)")
        .isEmpty();
  }

  private List<String> leftoverThreads() {
    List<String> left = new ArrayList<>();
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      if (thread.isAlive()
          && !threadsBefore.contains(thread)
          && !isJdkThread(thread)
          && !isLibraryThread(thread)) {
        left.add(thread.getName() + " (" + thread.getState() + ")");
      }
    }
    return left;
  }

  /**
   * The JDK's own global threads, started lazily by the first user of a feature: the common pool,
   * and the virtual-thread scheduler's carriers and timers (JDK 21+).
   */
  private static boolean isJdkThread(Thread thread) {
    String name = thread.getName();
    return thread.getClass().getName().startsWith("jdk.internal.")
        || name.startsWith("ForkJoinPool.commonPool-worker")
        || name.startsWith("VirtualThread-")
        || (name.startsWith("ForkJoinPool-") && name.endsWith("-delayScheduler"))
        || name.startsWith("Read-Poller")
        || name.startsWith("Write-Poller")
        || name.startsWith("Common-Cleaner")
        || name.startsWith("process reaper")
        || name.startsWith("Attach Listener")
        || name.startsWith("awaitility")
        || name.startsWith("surefire");
  }

  // ================================================================== helpers for tests

  /** Creates a runner of the backend under test, closed after the test. */
  ConcurrentRunner newRunner(Executor executor, FailureHandler handler) {
    ConcurrentRunner created = build(executor, handler);
    runners.add(created);
    return created;
  }
  /**
   * Builds the runner under test: by default {@code ConcurrentRunner.builder()} on {@link
   * #provider()} with the given executor (if any) and failure handler. Every runner of a test is
   * made here (once before each test, and again by tests that need a runner of their own) and
   * closed after the test. A kit for a runner that is not built from a provider overrides it, for
   * example to measure a hand-written runner against the contract; the kit's self-test overrides
   * it with deliberately broken runners. The rules that configure the builder further (context
   * hooks, listeners) still build from {@link #provider()}.
   *
   * @param executor the runner's executor for blocking tasks, or {@code null} for the default
   * @param handler the failure handler the runner must report to (rule R11)
   * @return a new, open runner
   */
  protected ConcurrentRunner build(Executor executor, FailureHandler handler) {
    ConcurrentRunner.Builder builder = ConcurrentRunner.builder().provider(provider());
    return (executor == null ? builder : builder.executor(executor)).failureHandler(handler).build();
  }


  /** A cached pool of daemon threads owned by the test, shut down after it. */
  ExecutorService pool(String prefix) {
    AtomicInteger count = new AtomicInteger();
    ThreadFactory factory =
        r -> {
          Thread thread = new Thread(r, prefix + count.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        };
    ExecutorService pool = Executors.newCachedThreadPool(factory);
    pools.add(pool);
    return pool;
  }

  /** Asserts that a gather failed with a {@link TaskFailedException} caused by {@code cause}. */
  void assertTaskFailed(Throwable failure, Throwable cause) {
    assertThat(failure).isInstanceOf(TaskFailedException.class);
    profile().assertSameFailure(failure.getCause(), cause);
  }

  /**
   * Asserts that a gather failed with a {@link TaskFailedException} whose cause is {@code cause},
   * thrown by the task at {@code index}.
   */
  void assertTaskFailed(Throwable failure, Throwable cause, int index) {
    assertTaskFailed(failure, cause);
    assertThat(((TaskFailedException) failure).taskIndex()).isEqualTo(index);
  }

  /**
   * Skips a test whose blocking mode depends on where the runner runs blocking tasks (the gather's
   * or the runner's executor, R20, R23, and the kit's "after report" executor) in the REMOTE
   * profile, where blocking tasks run on the cluster's members instead; its async modes still run.
   */
  void assumeGivenExecutorRunsBlockingTasks(TaskMode mode) {
    Assumptions.assumeTrue(
        mode.async() || profile() == TckProfile.LOCAL,
        "REMOTE profile: blocking tasks run on the members, not on the gather's executor");
  }

  /** A task of the given mode whose body is {@code body}. */
  <T> Task<T> task(TaskMode mode, Callable<T> body) {
    return task(mode, null, body);
  }

  /** A named task of the given mode whose body is {@code body}. */
  <T> Task<T> task(TaskMode mode, String name, Callable<T> body) {
    Callable<T> counted = probe.wrap(body);
    if (!mode.async()) {
      Callable<T> sent = profile().body(counted);
      return name == null ? Task.of(sent) : Task.of(name, sent);
    }
    Supplier<CompletionStage<T>> start = () -> startAsync(counted);
    return name == null ? Task.async(start) : Task.async(name, start);
  }

  /**
   * A task of the given mode that waits for {@code sibling} to start, then throws {@code failure}.
   */
  <T> Task<T> failingOnceStarted(TaskMode mode, Blocker sibling, Exception failure) {
    return task(
        mode,
        () -> {
          sibling.awaitStarted();
          throw failure;
        });
  }

  /** Starts {@code all} on {@link #runner} with the one task {@code running}, in {@code mode}. */
  GatherHandle<List<String>> startAll(TaskMode mode, Blocker running) {
    return runner.all(List.of(task(mode, running::call)), options(mode).build());
  }

  /**
   * A task whose cancellation cannot reach its body: a blocking body that ignores interruption
   * must be written by the caller; an async task returns a stage whose {@code
   * toCompletableFuture()} is a copy, so cancelling it does not cancel the operation.
   */
  <T> Task<T> uncancellableTask(TaskMode mode, String name, Callable<T> body) {
    Callable<T> counted = probe.wrap(body);
    if (!mode.async()) {
      return Task.of(name, profile().body(counted));
    }
    return Task.async(name, () -> startAsync(counted).minimalCompletionStage());
  }

  /**
   * Starts an async operation: {@code body} runs on a thread of the async pool, which completes
   * the returned future; cancelling the future interrupts that thread, as a well-behaved async
   * API does.
   */
  <T> CompletableFuture<T> startAsync(Callable<T> body) {
    CompletableFuture<T> future = new CompletableFuture<>();
    Future<?> job =
        asyncPool.submit(
            () -> {
              try {
                future.complete(body.call());
              } catch (Throwable t) {
                future.completeExceptionally(t);
              }
              runAfterReport();
            });
    future.whenComplete(
        (value, failure) -> {
          if (future.isCancelled()) {
            job.cancel(true);
          }
        });
    return future;
  }

  /** An executor on the test's pool that runs a body's "after report" action (R9). */
  Executor reportingExecutor() {
    return body ->
        testPool.execute(
            () -> {
              try {
                body.run();
              } finally {
                runAfterReport();
              }
            });
  }

  /** Called by a task body: {@code action} runs once the runner has seen the body's outcome. */
  static void afterReport(Runnable action) {
    AFTER_REPORT.set(action);
  }

  private static void runAfterReport() {
    Runnable action = AFTER_REPORT.get();
    AFTER_REPORT.remove();
    if (action != null) {
      action.run();
    }
  }

  /** Options for the mode: {@code maxConcurrency(BOUND)} when bounded. */
  static GatherOptions.Builder options(TaskMode mode) {
    return options(mode, BOUND);
  }

  /**
   * Options for the mode: {@code maxConcurrency(bound)} when bounded, and a grace period of
   * {@link Delays#LONG}, so that a cancelled task that a loaded machine is slow to reschedule is
   * not reported as leaked; the leak tests set a short one.
   */
  static GatherOptions.Builder options(TaskMode mode, int bound) {
    GatherOptions.Builder builder = GatherOptions.builder().gracePeriod(Delays.LONG);
    if (mode.bounded()) {
      builder.maxConcurrency(bound);
    }
    return builder;
  }

  /**
   * A task body that blocks until it is interrupted (or, if the runner never interrupts it, until
   * the test ends), and records both.
   */
  final class Blocker {
    final CountDownLatch started = new CountDownLatch(1);
    final CountDownLatch interrupted = new CountDownLatch(1);
    private final OnInterrupt onInterrupt;

    /** A blocker that rethrows the interruption. */
    Blocker() {
      this(e -> {
        throw e;
      });
    }

    /** A blocker that does what {@code onInterrupt} does when interrupted. */
    Blocker(OnInterrupt onInterrupt) {
      this.onInterrupt = onInterrupt;
    }

    /** The body: blocks until interrupted or until the test ends. */
    String call() throws Exception {
      started.countDown();
      try {
        release.await(Delays.LONG.toNanos(), NANOSECONDS);
      } catch (InterruptedException e) {
        interrupted.countDown();
        Object result = onInterrupt.handle(e);
        return String.valueOf(result);
      }
      return "never interrupted";
    }

    /** Waits until the body has started, at most {@link Delays#LONG}. */
    void awaitStarted() throws InterruptedException {
      awaitLatch(started, "the blocking task to start");
    }

    /** Whether the body has started. */
    boolean hasStarted() {
      return started.getCount() == 0;
    }

    /** Asserts that the body was interrupted, waiting at most {@link Delays#LONG}. */
    void assertInterrupted() throws InterruptedException {
      assertThat(interrupted.await(Delays.LONG.toNanos(), NANOSECONDS))
          .as("the running task was interrupted (for async tasks: its future was cancelled)")
          .isTrue();
    }
  }

  /**
   * A task body that ignores interruption (and, as an async task, cancellation) until the test
   * lets it go, then returns or throws what {@code then} does (rules R10, R11).
   */
  final class Stubborn {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch letGo = new CountDownLatch(1);
    final AtomicBoolean sawInterrupt = new AtomicBoolean();
    private final Callable<String> then;

    /** A stubborn body that, once let go, returns or throws what {@code then} does. */
    Stubborn(Callable<String> then) {
      this.then = then;
    }

    /** The task named "stubborn" whose cancellation cannot reach this body. */
    Task<String> task(TaskMode mode) {
      return uncancellableTask(mode, "stubborn", this::call);
    }

    private String call() throws Exception {
      entered.countDown();
      long deadline = System.nanoTime() + Delays.LONG.toNanos();
      while (letGo.getCount() > 0 && System.nanoTime() < deadline) {
        try {
          letGo.await(deadline - System.nanoTime(), NANOSECONDS);
        } catch (InterruptedException ignored) {
          sawInterrupt.set(true); // and carry on: this task ignores interruption
        }
      }
      return then.call();
    }

    /** Waits until the body has started, at most {@link Delays#LONG}. */
    void awaitEntered() throws InterruptedException {
      awaitLatch(entered, "the stubborn task to start");
    }
  }

  /** What a {@link Blocker} does when interrupted: return a value or throw. */
  @FunctionalInterface
  interface OnInterrupt {
    Object handle(InterruptedException e) throws Exception;
  }

  /**
   * The tasks of a {@link Scramble}, in input order: task i completes in the order the scramble
   * imposes, and returns {@code "v" + i}, or throws {@code failureAt.apply(i)} where that is not
   * null.
   */
  List<Task<String>> scrambled(
      TaskMode mode, Scramble scramble, IntFunction<? extends Exception> failureAt) {
    List<Task<String>> tasks = new ArrayList<>();
    for (int i = 0; i < scramble.size(); i++) {
      int index = i;
      Exception failure = failureAt.apply(i);
      tasks.add(
          task(
              mode,
              () ->
                  scramble.run(
                      index,
                      () -> {
                        if (failure != null) {
                          throw failure;
                        }
                        return "v" + index;
                      })));
    }
    return tasks;
  }
}
