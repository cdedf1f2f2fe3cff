package io.github.concurrentrunner.tck;

import static java.util.concurrent.TimeUnit.NANOSECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.concurrentrunner.GatherHandle;
import io.github.concurrentrunner.Task;
import io.github.concurrentrunner.TaskFailedException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeoutException;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

/**
 * The kit's static helpers: waits, assertions on what a gather threw (R8, R17), and small
 * fixtures. Every wait is bounded by {@link Delays#LONG}, so that a broken runner fails a test
 * with a message that says what it waited for instead of hanging the build.
 */
final class TckChecks {
  private TckChecks() {}

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

  /**
   * Asserts that a gather was cancelled: its running task was interrupted, and awaiting it throws
   * {@code CancellationException}.
   */
  static void assertCancelled(TckHarness.Blocker running, GatherHandle<?> handle)
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

  /** An Awaitility wait that polls in this thread, at most {@link Delays#LONG}. */
  static ConditionFactory patiently(String what) {
    return Awaitility.await(what)
        .pollInSameThread()
        .atMost(Delays.LONG)
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(5));
  }

  /** n distinct {@code IOException}s, the i-th with the message {@code prefix + i}. */
  static List<Exception> ioExceptions(int n, String prefix) {
    List<Exception> exceptions = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      exceptions.add(new IOException(prefix + i));
    }
    return exceptions;
  }

  /** The values {@code "v0" .. "v(n-1)"}, as a task of a {@link #scrambled} list returns them. */
  static List<String> values(int n) {
    List<String> values = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      values.add("v" + i);
    }
    return values;
  }

  /** The indices {@code 0 .. n-1}: the completion order that no scramble may produce. */
  static List<Integer> inputOrder(int n) {
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      order.add(i);
    }
    return order;
  }

  /** {@code Thread.isVirtual()} on JDK 21+; false before, where no thread is virtual. */
  static boolean isVirtual(Thread thread) {
    try {
      return (Boolean) Thread.class.getMethod("isVirtual").invoke(thread);
    } catch (ReflectiveOperationException e) {
      return false; // JDK 17-20
    }
  }

  /** An async task whose stage is already complete with the value when it starts. */
  static Task<String> completedTask(String value) {
    return Task.async(() -> CompletableFuture.completedFuture(value));
  }
}
