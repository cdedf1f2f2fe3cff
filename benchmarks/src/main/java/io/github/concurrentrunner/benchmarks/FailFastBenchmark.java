package io.github.concurrentrunner.benchmarks;

import io.github.concurrentrunner.GatherHandle;
import io.github.concurrentrunner.Task;
import io.github.concurrentrunner.TaskFailedException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
 * {@link Pool}, where task 0 fails as soon as the call has returned (every task is then handed to
 * the executor) and the others each sleep {@value #SLOW_MILLIS} ms (long enough that, without
 * cancellation, no second task could start on either thread). Besides the time of the whole
 * call (primary score, single shot), it reports two counters per shot:
 *
 * <ul>
 *   <li>{@code failureToThrowNanos}: from the moment task 0 throws to the moment {@code await()}
 *       throws, which includes cancelling the {@value #N} - 2 tasks that have not started and
 *       interrupting the one that runs;
 *   <li>{@code othersStarted}: how many of the other tasks ever started (the ideal on two threads
 *       is 1: only the task running beside task 0).
 * </ul>
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class FailFastBenchmark {
  /** The number of tasks. */
  public static final int N = 4096;

  /** How long each task other than task 0 sleeps. */
  public static final long SLOW_MILLIS = 1000;

  private final AtomicInteger started = new AtomicInteger();
  private volatile long failedAt;
  private volatile CountDownLatch go;
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

  /** Creates the tasks. */
  @Setup(Level.Trial)
  public void setUp() {
    tasks = new ArrayList<>(N);
    tasks.add(
        Task.of(
            "failing",
            () -> {
              go.await();
              failedAt = System.nanoTime();
              throw Workloads.FAILURE;
            }));
    for (int i = 1; i < N; i++) {
      Integer value = i;
      tasks.add(
          Task.of(
              () -> {
                started.incrementAndGet();
                Thread.sleep(SLOW_MILLIS);
                return value;
              }));
    }
  }

  /** Arms a new shot. */
  @Setup(Level.Iteration)
  public void arm() {
    go = new CountDownLatch(1);
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
      counters.failureToThrowNanos = System.nanoTime() - failedAt;
      counters.othersStarted = started.get();
      return expected;
    }
  }
}
