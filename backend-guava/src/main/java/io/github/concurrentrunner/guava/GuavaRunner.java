package io.github.concurrentrunner.guava;

import io.github.concurrentrunner.spi.AbstractConcurrentRunner;
import io.github.concurrentrunner.spi.RunnerConfig;

/** The runner of the Guava backend: the shared coordinator on {@link GuavaTaskDriver}. */
final class GuavaRunner extends AbstractConcurrentRunner {

  GuavaRunner(RunnerConfig config) {
    super(GuavaRunnerProvider.NAME, config, new GuavaTaskDriver(config.failureHandler()));
  }
}
