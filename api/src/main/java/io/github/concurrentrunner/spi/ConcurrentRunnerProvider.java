package io.github.concurrentrunner.spi;

/**
 * A backend: its name, its priority and its {@link TaskDriver}. The api builds the runner around
 * the driver, so every backend shares one engine and obeys the contract by construction; a
 * provider contributes only what its library owns.
 *
 * <p>Two ways in:
 *
 * <ul>
 *   <li>Discovery (rule R25): register the implementation in {@code
 *       META-INF/services/io.github.concurrentrunner.spi.ConcurrentRunnerProvider} (class path)
 *       and with {@code provides io.github.concurrentrunner.spi.ConcurrentRunnerProvider with ...}
 *       in {@code module-info.java} (module path). It then needs a public no-argument constructor
 *       and must be cheap to construct: discovery instantiates every provider to read its name
 *       and priority, and calls {@link #createDriver()} only for the one it chose.
 *   <li>Explicitly, with an instance the application made: {@code
 *       ConcurrentRunner.builder().provider(provider).build()}. A backend whose runner needs
 *       something only the application has (a cluster client, say) offers a constructor taking
 *       it, and needs no service registration.
 * </ul>
 *
 * <p>Implementations must be thread-safe; {@link #createDriver()} may be called once per runner,
 * from any thread.
 */
public interface ConcurrentRunnerProvider {

  /**
   * Returns the backend's name: lower case, stable, used by {@code ConcurrentRunner.create(name)},
   * the {@code concurrentrunner.backend} system property, thread names and every exception and
   * event of its runners. A name that is null, blank, not lower case or surrounded by blanks
   * cannot be looked up: discovery lists such a provider among those that failed to load, and
   * {@code ConcurrentRunner.builder().provider(..).build()} rejects it. If two providers on the
   * path share a name, the one found first is used and the other is listed as ignored.
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
   * Creates the driver of one new runner. The runner calls {@link TaskDriver#shutdown()} once,
   * after it was closed and its last gather completed, so a driver may own threads (a timer).
   *
   * <p>It takes no argument: a driver needs nothing from the runner. The gather's executor is
   * passed to {@link TaskDriver#execute}, failures are the engine's to report (a driver never
   * sees an exception from the engine's callbacks), and the backend's name is the provider's own.
   *
   * @return a new driver, not shared with another runner
   */
  TaskDriver createDriver();
}
