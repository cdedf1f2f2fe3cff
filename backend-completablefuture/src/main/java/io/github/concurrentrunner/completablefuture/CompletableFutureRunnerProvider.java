package io.github.concurrentrunner.completablefuture;

import io.github.concurrentrunner.spi.ConcurrentRunnerProvider;
import io.github.concurrentrunner.spi.JdkTaskDriver;
import io.github.concurrentrunner.spi.TaskDriver;

/**
 * Provides the {@value #NAME} backend, the reference implementation on {@link
 * java.util.concurrent.CompletableFuture}. It has the highest priority of the first-party backends,
 * so {@code ConcurrentRunner.create()} picks it unless another is named.
 */
public final class CompletableFutureRunnerProvider implements ConcurrentRunnerProvider {
  /** The backend's name. */
  public static final String NAME = "completablefuture";

  /** Creates the provider; called by {@link java.util.ServiceLoader}. */
  public CompletableFutureRunnerProvider() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int priority() {
    return 100;
  }

  /** The JDK's own driver: {@code executor.execute}, {@code whenComplete}, a daemon timer. */
  @Override
  public TaskDriver createDriver() {
    return new JdkTaskDriver(NAME);
  }
}
