package io.github.concurrentrunner.completablefuture;

import io.github.concurrentrunner.spi.ConcurrentRunnerProvider;
import io.github.concurrentrunner.spi.TaskDriver;

/**
 * For {@link DiscoveryTest}: a provider whose constructor throws an exception whose {@code
 * toString()} and {@code getMessage()} throw: discovery names it by its class instead of failing
 * with it (rule R25, R27).
 */
public final class UnprintableFailureProvider implements ConcurrentRunnerProvider {

  /** The exception the constructor throws; cannot be printed. */
  static final class Unprintable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    @Override
    public String getMessage() {
      throw new IllegalStateException("getMessage() of a hostile exception");
    }

    @Override
    public String toString() {
      throw new IllegalStateException("toString() of a hostile exception");
    }
  }

  /**
   * Always throws an exception that cannot be printed.
   *
   * @throws Unprintable always
   */
  public UnprintableFailureProvider() {
    throw new Unprintable();
  }

  @Override
  public String name() {
    return "unprintable";
  }

  @Override
  public int priority() {
    return 1_000;
  }

  @Override
  public TaskDriver createDriver() {
    throw new AssertionError("never constructed");
  }
}
