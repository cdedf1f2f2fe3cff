package io.github.concurrentrunner.completablefuture;

import io.github.concurrentrunner.spi.ConcurrentRunnerProvider;
import io.github.concurrentrunner.spi.TaskDriver;

/**
 * For {@link DiscoveryTest}: a second provider named completablefuture, with a higher priority, listed only in the service file that the test's own context
 * class loader shows to discovery (rule R25). Never chosen: its driver would fail the test.
 */
public final class DuplicateNameProvider implements ConcurrentRunnerProvider {

  /** Creates the provider; called by {@link java.util.ServiceLoader}. */
  public DuplicateNameProvider() {}

  @Override
  public String name() {
    return "completablefuture";
  }

  @Override
  public int priority() {
    return 1_000;
  }

  @Override
  public TaskDriver createDriver() {
    throw new AssertionError("DuplicateNameProvider must never be chosen");
  }
}
