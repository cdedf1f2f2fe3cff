package io.github.concurrentrunner.examples;

import io.github.concurrentrunner.ConcurrentRunner;
import io.github.concurrentrunner.Outcome;
import io.github.concurrentrunner.Task;
import io.github.concurrentrunner.TaskFailedException;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Two tasks again, but B fails after 1 s. The two ways to gather them:
 *
 * <ul>
 *   <li>{@code allSettled} waits for both and records how each ended: one success, one failure.
 *   <li>{@code all} fails fast: when B fails, A is cancelled by interruption, the gather waits for
 *       A to stop, and {@code await()} throws {@link TaskFailedException} whose cause is the very
 *       exception B threw, after about 1 s instead of 2 s.
 * </ul>
 *
 * <pre>{@code
 * OneFails on backend completablefuture
 *   allSettled: [Success[value=A slept 2 s], Failure[exception=java.io.IOException: ...]]
 *   all threw: io.github.concurrentrunner.TaskFailedException: task 1 ('B') failed on ...
 *   its cause: java.io.IOException: B: payment service unavailable (the very instance B ...: true)
 *   all failed after 1003 ms; A was interrupted: true
 * }</pre>
 */
public final class OneFails {

  /**
   * What the example found.
   *
   * @param backend the backend that ran it
   * @param settled what {@code allSettled} returned
   * @param allFailure what {@code all}'s {@code await()} threw
   * @param thrownByB the exception task B threw in the {@code all} gather
   * @param allElapsed how long {@code all} took to fail
   * @param aInterrupted whether {@code all} interrupted task A
   */
  public record Result(
      String backend,
      List<Outcome<String>> settled,
      TaskFailedException allFailure,
      IOException thrownByB,
      Duration allElapsed,
      boolean aInterrupted) {}

  private OneFails() {}

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
      out.println("OneFails on backend " + runner.backend());

      // allSettled: never fails because a task failed; each slot says how its task ended.
      IOException settledFailure = new IOException("B: payment service unavailable");
      List<Outcome<String>> settled =
          runner.allSettled(tasks(settledFailure, new AtomicBoolean())).await();
      out.println("  allSettled: " + settled);

      // all: fails fast with the first failure.
      IOException thrownByB = new IOException("B: payment service unavailable");
      AtomicBoolean aInterrupted = new AtomicBoolean();
      long start = System.nanoTime();
      TaskFailedException allFailure = null;
      try {
        runner.all(tasks(thrownByB, aInterrupted)).await();
      } catch (TaskFailedException e) {
        // Not an ExecutionException or CompletionException to unwrap: getCause() is what B threw.
        allFailure = e;
      }
      Duration allElapsed = Duration.ofNanos(System.nanoTime() - start);
      if (allFailure == null) {
        throw new IllegalStateException("all() should have failed");
      }
      out.println("  all threw: " + allFailure);
      out.println("  its cause: " + allFailure.getCause()
          + " (the very instance B threw: " + (allFailure.getCause() == thrownByB) + ")");
      // When await() throws, A has already stopped: a gather never leaves tasks running behind.
      out.println("  all failed after " + allElapsed.toMillis() + " ms; A was interrupted: "
          + aInterrupted.get());
      return new Result(
          runner.backend(), settled, allFailure, thrownByB, allElapsed, aInterrupted.get());
    }
  }

  /** Task A sleeps 2 s (and notes if it is interrupted); B throws {@code failure} after 1 s. */
  private static List<Task<String>> tasks(IOException failure, AtomicBoolean aInterrupted) {
    Task<String> a = Task.of("A", () -> {
      try {
        Thread.sleep(2_000);
      } catch (InterruptedException e) {
        aInterrupted.set(true); // all() cancels A when B fails
        throw e;
      }
      return "A slept 2 s";
    });
    Task<String> b = Task.of("B", () -> {
      Thread.sleep(1_000);
      throw failure; // a checked exception: tasks are Callables
    });
    return List.of(a, b);
  }
}
