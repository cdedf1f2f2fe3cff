package io.github.concurrentrunner.tck;

import static java.util.concurrent.TimeUnit.NANOSECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.concurrentrunner.AllFailedException;
import io.github.concurrentrunner.ConcurrentRunner;
import io.github.concurrentrunner.FailureEvent;
import io.github.concurrentrunner.FailureHandler;
import io.github.concurrentrunner.GatherHandle;
import io.github.concurrentrunner.GatherOptions;
import io.github.concurrentrunner.GatherTimeoutException;
import io.github.concurrentrunner.LeakedTaskException;
import io.github.concurrentrunner.Outcome;
import io.github.concurrentrunner.Pair;
import io.github.concurrentrunner.Task;
import io.github.concurrentrunner.TaskFailedException;
import io.github.concurrentrunner.TaskTimeoutException;
import io.github.concurrentrunner.spi.ConcurrentRunnerProvider;
import java.io.IOException;
import java.time.Duration;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Level;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The technology compatibility kit of concurrent-runner: one test (at least) per rule R1-R26 of
 * the contract, named after it ({@code rule07_allCancelsRunningSiblingsOnFailure}), grouped by rule
 * in {@link Nested} classes. Each test's Javadoc says what to check when it fails.
 *
 * <p>Rule R26 ("every backend behaves identically") is this class itself: a backend proves it by
 * running the kit <em>unchanged</em>, with a subclass of about ten lines:
 *
 * <pre>{@code
 * class CompletableFutureTckTest extends ConcurrentRunnerTck {
 *   @Override
 *   protected ConcurrentRunnerProvider provider() {
 *     return new CompletableFutureRunnerProvider();
 *   }
 * }
 * }</pre>
 *
 * <p>How the kit works:
 *
 * <ul>
 *   <li>Each scenario that can runs in every {@link TaskMode}: blocking tasks and async tasks
 *       (whose future another thread completes, and which interrupt that thread when the future is
 *       cancelled, as a well-behaved async API does), with and without {@code maxConcurrency}.
 *   <li>Tests coordinate with latches and barriers, never with sleeps. The only delays are the
 *       timeouts under test and upper bounds on waits, all scaled by the system property {@code
 *       concurrentrunner.test.delayFactor}.
 *   <li>After every test the kit checks that the runner is closed, that no task body of the test
 *       is still running (counted, since virtual threads are invisible to thread enumeration),
 *       that no platform thread started during the test is still alive a few seconds after close
 *       (except the backend's {@linkplain #isLibraryThread(Thread) library threads}), that the
 *       test thread's interrupt status is clear, and that the runner's failure handler received
 *       nothing the test did not expect.
 * </ul>
 */
public abstract class ConcurrentRunnerTck {

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
  private CountDownLatch release;

  /** Completes the futures of async tasks; each body runs on one of its threads. */
  private ExecutorService asyncPool;

  /** Threads of the test's own (user-supplied executors, helper threads). */
  private ExecutorService testPool;

  private final List<ConcurrentRunner> runners = new ArrayList<>();
  private final List<ExecutorService> pools = new ArrayList<>();
  private Set<Thread> threadsBefore;

  /** Creates the kit; subclasses have a no-argument constructor. */
  protected ConcurrentRunnerTck() {}

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

  /** Builds a runner on {@link #provider()}; the kit's self-test overrides it with broken ones. */
  ConcurrentRunner build(Executor executor, FailureHandler handler) {
    ConcurrentRunner.Builder builder = ConcurrentRunner.builder().provider(provider());
    return (executor == null ? builder : builder.executor(executor)).failureHandler(handler).build();
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

  /** Awaits a gather that must complete normally, at most {@link Delays#LONG}. */
  static <R> R await(GatherHandle<R> handle) throws InterruptedException {
    try {
      return handle.await(Delays.LONG);
    } catch (TimeoutException e) {
      throw new AssertionError(
          "the gather did not complete within " + Delays.LONG + " (it hangs): " + handle, e);
    }
  }

  /** Awaits a gather that must fail, at most {@link Delays#LONG}, and returns what it threw. */
  static Throwable failureOf(GatherHandle<?> handle) {
    Object result;
    try {
      result = handle.await(Delays.LONG);
    } catch (TimeoutException e) {
      throw new AssertionError(
          "the gather did not complete within " + Delays.LONG + " (it hangs): " + handle, e);
    } catch (Throwable t) {
      return t;
    }
    throw new AssertionError("expected the gather to fail, but it returned " + result);
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
   * Asserts that a gather was cancelled: its running task was interrupted, and awaiting it throws
   * {@code CancellationException}.
   */
  static void assertCancelled(Blocker running, GatherHandle<?> handle)
      throws InterruptedException {
    running.assertInterrupted();
    assertThat(failureOf(handle)).isInstanceOf(CancellationException.class);
  }

  /** Waits for a latch in a task body or a test, at most {@link Delays#LONG}. */
  static void awaitLatch(CountDownLatch latch, String what) throws InterruptedException {
    if (!latch.await(Delays.LONG.toNanos(), NANOSECONDS)) {
      throw new AssertionError("waited " + Delays.LONG + " for " + what);
    }
  }

  /** Waits until an assertion holds, at most {@link Delays#LONG}, polling in this thread. */
  static void within(String what, org.awaitility.core.ThrowingRunnable assertion) {
    patiently(what).untilAsserted(assertion);
  }

  static ConditionFactory patiently(String what) {
    return Awaitility.await(what)
        .pollInSameThread()
        .atMost(Delays.LONG)
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(5));
  }

  /**
   * A task body that blocks until it is interrupted (or, if the runner never interrupts it, until
   * the test ends), and records both.
   */
  final class Blocker {
    final CountDownLatch started = new CountDownLatch(1);
    final CountDownLatch interrupted = new CountDownLatch(1);
    private final OnInterrupt onInterrupt;

    Blocker() {
      this(e -> {
        throw e;
      });
    }

    Blocker(OnInterrupt onInterrupt) {
      this.onInterrupt = onInterrupt;
    }

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

    void awaitStarted() throws InterruptedException {
      awaitLatch(started, "the blocking task to start");
    }

    boolean hasStarted() {
      return started.getCount() == 0;
    }

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
   * Makes n tasks complete in an order other than input order: unbounded, task i waits for task
   * i+1 (reverse order); bounded to 2, task 2j waits for task 2j+1 (pairs swapped).
   */
  static final class Scramble {
    private final int n;
    private final boolean pairs;
    private final CountDownLatch[] done;
    private final List<Integer> order = Collections.synchronizedList(new ArrayList<>());

    Scramble(int n, boolean pairs) {
      this.n = n;
      this.pairs = pairs;
      this.done = new CountDownLatch[n];
      for (int i = 0; i < n; i++) {
        done[i] = new CountDownLatch(1);
      }
    }

    <T> T run(int i, Callable<T> body) throws Exception {
      int waitFor = i + 1 < n && (!pairs || i % 2 == 0) ? i + 1 : -1;
      if (waitFor >= 0) {
        awaitLatch(done[waitFor], "task " + waitFor + " to finish first");
      }
      try {
        return body.call();
      } finally {
        order.add(i);
        done[i].countDown();
      }
    }

    List<Integer> completionOrder() {
      return List.copyOf(order);
    }
  }

  static List<String> values(int n) {
    List<String> values = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      values.add("v" + i);
    }
    return values;
  }

  static List<Integer> inputOrder(int n) {
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      order.add(i);
    }
    return order;
  }

  static boolean isVirtual(Thread thread) {
    try {
      return (Boolean) Thread.class.getMethod("isVirtual").invoke(thread);
    } catch (ReflectiveOperationException e) {
      return false; // JDK 17-20
    }
  }

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
      List<Task<String>> tasks = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        int index = i;
        tasks.add(task(mode, () -> scramble.run(index, () -> "v" + index)));
      }
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
      List<Exception> thrown = new ArrayList<>();
      List<Task<String>> tasks = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        int index = i;
        Exception boom = new IOException("boom " + i);
        thrown.add(boom);
        tasks.add(
            task(
                mode,
                () ->
                    scramble.run(
                        index,
                        () -> {
                          if (index % 2 == 1) {
                            throw boom;
                          }
                          return "v" + index;
                        })));
      }
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

  // ================================================================== R3

  @Nested
  @DisplayName("R3: empty input gives [], [], AllFailedException with no causes, and IAE for race")
  class Rule03 {

    /** {@code all} over no tasks returns an empty list at once. */
    @ParameterizedTest(name = "{0}")
    @EnumSource(TaskMode.class)
    void rule03_allOverNoTasksIsEmpty(TaskMode mode) throws Exception {
      List<Task<String>> none = List.of();
      assertThat(await(runner.all(none, options(mode).build()))).isEmpty();
    }

    /** {@code allSettled} over no tasks returns an empty list at once. */
    @ParameterizedTest(name = "{0}")
    @EnumSource(TaskMode.class)
    void rule03_allSettledOverNoTasksIsEmpty(TaskMode mode) throws Exception {
      List<Task<String>> none = List.of();
      assertThat(await(runner.allSettled(none, options(mode).build()))).isEmpty();
    }

    /**
     * {@code any} over no tasks fails with {@code AllFailedException} holding zero failures. If
     * it hangs, the runner waits for a success that can never come.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(TaskMode.class)
    void rule03_anyOverNoTasksFailsWithNoCauses(TaskMode mode) {
      List<Task<String>> none = List.of();
      Throwable failure = failureOf(runner.any(none, options(mode).build()));
      assertThat(failure).isInstanceOf(AllFailedException.class);
      assertThat(((AllFailedException) failure).failures()).isEmpty();
      assertThat(failure.getSuppressed()).isEmpty();
    }

    /** {@code race} over no tasks is rejected at the call: it could never complete. */
    @Test
    void rule03_raceOverNoTasksIsRejectedAtTheCall() {
      List<Task<String>> none = List.of();
      assertThatThrownBy(() -> runner.race(none)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> runner.race(none, GatherOptions.builder().maxConcurrency(1).build()))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  // ================================================================== R4

  @Nested
  @DisplayName("R4: null arguments and bad options are rejected at the call, before any task starts")
  class Rule04 {

    /**
     * A null list is a {@code NullPointerException} naming {@code tasks}, from every operation.
     */
    @Test
    void rule04_nullListIsRejectedNamingIt() {
      List<Task<String>> none = null;
      for (Runnable call :
          List.<Runnable>of(
              () -> runner.all(none),
              () -> runner.allSettled(none),
              () -> runner.any(none),
              () -> runner.race(none))) {
        assertThatThrownBy(call::run)
            .isInstanceOf(NullPointerException.class)
            .hasMessageContaining("tasks");
      }
    }

    /**
     * A null task at index 3 is a {@code NullPointerException} whose message names {@code
     * tasks[3]}, and no task starts. If a task ran, the runner validates while it starts tasks
     * instead of before.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(TaskMode.class)
    void rule04_nullTaskIsRejectedNamingItsIndex(TaskMode mode) {
      Task<String> ok = task(mode, () -> "x");
      List<Task<String>> tasks = Arrays.asList(ok, ok, ok, null, ok);
      GatherOptions options = options(mode).build();
      for (Runnable call :
          List.<Runnable>of(
              () -> runner.all(tasks, options),
              () -> runner.allSettled(tasks, options),
              () -> runner.any(tasks, options),
              () -> runner.race(tasks, options))) {
        assertThatThrownBy(call::run)
            .isInstanceOf(NullPointerException.class)
            .hasMessageContaining("tasks[3]");
      }
      assertThat(probe.entered()).as("tasks started").isZero();
    }

    /**
     * Null options, a null task of {@code both} or a null combiner are rejected naming the
     * argument, and no task starts.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(TaskMode.class)
    void rule04_nullOptionsAndPairArgumentsAreRejected(TaskMode mode) {
      Task<String> ok = task(mode, () -> "x");
      List<Task<String>> tasks = List.of(ok, ok);
      for (Runnable call :
          List.<Runnable>of(
              () -> runner.all(tasks, null),
              () -> runner.allSettled(tasks, null),
              () -> runner.any(tasks, null),
              () -> runner.race(tasks, null),
              () -> runner.both(ok, ok, (GatherOptions) null),
              () -> runner.bothSettled(ok, ok, null),
              () -> runner.both(ok, ok, (a, b) -> a + b, null))) {
        assertThatThrownBy(call::run)
            .isInstanceOf(NullPointerException.class)
            .hasMessageContaining("options");
      }
      assertThatThrownBy(() -> runner.both(null, ok))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("first");
      assertThatThrownBy(() -> runner.bothSettled(ok, null))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("second");
      assertThatThrownBy(() -> runner.both(ok, ok, null, GatherOptions.defaults()))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("combiner");
      assertThat(probe.entered()).as("tasks started").isZero();
    }

    /**
     * The options builder rejects bad values at once, with a message naming the option and the
     * value: {@code maxConcurrency(-1)}, {@code timeout(ZERO)}, negative {@code taskTimeout} and
     * {@code gracePeriod}, nulls.
     */
    @Test
    void rule04_optionsBuilderRejectsBadValuesNamingThem() {
      assertThatThrownBy(() -> GatherOptions.builder().maxConcurrency(-1))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("maxConcurrency")
          .hasMessageContaining("-1");
      assertThatThrownBy(() -> GatherOptions.builder().maxConcurrency(0))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("maxConcurrency");
      assertThatThrownBy(() -> GatherOptions.builder().timeout(Duration.ZERO))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("timeout")
          .hasMessageContaining("PT0S");
      assertThatThrownBy(() -> GatherOptions.builder().taskTimeout(Duration.ofSeconds(-1)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("taskTimeout")
          .hasMessageContaining("PT-1S");
      assertThatThrownBy(() -> GatherOptions.builder().gracePeriod(Duration.ofMillis(-5)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("gracePeriod");
      assertThatThrownBy(() -> GatherOptions.builder().timeout(null))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("timeout");
      assertThatThrownBy(() -> GatherOptions.builder().executor(null))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("executor");
    }
  }

  // ================================================================== R5

  @Nested
  @DisplayName("R5: a task may return null; its slot holds null, which never means failure")
  class Rule05 {

    /**
     * A null value fills its slot in {@code all}, is {@code Success(null)} in {@code
     * allSettled}, is a valid winner of {@code any} and {@code race}, and a valid half of {@code
     * both}. If this fails, the backend uses null as a "no value" marker (RxJava forbids nulls:
     * box them).
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(TaskMode.class)
    void rule05_nullResultFillsItsSlot(TaskMode mode) throws Exception {
      GatherOptions options = options(mode).build();
      List<Task<String>> tasks = List.of(task(mode, () -> "a"), task(mode, () -> null));
      assertThat(await(runner.all(tasks, options))).containsExactly("a", null);
      assertThat(await(runner.allSettled(tasks, options)))
          .containsExactly(new Outcome.Success<>("a"), new Outcome.Success<>(null));
      Task<String> nothing = task(mode, () -> null);
      assertThat(await(runner.any(List.of(nothing), options))).isNull();
      assertThat(await(runner.race(List.of(nothing), options))).isNull();
      assertThat(await(runner.both(nothing, task(mode, () -> 1), options)))
          .isEqualTo(new Pair<>(null, 1));
      assertThat(await(runner.bothSettled(nothing, nothing, options)).first().isSuccess()).isTrue();
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

  // ================================================================== R7

  @Nested
  @DisplayName("R7: all fails fast, interrupts running siblings and never starts pending ones")
  class Rule07 {

    /**
     * Without a bound, every blocking task is handed to the executor at once; here a pool of two
     * threads holds 500 of them in its queue when task 1 fails while task 0 runs. Once the
     * failure decided the gather, no queued task may begin, even if the pool's threads reach the
     * queue before the gather's cancellation loop does. If some began, the runner checks only
     * its own cancellation flag of each task, not the verdict, before running a body (a
     * regression found by the fail-fast benchmark: up to 31 late starts per gather).
     */
    @Test
    void rule07_noQueuedTaskStartsAfterTheVerdictEvenIfThePoolIsFaster() throws Exception {
      assumeGivenExecutorRunsBlockingTasks(TaskMode.BLOCKING);
      AtomicInteger threads = new AtomicInteger();
      ExecutorService twoThreads =
          Executors.newFixedThreadPool(
              2,
              r -> {
                Thread thread = new Thread(r, "tck-two-threads-" + threads.incrementAndGet());
                thread.setDaemon(true);
                return thread;
              });
      pools.add(twoThreads);
      Blocker sibling = new Blocker();
      IllegalStateException boom = new IllegalStateException("boom");
      AtomicInteger queuedStarted = new AtomicInteger();
      List<Task<String>> tasks = new ArrayList<>();
      tasks.add(task(TaskMode.BLOCKING, sibling::call));
      tasks.add(failingOnceStarted(TaskMode.BLOCKING, sibling, boom));
      for (int i = 0; i < 500; i++) {
        tasks.add(task(TaskMode.BLOCKING, () -> "queued " + queuedStarted.incrementAndGet()));
      }
      Throwable failure =
          failureOf(
              runner.all(tasks, options(TaskMode.BLOCKING).executor(twoThreads).build()));
      assertTaskFailed(failure, boom);
      sibling.assertInterrupted();
      assertThat(queuedStarted.get()).as("queued tasks that began after the verdict").isZero();
    }

    /**
     * Task 1 fails while task 0 runs: the gather fails with task 1's failure, task 0 observes the
     * interruption (for async tasks: its future is cancelled, which interrupts the operation), and
     * with a bound, tasks 2-4 never start. If the sibling is not interrupted, the runner does not
     * cancel siblings (a naive {@code CompletableFuture.allOf}); if a pending task ran, it keeps
     * starting tasks after the verdict; if it hangs, it waits for every task despite the failure.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(TaskMode.class)
    void rule07_allCancelsRunningSiblingsOnFailure(TaskMode mode) throws Exception {
      Blocker sibling = new Blocker();
      IllegalStateException boom = new IllegalStateException("boom");
      AtomicInteger pendingStarted = new AtomicInteger();
      List<Task<String>> tasks = new ArrayList<>();
      tasks.add(task(mode, sibling::call));
      tasks.add(failingOnceStarted(mode, sibling, boom));
      for (int i = 0; i < 3; i++) {
        tasks.add(task(mode, () -> "pending " + pendingStarted.incrementAndGet()));
      }
      if (!mode.bounded()) {
        tasks = tasks.subList(0, 2);
      }
      Throwable failure = failureOf(runner.all(tasks, options(mode).build()));
      assertThat(failure).isInstanceOf(TaskFailedException.class).hasCause(boom);
      profile().assertSameFailure(failure.getCause(), boom);
      sibling.assertInterrupted();
      assertThat(pendingStarted.get()).as("pending tasks started after the failure").isZero();
    }

    /**
     * With {@code maxConcurrency(1)}, a failing first task means no other task ever starts. If one
     * does, the runner starts the next queued task when a task fails instead of stopping.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(TaskMode.class)
    void rule07_pendingTasksNeverStartAfterFailure(TaskMode mode) {
      AtomicInteger laterStarted = new AtomicInteger();
      List<Task<String>> tasks =
          List.of(
              task(
                  mode,
                  () -> {
                    throw new IOException("first fails");
                  }),
              task(mode, () -> "later " + laterStarted.incrementAndGet()),
              task(mode, () -> "later " + laterStarted.incrementAndGet()));
      Throwable failure =
          failureOf(runner.all(tasks, GatherOptions.builder().maxConcurrency(1).build()));
      assertThat(failure).isInstanceOf(TaskFailedException.class);
      assertThat(((TaskFailedException) failure).taskIndex()).isZero();
      assertThat(laterStarted.get()).as("tasks started after the first failed").isZero();
    }

    /**
     * {@code both} is fail-fast too: when the second fails, the first is interrupted. If this
     * fails but the {@code all} test passes, {@code both} is implemented separately and wrongly.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(TaskMode.class)
    void rule07_bothCancelsTheOtherOnFailure(TaskMode mode) throws Exception {
      Blocker first = new Blocker();
      IOException boom = new IOException("second fails");
      Task<Integer> second = failingOnceStarted(mode, first, boom);
      Throwable failure = failureOf(runner.both(task(mode, first::call), second, options(mode).build()));
      assertTaskFailed(failure, boom, 1);
      first.assertInterrupted();
    }
  }

  // ================================================================== R8

  @Nested
  @DisplayName("R8: TaskFailedException carries the very exception, names the task, and has the caller's stack")
  class Rule08 {

    /**
     * The cause of the {@code TaskFailedException} is the instance the task threw (a checked
     * exception here), not a {@code CompletionException}/{@code ExecutionException} wrapper nor a
     * copy, and the exception names the task's index, name and backend. If the cause is a
     * wrapper, unwrap it; if it is a copy, stop re-creating exceptions.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(TaskMode.class)
    void rule08_causeIsTheVeryInstanceTheTaskThrew(TaskMode mode) {
      IOException boom = new IOException("disk on fire");
      List<Task<String>> tasks =
          List.of(
              task(mode, () -> "fine"),
              task(
                  mode,
                  "loader",
                  () -> {
                    throw boom;
                  }));
      Throwable failure = failureOf(runner.all(tasks, options(mode).build()));
      assertTaskFailed(failure, boom, 1);
      TaskFailedException failed = (TaskFailedException) failure;
      assertThat(failed.taskName()).isEqualTo("loader");
      assertThat(failed.backend()).isEqualTo(runner.backend());
      assertThat(failed.getMessage()).contains("1").contains("loader");
      Throwable raced =
          failureOf(
              runner.race(
                  List.of(
                      task(
                          mode,
                          "racer",
                          () -> {
                            throw boom;
                          })),
                  options(mode).build()));
      assertTaskFailed(raced, boom);
      assertThat(((TaskFailedException) raced).taskName()).isEqualTo("racer");
    }

    /**
     * The stack trace of the {@code TaskFailedException} is the awaiting caller's: it contains
     * this test method, so the user sees where they waited (the cause shows where the task
     * failed). If it does not, the exception was created on the task's thread; create it in
     * {@code await()}.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(TaskMode.class)
    void rule08_stackTraceIsTheAwaitingCallers(TaskMode mode) {
      Throwable failure =
          failureOf(
              runner.all(
                  List.of(
                      task(
                          mode,
                          () -> {
                            throw new IllegalArgumentException("created in the task");
                          })),
                  options(mode).build()));
      assertThat(failure).isInstanceOf(TaskFailedException.class);
      Throwable boom = failure.getCause();
      assertThat(failure.getStackTrace())
          .as("the stack trace of the exception thrown by await()")
          .anyMatch(frame -> frame.getMethodName().equals("rule08_stackTraceIsTheAwaitingCallers"));
      assertThat(boom.getStackTrace())
          .as("the task's own exception keeps its own stack trace")
          .noneMatch(frame -> frame.getMethodName().equals("rule08_stackTraceIsTheAwaitingCallers"));
    }
  }

  // ================================================================== R9

  @Nested
  @DisplayName("R9: later failures are suppressed in order, once each; the gather's own cancellation is not a failure")
  class Rule09 {

    /**
     * Task 0 fails (the primary); then, while the gather stops, task 1 throws {@code b}, task 2
     * throws {@code c} after {@code b} was seen, task 3 throws the {@code InterruptedException} the
     * cancellation caused, task 4 rethrows the primary itself and task 5 rethrows {@code b}. The
     * suppressed exceptions must be exactly {@code [b, c]}. If they are in another order, the
     * runner does not record them as they happen; if {@code b} appears twice or the primary or
     * the {@code InterruptedException} appear, it does not deduplicate or filter. (Blocking tasks
     * only: a cancelled async task is settled by its future's cancellation, so it cannot fail
     * later; {@link #rule09_gathersOwnCancellationIsNotAFailure} covers async tasks.)
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(
        value = TaskMode.class,
        names = {"BLOCKING", "BLOCKING_BOUNDED"})
    void rule09_laterFailuresAreSuppressedInOrderEachOnce(TaskMode mode) throws Exception {
      assumeGivenExecutorRunsBlockingTasks(mode);
      IllegalStateException a = new IllegalStateException("a (primary)");
      IllegalStateException b = new IllegalStateException("b");
      IllegalStateException c = new IllegalStateException("c");
      CountDownLatch bSeen = new CountDownLatch(1);
      CountDownLatch cSeen = new CountDownLatch(1);
      Blocker tb =
          new Blocker(
              e -> {
                afterReport(bSeen::countDown);
                throw b;
              });
      Blocker tc =
          new Blocker(
              e -> {
                awaitLatch(bSeen, "b to be seen");
                afterReport(cSeen::countDown);
                throw c;
              });
      Blocker td = new Blocker();
      Blocker te =
          new Blocker(
              e -> {
                awaitLatch(cSeen, "c to be seen");
                throw a;
              });
      Blocker tf =
          new Blocker(
              e -> {
                awaitLatch(cSeen, "c to be seen");
                throw b;
              });
      List<Blocker> siblings = List.of(tb, tc, td, te, tf);
      List<Task<String>> tasks = new ArrayList<>();
      tasks.add(
          task(
              mode,
              () -> {
                for (Blocker sibling : siblings) {
                  sibling.awaitStarted();
                }
                throw a;
              }));
      for (Blocker sibling : siblings) {
        tasks.add(task(mode, sibling::call));
      }
      GatherOptions options = options(mode, tasks.size()).executor(reportingExecutor()).build();
      Throwable failure = failureOf(runner.all(tasks, options));
      assertTaskFailed(failure, a);
      assertThat(failure.getSuppressed()).containsExactly(b, c);
    }

    /**
     * When the gather cancels its siblings, the {@code InterruptedException}s and {@code
     * CancellationException}s that causes are not failures: nothing is suppressed and the failure
     * handler receives nothing. If they appear, the runner does not tell its own cancellation
     * from a task's failure.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(TaskMode.class)
    void rule09_gathersOwnCancellationIsNotAFailure(TaskMode mode) throws Exception {
      Blocker interrupted = new Blocker();
      Blocker cancelled =
          new Blocker(
              e -> {
                throw new CancellationException("stopped: " + e);
              });
      Blocker wrapped =
          new Blocker(
              e -> {
                throw new CompletionException(e);
              });
      IOException boom = new IOException("boom");
      List<Task<String>> tasks =
          List.of(
              task(mode, interrupted::call),
              task(mode, cancelled::call),
              task(mode, wrapped::call),
              task(
                  mode,
                  () -> {
                    interrupted.awaitStarted();
                    cancelled.awaitStarted();
                    wrapped.awaitStarted();
                    throw boom;
                  }));
      Throwable failure = failureOf(runner.all(tasks, options(mode, 4).build()));
      assertTaskFailed(failure, boom);
      assertThat(failure.getSuppressed()).isEmpty();
      interrupted.assertInterrupted();
      cancelled.assertInterrupted();
      wrapped.assertInterrupted();
    }
  }

  // ================================================================== R10

  @Nested
  @DisplayName("R10: no orphans: a handle completes after its cancelled tasks finished, or reports them as leaked")
  class Rule10 {

    /**
     * A cancelled sibling takes time to clean up after its interruption: the handle is not done
     * while it does, and when {@code await()} returns no task body is running. If the handle was
     * already done, the runner completes on the verdict without waiting for the tasks it
     * cancelled.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(
        value = TaskMode.class,
        names = {"BLOCKING", "BLOCKING_BOUNDED"})
    void rule10_awaitReturnsOnlyAfterCancelledSiblingsFinished(TaskMode mode) throws Exception {
      CountDownLatch cleanup = new CountDownLatch(1);
      Blocker sibling =
          new Blocker(
              e -> {
                awaitLatch(cleanup, "the test to let the cancelled task finish");
                throw e;
              });
      IOException boom = new IOException("boom");
      GatherHandle<List<String>> handle =
          runner.all(
              List.of(
                  task(mode, sibling::call),
                  failingOnceStarted(mode, sibling, boom)),
              options(mode).build());
      sibling.assertInterrupted();
      assertThat(handle.isDone()).as("done while a cancelled task still runs").isFalse();
      cleanup.countDown();
      Throwable failure = failureOf(handle);
      assertThat(probe.running()).as("task bodies running after await() returned").isZero();
      profile().assertSameFailure(failure.getCause(), boom);
    }

    /**
     * For async tasks, "finished" means the task's future completed: when {@code await()}
     * returns, the cancelled sibling's future is cancelled. If it is not, the runner completes
     * before cancelling the operations it started.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(
        value = TaskMode.class,
        names = {"ASYNC", "ASYNC_BOUNDED"})
    void rule10_awaitReturnsOnlyAfterCancelledAsyncSiblingsCompleted(TaskMode mode)
        throws Exception {
      Blocker sibling = new Blocker();
      AtomicReference<CompletableFuture<String>> future = new AtomicReference<>();
      Callable<String> body = probe.wrap(sibling::call);
      Task<String> async =
          Task.async(
              () -> {
                CompletableFuture<String> started = startAsync(body);
                future.set(started);
                return started;
              });
      IOException boom = new IOException("boom");
      Throwable failure =
          failureOf(
              runner.all(
                  List.of(
                      async,
                      failingOnceStarted(mode, sibling, boom)),
                  options(mode).build()));
      assertThat(future.get().isCancelled()).as("the sibling's future is cancelled").isTrue();
      profile().assertSameFailure(failure.getCause(), boom);
      sibling.assertInterrupted();
    }

    /**
     * A task that ignores interruption (or an async operation that ignores cancellation) does not
     * make the gather hang: with {@code timeout} and {@code gracePeriod}, the gather completes
     * within timeout + gracePeriod (+ slack), the exception carries a suppressed {@code
     * LeakedTaskException} naming the task, and the failure handler receives a {@code LEAKED_TASK}
     * event before {@code await()} returns. If the gather hangs, the runner waits forever for
     * cancelled tasks; if nothing is reported, it drops them silently.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(TaskMode.class)
    void rule10_taskIgnoringInterruptionIsReportedAsLeaked(TaskMode mode) throws Exception {
      Stubborn stubborn = new Stubborn(() -> "late");
      GatherOptions options =
          // MEDIUM, not SHORT: the stubborn task must have started before the timeout, also on a
          // loaded machine where starting a thread takes hundreds of milliseconds.
          options(mode).timeout(Delays.MEDIUM).gracePeriod(Delays.GRACE).build();
      long start = System.nanoTime();
      Throwable failure =
          failureOf(runner.all(List.of(stubborn.task(mode), task(mode, () -> "ok")), options));
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertThat(stubborn.entered.getCount())
          .as("the stubborn task started before the timeout (%s) passed", Delays.MEDIUM)
          .isZero();
      assertThat(failure).isInstanceOf(GatherTimeoutException.class);
      assertThat(took)
          .as("time to complete despite a leaked task")
          .isLessThan(Delays.MEDIUM.plus(Delays.GRACE).plus(Delays.SLACK));
      assertThat(failure.getSuppressed()).hasSize(1);
      assertThat(failure.getSuppressed()[0]).isInstanceOf(LeakedTaskException.class);
      LeakedTaskException leaked = (LeakedTaskException) failure.getSuppressed()[0];
      assertThat(leaked.taskIndex()).isZero();
      assertThat(leaked.taskName()).isEqualTo("stubborn");
      assertThat(leaked.getMessage()).contains("stubborn");
      List<FailureEvent> events = failures.take();
      assertThat(events).hasSize(1);
      assertThat(events.get(0).kind()).isEqualTo(FailureEvent.Kind.LEAKED_TASK);
      assertThat(events.get(0).taskIndex()).isZero();
      assertThat(events.get(0).taskName()).isEqualTo("stubborn");
      assertThat(events.get(0).failure()).isSameAs(leaked);
      if (!mode.async()) {
        assertThat(stubborn.sawInterrupt.get()).as("the stubborn task was interrupted").isTrue();
      }
      stubborn.letGo.countDown();
      within("the leaked task to finish", () -> assertThat(probe.running()).isZero());
    }

    /**
     * {@code close()} while a gather's task ignores interruption: the cancelled gather still
     * completes within its grace period, with a suppressed {@code LeakedTaskException} and a
     * {@code LEAKED_TASK} event. If {@code await()} hangs, {@code close()} stopped the runner's
     * timers before the grace periods of the gathers it cancelled had ended (a regression found by
     * the reliability suite's fault injection).
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(TaskMode.class)
    void rule10_closeWithATaskIgnoringInterruptionStillEndsTheGatherAfterGrace(TaskMode mode)
        throws Exception {
      ConcurrentRunner closing = newRunner(null, failures);
      Stubborn stubborn = new Stubborn(() -> "late");
      GatherHandle<List<String>> handle =
          closing.all(
              List.of(stubborn.task(mode)), options(mode).gracePeriod(Delays.GRACE).build());
      stubborn.awaitEntered();
      long start = System.nanoTime();
      closing.close();
      Throwable failure = failureOf(handle);
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertThat(failure).isInstanceOf(CancellationException.class);
      assertThat(failure.getSuppressed()).hasSize(1).hasOnlyElementsOfType(LeakedTaskException.class);
      assertThat(took).as("time from close() to completion").isLessThan(Delays.GRACE.plus(Delays.SLACK));
      assertThat(failures.take())
          .extracting(FailureEvent::kind)
          .containsExactly(FailureEvent.Kind.LEAKED_TASK);
      stubborn.letGo.countDown();
      within("the leaked task to finish", () -> assertThat(probe.running()).isZero());
    }
  }

  // ================================================================== R11

  /** R11 for failures inside the engine's own callbacks: see {@link EngineCallbackRules}. */
  @Nested
  @DisplayName("R11: a failure inside the engine's callbacks is one failure-handler event")
  class Rule11EngineCallbacks extends EngineCallbackRules {
    Rule11EngineCallbacks() {
      super(ConcurrentRunnerTck.this);
    }
  }

  @Nested
  @DisplayName("R11: failures no caller can see go to the failure handler, once, never swallowed")
  class Rule11 {

    /**
     * A leaked task that fails after its gather completed is sent to the failure handler as a
     * {@code LATE_FAILURE} with the very exception, after the {@code LEAKED_TASK} event. If it is
     * missing, the runner drops outcomes of tasks it gave up on; if it comes first, the runner
     * reports the leak only after releasing the caller.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(TaskMode.class)
    void rule11_leakedTaskFailingLaterGoesToTheFailureHandler(TaskMode mode) throws Exception {
      IllegalStateException late = new IllegalStateException("failed after the gather completed");
      Stubborn stubborn =
          new Stubborn(
              () -> {
                throw late;
              });
      GatherHandle<List<String>> handle =
          runner.all(
              List.of(stubborn.task(mode)), options(mode).gracePeriod(Delays.GRACE).build());
      stubborn.awaitEntered();
      assertThat(handle.cancel()).isTrue();
      Throwable failure = failureOf(handle);
      assertThat(failure).isInstanceOf(CancellationException.class);
      assertThat(failure.getSuppressed()).hasSize(1).hasOnlyElementsOfType(LeakedTaskException.class);
      stubborn.letGo.countDown();
      within("two events", () -> assertThat(failures.events()).hasSize(2));
      List<FailureEvent> events = failures.take();
      assertThat(events.get(0).kind()).isEqualTo(FailureEvent.Kind.LEAKED_TASK);
      assertThat(events.get(1).kind()).isEqualTo(FailureEvent.Kind.LATE_FAILURE);
      profile().assertSameFailure(events.get(1).failure(), late);
      assertThat(events.get(1).taskIndex()).isZero();
      assertThat(events.get(1).backend()).isEqualTo(runner.backend());
    }
    /**
     * {@code any} succeeds while a cancelled sibling reacts to its interruption by failing with a
     * real error: nobody can see that failure in the result, so it goes to the failure handler
     * (exactly once). If it is missing, the runner swallows failures of a successful gather.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(
        value = TaskMode.class,
        names = {"BLOCKING", "BLOCKING_BOUNDED"})
    void rule11_failureWhileStoppingAfterSuccessGoesToTheFailureHandler(TaskMode mode)
        throws Exception {
      IllegalStateException stopping = new IllegalStateException("failed while being cancelled");
      Blocker sibling =
          new Blocker(
              e -> {
                throw stopping;
              });
      String value =
          await(
              runner.any(
                  List.of(
                      task(mode, sibling::call),
                      task(
                          mode,
                          () -> {
                            sibling.awaitStarted();
                            return "win";
                          })),
                  options(mode).build()));
      assertThat(value).isEqualTo("win");
      within("one event", () -> assertThat(failures.events()).hasSize(1));
      List<FailureEvent> events = failures.take();
      assertThat(events.get(0).kind()).isEqualTo(FailureEvent.Kind.LATE_FAILURE);
      profile().assertSameFailure(events.get(0).failure(), stopping);
    }

    /**
     * A failure handler that throws breaks nothing: the gather still completes with the right
     * exception (and its leaked task attached), and the runner keeps working. If this hangs or
     * throws the handler's exception, the runner calls the handler without protection (for
     * example under its lock).
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(
        value = TaskMode.class,
        names = {"BLOCKING", "ASYNC"})
    void rule11_throwingFailureHandlerBreaksNothing(TaskMode mode) throws Exception {
      AtomicInteger calls = new AtomicInteger();
      ConcurrentRunner fragile =
          newRunner(
              null,
              event -> {
                calls.incrementAndGet();
                throw new IllegalStateException("the failure handler is broken (deliberately)");
              });
      Stubborn stubborn = new Stubborn(() -> "late");
      GatherHandle<List<String>> handle =
          fragile.all(
              List.of(stubborn.task(mode)), options(mode).gracePeriod(Delays.GRACE).build());
      stubborn.awaitEntered();
      assertThat(handle.cancel()).isTrue();
      Throwable failure = failureOf(handle);
      assertThat(failure).isInstanceOf(CancellationException.class);
      assertThat(failure.getSuppressed()).hasSize(1).hasOnlyElementsOfType(LeakedTaskException.class);
      assertThat(calls.get()).as("calls of the failure handler").isEqualTo(1);
      stubborn.letGo.countDown();
      assertThat(await(fragile.all(List.of(task(mode, () -> "still works")))))
          .containsExactly("still works");
    }
    /**
     * A failure handler that rethrows the very exception of the event it was given loses no
     * event: each late failure of a successful gather still reaches it, once. If only one arrives,
     * the runner attaches the event's exception to the handler's exception as suppressed (which
     * throws for the same instance) and lets that escape (a regression found by the reliability
     * suite's fault injection).
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(
        value = TaskMode.class,
        names = {"BLOCKING"})
    void rule11_failureHandlerRethrowingTheEventsFailureLosesNoEvent(TaskMode mode)
        throws Exception {
      List<Throwable> seen = Collections.synchronizedList(new ArrayList<>());
      ConcurrentRunner rethrowing =
          newRunner(
              null,
              event -> {
                seen.add(event.failure());
                if (event.failure() instanceof RuntimeException own) {
                  throw own;
                }
              });
      IllegalStateException late1 = new IllegalStateException("first failure while stopping");
      IllegalStateException late2 = new IllegalStateException("second failure while stopping");
      Blocker first =
          new Blocker(
              e -> {
                throw late1;
              });
      Blocker second =
          new Blocker(
              e -> {
                throw late2;
              });
      String value =
          await(
              rethrowing.any(
                  List.of(
                      task(mode, first::call),
                      task(mode, second::call),
                      task(
                          mode,
                          () -> {
                            first.awaitStarted();
                            second.awaitStarted();
                            return "win";
                          })),
                  options(mode).build()));
      assertThat(value).isEqualTo("win");
      within(
          "both late failures at the handler",
          () ->
              assertThat(profile().comparable(seen))
                  .containsExactlyInAnyOrderElementsOf(profile().comparable(List.of(late1, late2))));
    }

    /**
     * The default failure handler, {@code FailureHandler.logging()}, logs a leaked task through
     * {@code System.Logger} at WARNING (checked when the logger is backed by java.util.logging).
     * If no record arrives, events are dropped instead of logged.
     */
    @Test
    void rule11_defaultHandlerLogsAtWarning() throws Exception {
      try (LogCapture log = LogCapture.start("io.github.concurrentrunner")) {
        ConcurrentRunner logging = newRunner(null, FailureHandler.logging());
        Stubborn stubborn = new Stubborn(() -> "late");
        GatherHandle<List<String>> handle =
            logging.all(
                List.of(stubborn.task(TaskMode.BLOCKING)),
                GatherOptions.builder().gracePeriod(Delays.GRACE).build());
        stubborn.awaitEntered();
        assertThat(handle.cancel()).isTrue();
        assertThat(failureOf(handle)).isInstanceOf(CancellationException.class);
        stubborn.letGo.countDown();
        String finder = System.LoggerFinder.getLoggerFinder().getClass().getName();
        if (finder.startsWith("sun.util.logging") || finder.startsWith("jdk.internal.logger")) {
          within(
              "a WARNING record about the leaked task",
              () ->
                  assertThat(log.records())
                      .anyMatch(
                          r ->
                              r.getLevel() == Level.WARNING
                                  && r.getThrown() instanceof LeakedTaskException));
        }
      }
    }
  }

  // ================================================================== R12

  @Nested
  @DisplayName("R12: allSettled records each slot as exactly one of Success, Failure (same instance), TimedOut")
  class Rule12 {

    /**
     * Three tasks: one returns, one throws, one outlives its {@code taskTimeout}. The outcomes are
     * {@code Success("a")}, {@code Failure(boom)} with the very instance, and {@code TimedOut};
     * {@code getOrThrow} behaves per kind. If the failure is wrapped, unwrap it; if the slow task
     * is a {@code Failure(TaskTimeoutException)}, record timeouts as {@code TimedOut}.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(TaskMode.class)
    void rule12_allSettledRecordsSuccessFailureAndTimedOut(TaskMode mode) throws Exception {
      IOException boom = new IOException("boom");
      Blocker slow = new Blocker();
      List<Task<String>> tasks =
          List.of(
              task(mode, () -> "a"),
              task(
                  mode,
                  () -> {
                    throw boom;
                  }),
              task(mode, slow::call));
      List<Outcome<String>> outcomes =
          await(runner.allSettled(tasks, options(mode).taskTimeout(Delays.MEDIUM).build()));
      assertThat(outcomes.get(0)).isEqualTo(new Outcome.Success<>("a"));
      assertThat(outcomes.get(1)).isInstanceOf(Outcome.Failure.class);
      profile().assertSameFailure(((Outcome.Failure<String>) outcomes.get(1)).exception(), boom);
      assertThat(outcomes.get(2)).isInstanceOf(Outcome.TimedOut.class);
      slow.assertInterrupted();
      assertThat(outcomes.get(0).getOrThrow()).isEqualTo("a");
      assertThat(catchThrowable(() -> outcomes.get(1).getOrThrow()))
          .isInstanceOf(TaskFailedException.class)
          .hasCause(boom);
      assertThat(catchThrowable(() -> outcomes.get(2).getOrThrow()))
          .isInstanceOf(IllegalStateException.class);
      assertThat(outcomes).hasSize(3).allMatch(o -> o != null);
    }
  }

  // ================================================================== R13

  @Nested
  @DisplayName("R13: any returns the first success and cancels the rest; all failing gives AllFailedException in input order")
  class Rule13 {

    /**
     * Task 0 fails, task 1 blocks, task 2 succeeds: {@code any} returns task 2's value, task 1 is
     * interrupted, and the earlier failure is reported nowhere (it is the normal course of any).
     * If task 1 is not interrupted, the runner does not cancel the losers.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(TaskMode.class)
    void rule13_anyReturnsFirstSuccessAndCancelsTheRest(TaskMode mode) throws Exception {
      assumeGivenExecutorRunsBlockingTasks(mode);
      Blocker loser = new Blocker();
      CountDownLatch failureSeen = new CountDownLatch(1);
      List<Task<String>> tasks =
          List.of(
              task(
                  mode,
                  () -> {
                    afterReport(failureSeen::countDown);
                    throw new IOException("first fails");
                  }),
              task(mode, loser::call),
              task(
                  mode,
                  () -> {
                    loser.awaitStarted();
                    // the failure must come first: one after the success would be a late failure
                    awaitLatch(failureSeen, "the runner to see task 0's failure");
                    return "win";
                  }));
      GatherOptions options = options(mode).executor(reportingExecutor()).build();
      assertThat(await(runner.any(tasks, options))).isEqualTo("win");
      loser.assertInterrupted();
    }

    /**
     * Every task fails, in reverse order: {@code AllFailedException.failures()} and {@code
     * getSuppressed()} hold every failure, the very instances, in input order. If they are in
     * completion order, store each failure in its task's slot.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(TaskMode.class)
    void rule13_allFailedCarriesEveryFailureInInputOrder(TaskMode mode) {
      Scramble scramble = new Scramble(4, mode.bounded());
      List<Exception> thrown = new ArrayList<>();
      List<Task<String>> tasks = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        int index = i;
        Exception boom = new IOException("failure " + i);
        thrown.add(boom);
        tasks.add(
            task(
                mode,
                () ->
                    scramble.run(
                        index,
                        () -> {
                          throw boom;
                        })));
      }
      Throwable failure = failureOf(runner.any(tasks, options(mode).build()));
      assertThat(failure).isInstanceOf(AllFailedException.class);
      assertThat(profile().comparable(((AllFailedException) failure).failures()))
          .containsExactlyElementsOf(profile().comparable(thrown));
      assertThat(profile().comparable(Arrays.asList(failure.getSuppressed())))
          .containsExactlyElementsOf(profile().comparable(thrown));
      assertThat(scramble.completionOrder()).isNotEqualTo(inputOrder(4));
    }
  }

  // ================================================================== R14

  @Nested
  @DisplayName("R14: race returns or throws the outcome of the first task to settle and cancels the rest")
  class Rule14 {

    /**
     * The second task returns while the first blocks: the race returns its value and interrupts
     * the first. If the first is not interrupted, the runner does not cancel the losers.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(TaskMode.class)
    void rule14_raceReturnsFirstToSettleAndCancelsTheRest(TaskMode mode) throws Exception {
      Blocker slow = new Blocker();
      List<Task<String>> tasks =
          List.of(
              task(mode, slow::call),
              task(
                  mode,
                  () -> {
                    slow.awaitStarted();
                    return "fast";
                  }));
      assertThat(await(runner.race(tasks, options(mode).build()))).isEqualTo("fast");
      slow.assertInterrupted();
    }

    /**
     * The first task to settle fails: the race throws {@code TaskFailedException} with that very
     * exception and its index, and interrupts the other. If the race waits for a success, it was
     * implemented like {@code any}.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(TaskMode.class)
    void rule14_raceFailsWithTheFirstFailure(TaskMode mode) throws Exception {
      Blocker slow = new Blocker();
      IOException boom = new IOException("first to settle fails");
      List<Task<String>> tasks =
          List.of(
              task(mode, slow::call),
              failingOnceStarted(mode, slow, boom));
      Throwable failure = failureOf(runner.race(tasks, options(mode).build()));
      assertTaskFailed(failure, boom, 1);
      slow.assertInterrupted();
    }
  }

  // ================================================================== R15

  @Nested
  @DisplayName("R15: the gather's timeout fails all/any/race/both with GatherTimeoutException; allSettled records TimedOut")
  class Rule15 {

    /**
     * For {@code all}, {@code any}, {@code race} and {@code both} with blocked tasks and {@code
     * timeout}: {@code await()} throws {@code GatherTimeoutException} (not {@code
     * TaskFailedException}, not {@code CancellationException}) naming the operation, and the
     * tasks are interrupted. If it hangs, the timeout timer is never armed; if another exception
     * comes, the runner reuses cancellation for timeouts.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(TaskMode.class)
    void rule15_timeoutFailsAllAnyRaceAndBoth(TaskMode mode) throws Exception {
      GatherOptions options = options(mode).timeout(Delays.TICK).build();
      List<String> operations = List.of("all", "any", "race", "both");
      for (String operation : operations) {
        Blocker first = new Blocker();
        Blocker second = new Blocker();
        List<Task<String>> tasks = List.of(task(mode, first::call), task(mode, second::call));
        GatherHandle<?> handle =
            switch (operation) {
              case "all" -> runner.all(tasks, options);
              case "any" -> runner.any(tasks, options);
              case "race" -> runner.race(tasks, options);
              default -> runner.both(tasks.get(0), tasks.get(1), options);
            };
        Throwable failure = failureOf(handle);
        assertThat(failure).as(operation).isInstanceOf(GatherTimeoutException.class);
        assertThat(((GatherTimeoutException) failure).timeout()).isEqualTo(Delays.TICK);
        assertThat(failure.getMessage()).as(operation).contains(operation);
        assertThat(failure.getSuppressed()).as(operation).isEmpty();
        // A task the timeout overtook before it started is cancelled by never starting (a task
        // that starts later blocks, and the after-test check reports it still running).
        for (Blocker blocker : List.of(first, second)) {
          if (blocker.hasStarted()) {
            blocker.assertInterrupted();
          }
        }
      }
    }

    /**
     * {@code allSettled} with a {@code timeout}: the finished task is {@code Success}, the blocked
     * one and (with a bound) the never-started one are {@code TimedOut}, and the gather returns
     * normally. If it throws, the runner treats allSettled's timeout like all's.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(TaskMode.class)
    void rule15_timeoutMakesUnfinishedAllSettledSlotsTimedOut(TaskMode mode) throws Exception {
      Blocker slow = new Blocker();
      AtomicInteger neverStarted = new AtomicInteger();
      List<Task<String>> tasks =
          List.of(
              task(mode, () -> "a"),
              task(mode, slow::call),
              task(
                  mode,
                  () -> {
                    if (mode.bounded()) {
                      neverStarted.incrementAndGet();
                    }
                    return slow.call();
                  }));
      List<Outcome<String>> outcomes =
          await(runner.allSettled(tasks, options(mode, 1).timeout(Delays.MEDIUM).build()));
      assertThat(outcomes.get(0)).isEqualTo(new Outcome.Success<>("a"));
      assertThat(outcomes.get(1)).isInstanceOf(Outcome.TimedOut.class);
      assertThat(outcomes.get(2)).isInstanceOf(Outcome.TimedOut.class);
      if (slow.hasStarted()) {
        slow.assertInterrupted();
      }
      assertThat(neverStarted.get()).isZero();
    }
  }

  // ================================================================== R16

  @Nested
  @DisplayName("R16: taskTimeout cancels an overdue task, which fails with TaskTimeoutException")
  class Rule16 {

    /**
     * A blocked task outlives its {@code taskTimeout}: it is interrupted and {@code all} fails
     * with a {@code TaskFailedException} whose cause is a {@code TaskTimeoutException} naming the
     * task and the timeout. If the cause is something else, the runner does not tell a task
     * timeout from a failure.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(TaskMode.class)
    void rule16_taskTimeoutFailsAllWithTaskTimeoutException(TaskMode mode) throws Exception {
      Blocker slow = new Blocker();
      List<Task<String>> tasks = List.of(task(mode, () -> "quick"), task(mode, "slow", slow::call));
      Throwable failure =
          failureOf(runner.all(tasks, options(mode).taskTimeout(Delays.MEDIUM).build()));
      assertThat(failure).isInstanceOf(TaskFailedException.class);
      assertThat(failure.getCause()).isInstanceOf(TaskTimeoutException.class);
      TaskTimeoutException timedOut = (TaskTimeoutException) failure.getCause();
      assertThat(timedOut.taskIndex()).isEqualTo(1);
      assertThat(timedOut.taskName()).isEqualTo("slow");
      assertThat(timedOut.taskTimeout()).isEqualTo(Delays.MEDIUM);
      assertThat(((TaskFailedException) failure).taskIndex()).isEqualTo(1);
      slow.assertInterrupted();
    }

    /**
     * {@code allSettled} records a task that outlived its {@code taskTimeout} as {@code TimedOut},
     * and the others normally.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(
        value = TaskMode.class,
        names = {"BLOCKING", "ASYNC"})
    void rule16_allSettledRecordsTaskTimeoutAsTimedOut(TaskMode mode) throws Exception {
      Blocker slow = new Blocker();
      List<Outcome<String>> outcomes =
          await(
              runner.allSettled(
                  List.of(task(mode, slow::call), task(mode, () -> "quick")),
                  options(mode).taskTimeout(Delays.MEDIUM).build()));
      assertThat(outcomes.get(0)).isInstanceOf(Outcome.TimedOut.class);
      assertThat(outcomes.get(1)).isEqualTo(new Outcome.Success<>("quick"));
      slow.assertInterrupted();
    }

    /**
     * The timeout is measured from each task's own start: with {@code maxConcurrency(1)}, three
     * tasks that each take 37% of the {@code taskTimeout} all succeed although together they take
     * longer. If the last one times out, the runner measures from the gather's start.
     */
    @Test
    void rule16_taskTimeoutIsMeasuredFromTheTasksOwnStart() throws Exception {
      Duration taskTimeout = Delays.MEDIUM.multipliedBy(3).dividedBy(2);
      long share = taskTimeout.toNanos() * 37 / 100;
      List<Task<String>> tasks = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        int index = i;
        tasks.add(
            task(
                TaskMode.BLOCKING,
                () -> {
                  TimeUnit.NANOSECONDS.sleep(share); // the workload: a task that takes time
                  return "v" + index;
                }));
      }
      assertThat(
              await(
                  runner.all(
                      tasks,
                      GatherOptions.builder().maxConcurrency(1).taskTimeout(taskTimeout).build())))
          .isEqualTo(values(3));
    }
  }

  // ================================================================== R17

  @Nested
  @DisplayName("R17: cancel() stops everything; it returns false and changes nothing after completion")
  class Rule17 {

    /**
     * Cancelling a running gather: {@code cancel()} returns true, the running task is interrupted
     * (an async task's future is cancelled), pending tasks never start, {@code await()} throws
     * {@code CancellationException}, and a second {@code cancel()} returns false. If the running
     * task is not interrupted or a pending task starts, cancellation does not reach the tasks.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(TaskMode.class)
    void rule17_cancelStopsRunningAndPendingTasks(TaskMode mode) throws Exception {
      Blocker running = new Blocker();
      AtomicInteger pendingStarted = new AtomicInteger();
      List<Task<String>> tasks =
          List.of(
              task(mode, running::call),
              task(mode, () -> "pending " + pendingStarted.incrementAndGet()));
      GatherHandle<List<String>> handle =
          runner.all(tasks, options(mode).maxConcurrency(1).build());
      running.awaitStarted();
      assertThat(handle.cancel()).isTrue();
      assertThat(failureOf(handle)).isInstanceOf(CancellationException.class);
      running.assertInterrupted();
      assertThat(pendingStarted.get()).as("pending tasks started after cancel").isZero();
      assertThat(handle.isDone()).isTrue();
      assertThat(handle.cancel()).as("cancel() after completion").isFalse();
    }

    /**
     * {@code cancel()} on a completed gather returns false and changes nothing: {@code await()}
     * still returns the result. If it throws {@code CancellationException} now, cancel() does not
     * check whether the outcome was decided.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(TaskMode.class)
    void rule17_cancelAfterCompletionReturnsFalseAndChangesNothing(TaskMode mode)
        throws Exception {
      GatherHandle<List<String>> handle =
          runner.all(List.of(task(mode, () -> "a"), task(mode, () -> "b")), options(mode).build());
      assertThat(await(handle)).containsExactly("a", "b");
      assertThat(handle.isDone()).isTrue();
      assertThat(handle.cancel()).isFalse();
      assertThat(await(handle)).containsExactly("a", "b");
      assertThat(handle.toCompletableFuture().join()).containsExactly("a", "b");
    }

    /**
     * Cancelling the future from {@code toCompletableFuture()} cancels the gather. If the task is
     * not interrupted, the view is not connected to the handle.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(TaskMode.class)
    void rule17_cancellingTheFutureViewCancelsTheGather(TaskMode mode) throws Exception {
      Blocker running = new Blocker();
      GatherHandle<List<String>> handle = startAll(mode, running);
      running.awaitStarted();
      assertThat(handle.toCompletableFuture().cancel(true)).isTrue();
      assertCancelled(running, handle);
    }
  }

  // ================================================================== R18

  @Nested
  @DisplayName("R18: interrupting the awaiting thread cancels the gather and throws InterruptedException")
  class Rule18 {

    /**
     * Another thread interrupts the thread blocked in {@code await()}: it throws {@code
     * InterruptedException} with the interrupt status cleared, the task is interrupted, and a
     * later {@code await()} throws {@code CancellationException}. If the status stays set, clear
     * it as java.util.concurrent does; if the task runs on, the interruption does not cancel.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(TaskMode.class)
    void rule18_interruptingTheAwaitingThreadCancelsTheGather(TaskMode mode) throws Exception {
      Blocker running = new Blocker();
      GatherHandle<List<String>> handle = startAll(mode, running);
      Thread waiter = Thread.currentThread();
      testPool.execute(
          () -> {
            try {
              running.awaitStarted();
              waiter.interrupt();
            } catch (InterruptedException ignored) {
              // the pool is shutting down
            }
          });
      Throwable thrown = catchThrowable(() -> handle.await(Delays.LONG));
      assertThat(thrown).isInstanceOf(InterruptedException.class);
      assertThat(Thread.currentThread().isInterrupted())
          .as("interrupt status after InterruptedException")
          .isFalse();
      assertCancelled(running, handle);
    }

    /**
     * A thread whose interrupt status is already set when it calls {@code await()} gets {@code
     * InterruptedException} at once, with the status cleared, and the gather is cancelled.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(TaskMode.class)
    void rule18_awaitWithInterruptStatusSetCancelsTheGather(TaskMode mode) throws Exception {
      Blocker running = new Blocker();
      GatherHandle<List<String>> handle = startAll(mode, running);
      running.awaitStarted();
      Thread.currentThread().interrupt();
      Throwable thrown = catchThrowable(handle::await);
      assertThat(thrown).isInstanceOf(InterruptedException.class);
      assertThat(Thread.interrupted()).as("interrupt status after InterruptedException").isFalse();
      assertCancelled(running, handle);
    }
  }

  // ================================================================== R19

  @Nested
  @DisplayName("R19: an Error thrown by a task is a failure like any other, never lost")
  class Rule19 {

    /**
     * A task throws {@code StackOverflowError} (a real one, from recursion) and another an {@code
     * AssertionError}: {@code all} fails with the very error as the cause, {@code allSettled}
     * records it as {@code Failure}. If the gather hangs, the runner catches only {@code
     * Exception} and the error killed a thread silently.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(TaskMode.class)
    void rule19_errorIsAFailure(TaskMode mode) throws Exception {
      AtomicReference<Throwable> overflow = new AtomicReference<>();
      Task<String> recursing =
          task(
              mode,
              () -> {
                try {
                  return String.valueOf(recurse(0));
                } catch (StackOverflowError e) {
                  overflow.set(e);
                  throw e;
                }
              });
      Throwable failure = failureOf(runner.all(List.of(recursing), options(mode).build()));
      assertThat(failure).isInstanceOf(TaskFailedException.class);
      profile().assertSameFailure(failure.getCause(), overflow.get());
      AssertionError error = new AssertionError("an error");
      List<Outcome<String>> outcomes =
          await(
              runner.allSettled(
                  List.of(
                      task(
                          mode,
                          () -> {
                            throw error;
                          }),
                      task(mode, () -> "fine")),
                  options(mode).build()));
      profile().assertFailureOutcome(outcomes.get(0), error);
      assertThat(outcomes.get(1)).isEqualTo(new Outcome.Success<>("fine"));
    }
  }

  private static int recurse(int depth) {
    return recurse(depth + 1) + 1;
  }

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
      assumeGivenExecutorRunsBlockingTasks(TaskMode.BLOCKING);
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
      assumeGivenExecutorRunsBlockingTasks(mode);
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
      profile().assertSameFailure(failure.getCause(), boom);
      inner.assertInterrupted();
    }
  }

  // ================================================================== R22

  @Nested
  @DisplayName("R22: everything a task did happens-before await() returns and before its Outcome is read")
  class Rule22 {

    /** A holder with a plain, non-volatile field. */
    static final class Plain implements java.io.Serializable {
      private static final long serialVersionUID = 1L;

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
      assumeGivenExecutorRunsBlockingTasks(TaskMode.BLOCKING);
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
      assumeGivenExecutorRunsBlockingTasks(TaskMode.BLOCKING);
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

  // ================================================================== R24

  @Nested
  @DisplayName("R24: a runner is thread-safe; close() cancels running gathers, is idempotent, and later calls fail")
  class Rule24 {

    /**
     * Eight threads each run 25 gathers of 10 tasks at once on one runner; every result is right.
     * If results mix up or a gather hangs, the runner shares per-gather state.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(TaskMode.class)
    void rule24_manyGathersFromManyThreadsAtOnce(TaskMode mode) throws Exception {
      int threads = 8;
      CyclicBarrier start = new CyclicBarrier(threads);
      List<Future<Boolean>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        done.add(
            testPool.submit(
                () -> {
                  start.await(Delays.LONG.toNanos(), NANOSECONDS);
                  for (int g = 0; g < 25; g++) {
                    List<Task<String>> tasks = new ArrayList<>();
                    List<String> expected = new ArrayList<>();
                    for (int i = 0; i < 10; i++) {
                      String value = thread + "/" + g + "/" + i;
                      expected.add(value);
                      tasks.add(task(mode, () -> value));
                    }
                    assertThat(await(runner.all(tasks, options(mode).build())))
                        .isEqualTo(expected);
                  }
                  return true;
                }));
      }
      for (Future<Boolean> future : done) {
        assertThat(future.get(Delays.LONG.toNanos() * 2, NANOSECONDS)).isTrue();
      }
    }

    /**
     * {@code close()} cancels a running gather (its task is interrupted, {@code await()} throws
     * {@code CancellationException}), later operations throw {@code IllegalStateException}, and a
     * second {@code close()} does nothing. If the task runs on, close() forgets running gathers.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(TaskMode.class)
    void rule24_closeCancelsRunningGathersAndRejectsLaterCalls(TaskMode mode) throws Exception {
      ConcurrentRunner closing = newRunner(null, failures);
      Blocker running = new Blocker();
      GatherHandle<List<String>> handle =
          closing.all(List.of(task(mode, running::call)), options(mode).build());
      running.awaitStarted();
      closing.close();
      assertCancelled(running, handle);
      List<Task<String>> tasks = List.of(task(mode, () -> "x"));
      assertThatThrownBy(() -> closing.all(tasks)).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> closing.allSettled(tasks)).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> closing.any(tasks)).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> closing.race(tasks)).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> closing.both(tasks.get(0), tasks.get(0)))
          .isInstanceOf(IllegalStateException.class);
      closing.close();
      assertThat(probe.entered()).as("tasks started after close").isEqualTo(1);
    }
  }

  // ================================================================== R25

  @Nested
  @DisplayName("R25: the backend is found by ServiceLoader, by name and by priority")
  class Rule25 {

    /**
     * {@code ConcurrentRunner.backends()} lists the provider's name and {@code create(name)}
     * returns a runner of this backend. If it is missing, the backend's jar lacks {@code
     * META-INF/services/io.github.concurrentrunner.spi.ConcurrentRunnerProvider} (class path) or
     * {@code provides} in its module-info (module path).
     */
    @Test
    void rule25_providerIsFoundByDiscovery() throws Exception {
      String name = provider().name();
      assertThat(ConcurrentRunner.backends()).contains(name);
      try (ConcurrentRunner found = ConcurrentRunner.create(name)) {
        assertThat(found.backend()).isEqualTo(name);
        assertThat(await(found.all(List.of(Task.of(profile().body(() -> "x"))))))
            .containsExactly("x");
      }
    }

    /**
     * A misspelt name is an {@code IllegalStateException} whose message names the request and
     * lists the available backends (among them this one).
     */
    @Test
    void rule25_misspeltNameListsTheAvailableBackends() {
      String name = provider().name();
      assertThatThrownBy(() -> ConcurrentRunner.create(name + "-misspelt"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining(name + "-misspelt")
          .hasMessageContaining(name);
    }
  }

  // ================================================================== R26

  @Nested
  @DisplayName("R26: every backend behaves identically: this kit, unchanged, plus both and bothSettled")
  class Rule26 {

    /**
     * The provider's name is lower case, non-blank, and round-trips through the runner it creates:
     * the kit's tests compare messages and events with it.
     */
    @Test
    void rule26_providerNameRoundTrips() {
      String name = provider().name();
      assertThat(name).isNotBlank().isEqualTo(name.toLowerCase(Locale.ROOT));
      assertThat(runner.backend()).isEqualTo(name);
      assertThat(provider().name()).isEqualTo(name);
    }

    /**
     * {@code both} returns a {@code Pair} in argument order, {@code both} with a combiner combines
     * once, a combiner's exception is what {@code await()} throws (same instance), and {@code
     * bothSettled} records both outcomes. If one of these differs from the {@code all} /
     * {@code allSettled} tests, the two-task variants have their own, divergent code.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(TaskMode.class)
    void rule26_bothBothSettledAndCombinerBehaveLikeAllAndAllSettled(TaskMode mode)
        throws Exception {
      GatherOptions options = options(mode).build();
      Scramble scramble = new Scramble(2, false);
      Task<String> first = task(mode, () -> scramble.run(0, () -> "one"));
      Task<Integer> second = task(mode, () -> scramble.run(1, () -> 2));
      assertThat(await(runner.both(first, second, options))).isEqualTo(new Pair<>("one", 2));
      AtomicInteger combined = new AtomicInteger();
      String joined =
          await(
              runner.both(
                  task(mode, () -> "a"),
                  task(mode, () -> 3),
                  (a, b) -> {
                    combined.incrementAndGet();
                    return a + b;
                  },
                  options));
      assertThat(joined).isEqualTo("a3");
      assertThat(combined.get()).isEqualTo(1);
      IllegalArgumentException combinerFailure = new IllegalArgumentException("combiner fails");
      assertThat(
              failureOf(
                  runner.both(
                      task(mode, () -> "a"),
                      task(mode, () -> 3),
                      (a, b) -> {
                        throw combinerFailure;
                      },
                      options)))
          .isSameAs(combinerFailure);
      IOException boom = new IOException("boom");
      Pair<Outcome<String>, Outcome<Integer>> settled =
          await(
              runner.bothSettled(
                  task(mode, () -> "ok"),
                  task(
                      mode,
                      () -> {
                        throw boom;
                      }),
                  options));
      assertThat(settled.first()).isEqualTo(new Outcome.Success<>("ok"));
      profile().assertFailureOutcome(settled.second(), boom);
      assertThat(await(runner.both(profile().body(() -> "x"), profile().body(() -> 1))))
          .isEqualTo(new Pair<>("x", 1));
    }
  }
}
