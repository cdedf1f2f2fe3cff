package io.github.concurrentrunner.benchmarks;

import io.github.concurrentrunner.GatherOptions;
import io.github.concurrentrunner.Task;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Scale (rule R2): {@code all} over {@value #N} trivial blocking tasks on the two-thread {@link
 * Pool} with {@code maxConcurrency(64)}, single shot, in a JVM limited to {@value #MAX_HEAP} of
 * heap. The input is one task object repeated (rule R6), so that the heap holds what the gather
 * itself needs. Reports the peak heap use during the shot ({@code peakHeapMiB}: the sum of the
 * heap pools' peaks, an upper bound that includes garbage not yet collected).
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(jvmArgsAppend = "-Xmx" + ScaleBenchmark.MAX_HEAP)
@State(Scope.Benchmark)
public class ScaleBenchmark {
  /** The number of tasks. */
  public static final int N = 1_000_000;

  /** The heap limit of the forked JVM. */
  public static final String MAX_HEAP = "64m";

  private static final Integer VALUE = 1000;

  private final List<Task<Integer>> tasks = Collections.nCopies(N, Task.of(() -> VALUE));
  private final GatherOptions options = GatherOptions.builder().maxConcurrency(64).build();

  /** The counters of one shot; JMH reports them beside the score. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class Heap {
    /** The peak heap use during the shot, in MiB. */
    public double peakHeapMiB;

    /** Creates the counters; JMH calls it. */
    public Heap() {}

    /** Collects garbage and resets the heap pools' peaks before each shot. */
    @Setup(Level.Iteration)
    public void reset() {
      peakHeapMiB = 0;
      System.gc();
      for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
        if (pool.getType() == MemoryType.HEAP && pool.isValid()) {
          pool.resetPeakUsage();
        }
      }
    }

    void measure() {
      long peak = 0;
      for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
        if (pool.getType() == MemoryType.HEAP && pool.isValid()) {
          peak += pool.getPeakUsage().getUsed();
        }
      }
      peakHeapMiB = peak / (1024.0 * 1024.0);
    }
  }

  /** Creates the benchmark; JMH calls it. */
  public ScaleBenchmark() {}

  /**
   * {@code all} of a million tasks, 64 at a time, through the backend.
   *
   * @param backend the backend
   * @param heap where the peak heap use goes
   * @return the number of values
   * @throws InterruptedException never
   */
  @Benchmark
  public int backendAllMax64(BackendState backend, Heap heap) throws InterruptedException {
    int size = backend.runner.all(tasks, options).await().size();
    heap.measure();
    return size;
  }
}
