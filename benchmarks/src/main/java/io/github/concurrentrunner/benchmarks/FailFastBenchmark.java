package io.github.concurrentrunner.benchmarks;

import io.github.concurrentrunner.GatherHandle;
import io.github.concurrentrunner.Task;
import io.github.concurrentrunner.TaskFailedException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Fail-fast latency (rule R7): {@code all} over {@value #N} slow blocking tasks on the two-thread
 * {@link Pool}. Task 0 fails once the call has returned (every task is then handed to the
 * executor) <em>and</em> another task has started, so every shot has one sibling to interrupt;
 * the others each sleep {@value #SLOW_MILLIS} ms (long enough that, without cancellation, no
 * third task could start on either thread). Besides the time of the whole call (primary score,
 * single shot), it reports two counters per shot:
 *
 * <ul>
 *   <li>{@code failureToThrowNanos}: from the moment task 0 throws to the moment {@code await()}
 *       throws, which includes cancelling the {@value #N} - 2 tasks that have not started and
 *       interrupting the one that runs, and waiting for it to exit;
 *   <li>{@code othersStarted}: how many of the other tasks ever started (1 in every shot that
 *       went as planned: the one running beside task 0).
 * </ul>
 *
 * <p>Without the wait for a sibling, whether one runs at the failure is decided by the pool, not
 * the engine (a {@code LinkedBlockingQueue} wakes its second thread only if the first took task 0
 * while task 1 was already queued), and a shot with no sibling to interrupt skips the slowest step:
 * the mean then depends on the mix of the two kinds of shot.
 *
 * <p>The floor ({@link #floorAllFailFast}) is the JDK doing the same job by hand, with the same
 * guarantees: each task is a {@link FutureTask} on the same pool; the failing task cancels the
 * others ({@code cancel(true)}, which interrupts the running one), and once it has exited takes
 * them out of the pool's queue in bulk; the caller returns the failure once no task body is still
 * running. It is what this machine can do with no engine at all, the reference for the engine's
 * figure.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class FailFastBenchmark {
  /** The number of tasks. */
  public static final int N = 4096;

  /** How long each task other than task 0 sleeps. */
  public static final long SLOW_MILLIS = 1000;

  /** How long task 0 waits for a sibling to start before it gives up on the shot. */
  private static final long SIBLING_WAIT_SECONDS = 10;

  private final AtomicInteger started = new AtomicInteger();
  private volatile long failedAt;
  private volatile CountDownLatch go;
  private volatile CountDownLatch siblingStarted;
  private List<Callable<Integer>> bodies;
  private List<Task<Integer>> tasks;

  /** The counters of one shot; JMH reports them beside the score. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class Counters {
    /** Nanoseconds from task 0's failure to {@code await()} throwing. */
    public long failureToThrowNanos;

    /** How many tasks other than task 0 started. */
    public long othersStarted;

    /** Creates the counters; JMH calls it. */
    public Counters() {}

    /** Clears the counters before each shot. */
    @Setup(Level.Iteration)
    public void reset() {
      failureToThrowNanos = 0;
      othersStarted = 0;
    }
  }

  /** Creates the benchmark; JMH calls it. */
  public FailFastBenchmark() {}

  /** Creates the task bodies, shared by the backends and the floor. */
  @Setup(Level.Trial)
  public void setUp() {
    bodies = new ArrayList<>(N);
    bodies.add(
        () -> {
          go.await();
          if (!siblingStarted.await(SIBLING_WAIT_SECONDS, TimeUnit.SECONDS)) {
            throw new IllegalStateException(
                "no other task started within " + SIBLING_WAIT_SECONDS + " s of task 0");
          }
          failedAt = System.nanoTime();
          throw Workloads.FAILURE;
        });
    for (int i = 1; i < N; i++) {
      Integer value = i;
      bodies.add(
          () -> {
            started.incrementAndGet();
            siblingStarted.countDown();
            Thread.sleep(SLOW_MILLIS);
            return value;
          });
    }
    tasks = new ArrayList<>(N);
    tasks.add(Task.of("failing", bodies.get(0)::call));
    for (int i = 1; i < N; i++) {
      tasks.add(Task.of(bodies.get(i)::call));
    }
  }

  /** Arms a new shot. */
  @Setup(Level.Iteration)
  public void arm() {
    go = new CountDownLatch(1);
    siblingStarted = new CountDownLatch(1);
    started.set(0);
  }

  /**
   * {@code all} through the backend: fails at once, cancelling everything else.
   *
   * @param backend the backend
   * @param counters where the shot's latency and start count go
   * @return the exception {@code await()} threw
   * @throws InterruptedException never
   */
  @Benchmark
  public Object backendAllFailFast(BackendState backend, Counters counters)
      throws InterruptedException {
    GatherHandle<List<Integer>> handle = backend.runner.all(tasks);
    go.countDown();
    try {
      handle.await();
      throw new AssertionError("task 0 failed, so all() must fail");
    } catch (TaskFailedException expected) {
      return record(expected, expected.getCause(), counters);
    }
  }

  /**
   * The floor: the JDK by hand, with the guarantees of {@code all} (see the class documentation).
   *
   * @param pool the pool, the backends' executor too
   * @param counters where the shot's latency and start count go
   * @return the failure
   * @throws InterruptedException never
   */
  @Benchmark
  public Object floorAllFailFast(Pool pool, Counters counters) throws InterruptedException {
    ThreadPoolExecutor executor = (ThreadPoolExecutor) pool.executor;
    ByHand shot = new ByHand(executor, bodies);
    for (FutureTask<Integer> future : shot.futures) {
      executor.execute(future);
    }
    go.countDown();
    Throwable failure = shot.await();
    return record(failure, failure, counters);
  }

  /**
   * A fail-fast row's mean time from the failure to {@code await()} throwing.
   *
   * @param row a row of this benchmark
   * @return nanoseconds, NaN if the row lacks the counter
   */
  static double failureToThrowNanos(Row row) {
    return row.secondary().getOrDefault("failureToThrowNanos", Double.NaN);
  }

  /**
   * A fail-fast row's median shot, from the failure to {@code await()} throwing.
   *
   * @param row a row of this benchmark
   * @return nanoseconds, NaN if the row lacks the counter or has a single shot
   */
  static double failureToThrowMedianNanos(Row row) {
    return row.secondary().getOrDefault("failureToThrowNanos" + ResultReader.MEDIAN, Double.NaN);
  }

  private Object record(Object result, Throwable cause, Counters counters) {
    counters.failureToThrowNanos = System.nanoTime() - failedAt;
    counters.othersStarted = started.get();
    if (cause != Workloads.FAILURE) {
      throw new AssertionError("the shot failed with something else than task 0's failure", cause);
    }
    return result;
  }

  /**
   * One shot of the floor. A body counts itself in flight before it looks at the verdict, so the
   * caller, released when the count falls to zero after the verdict, never returns while a body
   * runs: a {@link FutureTask} cancelled between its start and its body sees the verdict and
   * returns at once.
   */
  private static final class ByHand {
    final List<FutureTask<Integer>> futures;
    private final ThreadPoolExecutor executor;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final CountDownLatch settled = new CountDownLatch(1);

    ByHand(ThreadPoolExecutor executor, List<Callable<Integer>> bodies) {
      this.executor = executor;
      futures = new ArrayList<>(bodies.size());
      for (int i = 0; i < bodies.size(); i++) {
        int index = i;
        Callable<Integer> body = bodies.get(i);
        futures.add(new FutureTask<>(() -> run(index, body)));
      }
    }

    private Integer run(int index, Callable<Integer> body) throws Exception {
      inFlight.incrementAndGet();
      boolean decided = false;
      try {
        if (failure.get() != null) {
          return null;
        }
        return body.call();
      } catch (Exception | Error e) {
        if (failure.compareAndSet(null, e)) {
          decided = true;
          for (int i = 0; i < futures.size(); i++) {
            if (i != index) {
              futures.get(i).cancel(true);
            }
          }
        }
        throw e;
      } finally {
        if (inFlight.decrementAndGet() == 0 && failure.get() != null) {
          settled.countDown();
        }
        if (decided) {
          // As the engine does, once this task no longer counts: in bulk, not by purge()'s
          // iterator, which takes the queue's two locks for every task it removes.
          executor.getQueue().removeIf(r -> r instanceof Future<?> f && f.isCancelled());
        }
      }
    }

    Throwable await() throws InterruptedException {
      settled.await();
      return failure.get();
    }
  }
}
