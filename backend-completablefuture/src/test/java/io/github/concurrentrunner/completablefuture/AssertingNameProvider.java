package io.github.concurrentrunner.completablefuture;

import io.github.concurrentrunner.spi.ConcurrentRunnerProvider;
import io.github.concurrentrunner.spi.TaskDriver;

/**
 * For {@link DiscoveryTest}: a provider whose {@code name()} throws an {@code Error} that is not
 * a {@code LinkageError}: listed as broken, not thrown out of discovery (rule R25, R27).
 */
public final class AssertingNameProvider implements ConcurrentRunnerProvider {

  /** Creates the provider; called by {@link java.util.ServiceLoader}. */
  public AssertingNameProvider() {}

  @Override
  public String name() {
    throw new AssertionError("a provider's bug");
  }

  @Override
  public int priority() {
    return 1_000;
  }

  @Override
  public TaskDriver createDriver() {
    throw new AssertionError("AssertingNameProvider must never be chosen");
  }
}
