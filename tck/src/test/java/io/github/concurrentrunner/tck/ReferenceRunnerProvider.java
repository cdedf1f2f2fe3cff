package io.github.concurrentrunner.tck;

import io.github.concurrentrunner.spi.ConcurrentRunnerProvider;
import io.github.concurrentrunner.spi.JdkTaskDriver;
import io.github.concurrentrunner.spi.TaskDriver;

/**
 * A correct backend built inside the TCK's own tests (the real backends depend on the TCK, so the
 * TCK cannot depend on them): the shared engine on the SPI's {@link JdkTaskDriver}. The kit
 * must pass against it ({@link ReferenceTckTest}); the broken runners of {@link
 * ConcurrentRunnerTckSelfTest} wrap it.
 */
public final class ReferenceRunnerProvider implements ConcurrentRunnerProvider {
  static final String NAME = "tck-reference";

  /** Creates the provider; called by {@link java.util.ServiceLoader} too. */
  public ReferenceRunnerProvider() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int priority() {
    return 0;
  }

  @Override
  public TaskDriver createDriver() {
    return new JdkTaskDriver(NAME);
  }
}
