package io.github.concurrentrunner.guava;

import io.github.concurrentrunner.spi.ConcurrentRunnerProvider;
import io.github.concurrentrunner.spi.TaskDriver;

/**
 * Provides the {@value #NAME} backend: the contract's semantics with blocking tasks dispatched and
 * async tasks observed through Guava's {@link com.google.common.util.concurrent.ListenableFuture}
 * machinery. Its priority, {@value #PRIORITY}, is below the reference {@code completablefuture}
 * backend's, so {@code ConcurrentRunner.create()} picks this one only when it is named ({@code
 * ConcurrentRunner.create("guava")}, {@code -Dconcurrentrunner.backend=guava}) or is the only
 * backend present.
 */
public final class GuavaRunnerProvider implements ConcurrentRunnerProvider {
  /** The backend's name. */
  public static final String NAME = "guava";

  /** The backend's priority: below {@code completablefuture} (100). */
  public static final int PRIORITY = 50;

  /** Creates the provider; called by {@link java.util.ServiceLoader}. */
  public GuavaRunnerProvider() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int priority() {
    return PRIORITY;
  }

  @Override
  public TaskDriver createDriver() {
    return new GuavaTaskDriver();
  }
}
