package io.github.concurrentrunner.completablefuture;

import io.github.concurrentrunner.spi.ConcurrentRunnerProvider;
import io.github.concurrentrunner.spi.TaskDriver;

/**
 * For {@link DiscoveryTest}: a provider whose name is not lower case, listed only in the service file that the test's own context
 * class loader shows to discovery (rule R25). Never chosen: its driver would fail the test.
 */
public final class UpperCaseNameProvider implements ConcurrentRunnerProvider {

  /** Creates the provider; called by {@link java.util.ServiceLoader}. */
  public UpperCaseNameProvider() {}

  @Override
  public String name() {
    return "MyBackend";
  }

  @Override
  public int priority() {
    return 1_000;
  }

  @Override
  public TaskDriver createDriver() {
    throw new AssertionError("UpperCaseNameProvider must never be chosen");
  }
}
