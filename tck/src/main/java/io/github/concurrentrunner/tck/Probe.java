package io.github.concurrentrunner.tck;

import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts task bodies entered and exited, so that the kit can tell whether a body is still running
 * (rule R10) without enumerating threads: virtual threads do not appear in {@link
 * Thread#getAllStackTraces()}.
 */
final class Probe {
  private final AtomicInteger entered = new AtomicInteger();
  private final AtomicInteger exited = new AtomicInteger();

  /** Wraps a body so that its runs are counted. */
  <T> Callable<T> wrap(Callable<T> body) {
    return () -> {
      entered.incrementAndGet();
      try {
        return body.call();
      } finally {
        exited.incrementAndGet();
      }
    };
  }

  /** How many bodies have been entered. */
  int entered() {
    return entered.get();
  }

  /** How many bodies are running now. */
  int running() {
    return entered.get() - exited.get();
  }
}
