package io.github.concurrentrunner.examples;

import io.github.concurrentrunner.ConcurrentRunner;
import io.github.concurrentrunner.GatherOptions;
import io.github.concurrentrunner.Task;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A gather over 1,000 tasks of 10 ms each, at most 32 running at once ({@code maxConcurrency}),
 * with a timeout for the whole gather. The peak of tasks in flight never exceeds 32, and the
 * gather takes about 1,000 / 32 x 10 ms, not 1,000 x 10 ms.
 *
 * <pre>{@code
 * ThousandTasks on backend completablefuture
 *   1000 results in input order, sum 332833500
 *   peak in flight: 32 (maxConcurrency 32)
 *   elapsed: 366 ms (timeout 10 s; one at a time: about 10000 ms)
 * }</pre>
 */
public final class ThousandTasks {

  /** How many tasks the gather runs. */
  public static final int TASKS = 1_000;

  /** The most tasks that may run at once. */
  public static final int MAX_CONCURRENCY = 32;

  /**
   * What the example found.
   *
   * @param backend the backend that ran it
   * @param results the values, in input order: task {@code i} returns {@code i * i}
   * @param peakInFlight the most tasks seen running at once
   * @param elapsed the wall time of the gather
   */
  public record Result(String backend, List<Long> results, int peakInFlight, Duration elapsed) {}

  private ThousandTasks() {}

  /**
   * Runs the example on the backend chosen by {@code -Dconcurrentrunner.backend}.
   *
   * @param args ignored
   * @throws InterruptedException if interrupted while waiting
   */
  public static void main(String[] args) throws InterruptedException {
    run(System.out);
  }

  /**
   * Runs the example and prints what happens.
   *
   * @param out where to print
   * @return what the example found
   * @throws InterruptedException if interrupted while waiting
   */
  public static Result run(PrintStream out) throws InterruptedException {
    try (ConcurrentRunner runner = ConcurrentRunner.create()) {
      out.println("ThousandTasks on backend " + runner.backend());
      AtomicInteger inFlight = new AtomicInteger();
      AtomicInteger peak = new AtomicInteger();

      List<Task<Long>> tasks = new ArrayList<>(TASKS);
      for (int i = 0; i < TASKS; i++) {
        long n = i;
        tasks.add(Task.of(() -> {
          peak.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
          try {
            Thread.sleep(10); // stands for a short call to another service
            return n * n;
          } finally {
            inFlight.decrementAndGet();
          }
        }));
      }

      GatherOptions options = GatherOptions.builder()
          .maxConcurrency(MAX_CONCURRENCY)   // task 33 starts only when one of the first 32 ends
          .timeout(Duration.ofSeconds(10))   // the whole gather; GatherTimeoutException after it
          .build();
      long start = System.nanoTime();
      List<Long> results = runner.all(tasks, options).await();
      Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

      out.println("  " + results.size() + " results in input order, sum "
          + results.stream().mapToLong(Long::longValue).sum());
      out.println("  peak in flight: " + peak.get() + " (maxConcurrency " + MAX_CONCURRENCY + ")");
      out.println("  elapsed: " + elapsed.toMillis() + " ms (timeout 10 s; one at a time: about "
          + TASKS * 10 + " ms)");
      return new Result(runner.backend(), results, peak.get(), elapsed);
    }
  }
}
