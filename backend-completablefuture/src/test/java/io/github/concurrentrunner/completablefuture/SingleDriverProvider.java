package io.github.concurrentrunner.completablefuture;

import io.github.concurrentrunner.spi.ConcurrentRunnerProvider;
import io.github.concurrentrunner.spi.TaskDriver;

/**
 * A provider that hands a test's own driver to {@code ConcurrentRunner.builder().provider(...)}.
 *
 * @param name the backend's name
 * @param driver the driver every runner built on it gets
 */
record SingleDriverProvider(String name, TaskDriver driver) implements ConcurrentRunnerProvider {
  @Override
  public int priority() {
    return 0;
  }

  @Override
  public TaskDriver createDriver() {
    return driver;
  }
}
