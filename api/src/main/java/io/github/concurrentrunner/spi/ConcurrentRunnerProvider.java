package io.github.concurrentrunner.spi;

import io.github.concurrentrunner.ConcurrentRunner;

/**
 * A backend, found by {@link java.util.ServiceLoader} (rule R25). Implementations need a public
 * no-argument constructor and must be cheap to construct: discovery instantiates every provider
 * to read its name and priority. Register an implementation in {@code
 * META-INF/services/io.github.concurrentrunner.spi.ConcurrentRunnerProvider} and with {@code
 * provides io.github.concurrentrunner.spi.ConcurrentRunnerProvider with ...} in {@code
 * module-info.java}.
 */
public interface ConcurrentRunnerProvider {

  /**
   * Returns the backend's name: lower case, stable, used by {@code ConcurrentRunner.create(name)}
   * and the {@code concurrentrunner.backend} system property.
   *
   * @return the name, such as {@code "guava"}
   */
  String name();

  /**
   * Returns the priority: when no backend is named, the available one with the highest priority
   * is chosen (ties broken by name).
   *
   * @return the priority
   */
  int priority();

  /**
   * Creates a runner of this backend.
   *
   * @param config the user's executor (if any) and failure handler
   * @return a new runner
   */
  ConcurrentRunner create(RunnerConfig config);
}
