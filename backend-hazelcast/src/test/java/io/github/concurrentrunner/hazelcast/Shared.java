package io.github.concurrentrunner.hazelcast;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * State that serializable test tasks reach by name: the members are embedded in the test's JVM, so
 * a task body deserialized on a member finds the test's latches and counters here. Names are
 * unique per test (a random prefix), so tests never share state.
 */
final class Shared {
  private static final Map<String, CountDownLatch> LATCHES = new ConcurrentHashMap<>();
  private static final Map<String, AtomicInteger> COUNTERS = new ConcurrentHashMap<>();
  private static final Map<String, String> VALUES = new ConcurrentHashMap<>();

  /** How long a test task waits at most for a latch: bounded, so nothing runs forever. */
  static final Duration LONG = Duration.ofSeconds(30);

  private Shared() {}

  static CountDownLatch latch(String name) {
    return LATCHES.computeIfAbsent(name, n -> new CountDownLatch(1));
  }

  static AtomicInteger counter(String name) {
    return COUNTERS.computeIfAbsent(name, n -> new AtomicInteger());
  }

  static void put(String name, String value) {
    VALUES.put(name, value);
  }

  static String get(String name) {
    return VALUES.get(name);
  }

  /** Waits for a latch, at most {@link #LONG}; false if it did not open. */
  static boolean await(String name) throws InterruptedException {
    return latch(name).await(LONG.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Waits for a latch ignoring interruption, at most {@link #LONG}; counts the interrupts. */
  static void awaitIgnoringInterrupts(String name) {
    long deadline = System.nanoTime() + LONG.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        if (latch(name).await(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
          return;
        }
      } catch (InterruptedException e) {
        counter(name + ".interrupts").incrementAndGet();
      }
    }
  }

  /** The instance name of the member whose thread runs the caller ({@code hz.<name>.…}). */
  static String memberOfThisThread() {
    String thread = Thread.currentThread().getName();
    int start = thread.indexOf('.') + 1;
    int end = thread.indexOf(".cached.", start);
    return end < 0 ? thread : thread.substring(start, end);
  }
}
