package io.github.concurrentrunner.completablefuture;

import io.github.concurrentrunner.spi.ConcurrentRunnerProvider;
import io.github.concurrentrunner.spi.TaskDriver;

/**
 * A provider that cannot be instantiated, registered in the test class path's {@code
 * META-INF/services} so that every discovery in this module's tests meets it (rule R25).
 */
public final class BrokenProvider implements ConcurrentRunnerProvider {

  /** The message of the constructor's exception, looked for in discovery messages. */
  static final String WHY = "BrokenProvider fails to construct (deliberately, for DiscoveryTest)";

  /**
   * Always throws, as a provider whose dependencies are missing would.
   *
   * @throws IllegalStateException always
   */
  public BrokenProvider() {
    throw new IllegalStateException(WHY);
  }

  @Override
  public String name() {
    return "broken";
  }

  @Override
  public int priority() {
    return Integer.MAX_VALUE;
  }

  @Override
  public TaskDriver createDriver() {
    throw new AssertionError("never constructed");
  }
}
