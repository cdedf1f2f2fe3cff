package io.github.concurrentrunner.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.concurrentrunner.ConcurrentRunner;
import io.github.concurrentrunner.GatherOptions;
import io.github.concurrentrunner.Task;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Rule R2's memory promise: one gather of 1,000,000 blocking tasks with {@code maxConcurrency(64)}
 * completes with every result in its slot, in a JVM whose heap is capped at 256 MiB (this class
 * runs in its own surefire execution with {@code -Xmx256m}), never running more than 64 tasks at
 * once. The input list and the result list are O(n) by nature; what must not exist is a future
 * (or a thread, or a queued body) per task up front.
 */
class ScaleTest {
  private static final int TASKS = 1_000_000;
  private static final int LIMIT = 64;
  private static final long HEAP_CAP = 256L << 20;

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.github.concurrentrunner.reliability.Backends#names")
  void aMillionTasksWithMaxConcurrency64FitIn256MiB(String backend) throws Exception {
    assertThat(Runtime.getRuntime().maxMemory())
        .as("run with -Xmx256m (the scale execution of this module)")
        .isLessThanOrEqualTo(HEAP_CAP);
    AtomicInteger running = new AtomicInteger();
    AtomicInteger maxRunning = new AtomicInteger();
    AtomicLong handedOver = new AtomicLong();
    AtomicLong finished = new AtomicLong();
    AtomicLong maxInflight = new AtomicLong();
    List<Task<Integer>> tasks = new ArrayList<>(TASKS);
    for (int i = 0; i < TASKS; i++) {
      int value = i;
      tasks.add(
          Task.of(
              () -> {
                maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
                running.decrementAndGet();
                finished.incrementAndGet();
                return value;
              }));
    }
    // The runner's own kind of executor, counting at each hand-over the tasks started and not
    // finished: bodies queued or running, which must never exceed the bound.
    ExecutorService pool =
        Executors.newCachedThreadPool(
            r -> {
              Thread thread = new Thread(r, "fault-scale");
              thread.setDaemon(true);
              return thread;
            });
    Executor counting =
        command -> {
          maxInflight.accumulateAndGet(handedOver.incrementAndGet() - finished.get(), Math::max);
          pool.execute(command);
        };
    System.gc();
    for (MemoryPoolMXBean memory : ManagementFactory.getMemoryPoolMXBeans()) {
      memory.resetPeakUsage();
    }
    long t0 = System.nanoTime();
    List<Integer> results;
    try (ConcurrentRunner runner = ConcurrentRunner.create(backend)) {
      results =
          runner
              .all(tasks, GatherOptions.builder().maxConcurrency(LIMIT).executor(counting).build())
              .await(Duration.ofMinutes(5));
    } finally {
      pool.shutdown();
    }
    Duration took = Duration.ofNanos(System.nanoTime() - t0);
    long peak = 0;
    for (MemoryPoolMXBean memory : ManagementFactory.getMemoryPoolMXBeans()) {
      if (memory.getType() == MemoryType.HEAP) {
        peak += memory.getPeakUsage().getUsed();
      }
    }

    assertThat(results).hasSize(TASKS);
    for (int i = 0; i < TASKS; i++) {
      if (results.get(i) != i) {
        throw new AssertionError("slot " + i + " holds " + results.get(i));
      }
    }
    assertThat(maxRunning.get()).isBetween(1, LIMIT);
    assertThat(maxInflight.get()).isBetween(1L, (long) LIMIT);
    assertThat(handedOver.get()).isEqualTo(TASKS);
    System.out.printf(
        "SCALE %s: tasks=%d maxConcurrency=%d maxInflight=%d maxRunning=%d took=%dms"
            + " heapPeakMiB=%d (cap %d)%n",
        backend, TASKS, LIMIT, maxInflight.get(), maxRunning.get(), took.toMillis(), peak >> 20,
        HEAP_CAP >> 20);
    // The proof is the cap itself: the gather completed inside -Xmx256m. The peak printed above is
    // the sum of each heap pool's own peak (garbage included, not simultaneous), for information.
  }
}
