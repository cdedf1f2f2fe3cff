package io.github.concurrentrunner.benchmarks;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The fixed pool of two daemon threads on which every blocking task runs, whichever runs it: a
 * backend (through {@code GatherOptions}' runner executor), a raw library or the floor.
 */
@State(Scope.Benchmark)
public class Pool {
  /** The number of threads: the machine the reference figures come from has two cores. */
  public static final int THREADS = 2;

  /** The pool; created per trial. */
  public ExecutorService executor;

  /** Creates the pool state; JMH calls it. */
  public Pool() {}

  /** Starts the pool. */
  @Setup(Level.Trial)
  public void start() {
    AtomicInteger count = new AtomicInteger();
    executor =
        Executors.newFixedThreadPool(
            THREADS,
            runnable -> {
              Thread thread = new Thread(runnable, "bench-pool-" + count.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
  }

  /**
   * Stops the pool and waits for its threads.
   *
   * @throws InterruptedException if interrupted while waiting
   */
  @TearDown(Level.Trial)
  public void stop() throws InterruptedException {
    executor.shutdownNow();
    if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the benchmark pool did not terminate within 10 s");
    }
  }
}
