package io.github.concurrentrunner.completablefuture;

import io.github.concurrentrunner.spi.ConcurrentRunnerProvider;
import io.github.concurrentrunner.spi.JdkTaskDriver;
import io.github.concurrentrunner.spi.TaskDriver;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * For {@link DiscoveryTest}: a provider whose {@code name()} and {@code priority()} answer once,
 * then throw an {@code AssertionError}: discovery must ask each once (rule R25, R27). Listed only
 * in the service file that the test's own context class loader shows to discovery; its priority
 * is below the CompletableFuture backend's, so it is chosen only by name.
 */
public final class FickleProvider implements ConcurrentRunnerProvider {
  private final AtomicInteger names = new AtomicInteger();
  private final AtomicInteger priorities = new AtomicInteger();

  /** Creates the provider; called by {@link java.util.ServiceLoader}. */
  public FickleProvider() {}

  @Override
  public String name() {
    if (names.getAndIncrement() > 0) {
      throw new AssertionError("name() asked twice");
    }
    return "fickle";
  }

  @Override
  public int priority() {
    if (priorities.getAndIncrement() > 0) {
      throw new AssertionError("priority() asked twice");
    }
    return -1_000;
  }

  @Override
  public TaskDriver createDriver() {
    return new JdkTaskDriver("fickle");
  }
}
