package io.github.concurrentrunner.reliability;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the task bodies that are running, and the threads that appeared since it was created.
 * On JDK 21+ the default executor runs tasks on virtual threads, which {@link
 * Thread#getAllStackTraces()} does not list: the body count catches a task still running there.
 */
final class Probe {
  /** Names of threads the library or the tests create; anything else is the JVM's. */
  private static final List<String> OURS = List.of("concurrent-runner-", "fault-", "soak-");

  private final AtomicInteger running = new AtomicInteger();
  private final AtomicInteger maxRunning = new AtomicInteger();
  private final AtomicInteger started = new AtomicInteger();
  private final Set<Long> before = new HashSet<>();

  Probe() {
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      before.add(thread.getId());
    }
  }

  /** Wraps a body so that it counts as running while it runs. */
  <T> Callable<T> wrap(Callable<T> body) {
    return () -> {
      started.incrementAndGet();
      maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
      try {
        return body.call();
      } finally {
        running.decrementAndGet();
      }
    };
  }

  /** Wraps a body that is not a Callable (an async task's completion, a stubborn loop). */
  void enter() {
    started.incrementAndGet();
    maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
  }

  void exit() {
    running.decrementAndGet();
  }

  /** How many bodies started so far. */
  int started() {
    return started.get();
  }

  int running() {
    return running.get();
  }

  int maxRunning() {
    return maxRunning.get();
  }

  /** Platform threads of ours that appeared since the probe was created and are still alive. */
  List<String> newThreads() {
    List<String> leaked = new ArrayList<>();
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      if (thread.isAlive() && !before.contains(thread.getId()) && ours(thread.getName())) {
        leaked.add(thread.getName());
      }
    }
    return leaked;
  }

  /**
   * Waits until no task body runs and no thread of ours is left, up to {@code patience}; the
   * runners must be closed. Returns the number of leaked threads plus running bodies (0 = clean).
   */
  int awaitQuiescence(Duration patience) {
    try {
      await()
          .atMost(patience)
          .pollInterval(Duration.ofMillis(20))
          .until(() -> running.get() == 0 && newThreads().isEmpty());
      return 0;
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      return running.get() + newThreads().size();
    }
  }

  /** Describes what is left, for an assertion message. */
  String leftovers() {
    return "running bodies=" + running.get() + ", new threads=" + newThreads();
  }

  private static boolean ours(String name) {
    for (String prefix : OURS) {
      if (name.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }
}
