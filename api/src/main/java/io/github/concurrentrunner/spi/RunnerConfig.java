package io.github.concurrentrunner.spi;

import io.github.concurrentrunner.FailureHandler;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * What a {@link ConcurrentRunnerProvider} receives to create a runner: the executor chosen by the
 * user, if any, and the failure handler. Immutable.
 */
public final class RunnerConfig {
  private final Executor executor;
  private final FailureHandler failureHandler;

  /**
   * Creates a configuration.
   *
   * @param executor the executor for blocking tasks, or {@code null} for a default one owned by
   *     the runner
   * @param failureHandler where failures no caller can see go; must not be null
   */
  public RunnerConfig(Executor executor, FailureHandler failureHandler) {
    this.executor = executor;
    this.failureHandler = Objects.requireNonNull(failureHandler, "failureHandler");
  }

  /**
   * Returns a configuration with no executor and the logging failure handler.
   *
   * @return the default configuration
   */
  public static RunnerConfig defaults() {
    return new RunnerConfig(null, FailureHandler.logging());
  }

  /**
   * Returns the executor the user chose.
   *
   * @return the executor, or empty if the runner must create and own one
   */
  public Optional<Executor> executor() {
    return Optional.ofNullable(executor);
  }

  /**
   * Returns the failure handler.
   *
   * @return the handler
   */
  public FailureHandler failureHandler() {
    return failureHandler;
  }
}
