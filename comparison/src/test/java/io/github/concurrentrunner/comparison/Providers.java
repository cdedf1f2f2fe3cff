package io.github.concurrentrunner.comparison;

import io.github.concurrentrunner.ConcurrentRunner;
import io.github.concurrentrunner.spi.ConcurrentRunnerProvider;
import io.github.concurrentrunner.spi.RunnerConfig;
import java.util.ServiceLoader;

/**
 * The one place that knows the shape of {@link ConcurrentRunnerProvider}, which the TCK's {@code
 * provider()} returns: a provider that builds a native runner, and the providers of the real
 * backends, found by {@link ServiceLoader} as an application finds them. When the SPI changes,
 * this class is the only one to change; if the TCK can no longer take a runner that is not built
 * by the engine, it needs a hook such as {@code protected ConcurrentRunner newRunner(Executor,
 * FailureHandler)} that a kit can override.
 */
final class Providers {
  private Providers() {}

  /**
   * A provider that builds the named native runner on the executor the kit asks for. The failure
   * handler is not used: no library aggregate has one.
   */
  static ConcurrentRunnerProvider nativeRunner(String name) {
    return new ConcurrentRunnerProvider() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public int priority() {
        return Integer.MIN_VALUE;
      }

      @Override
      public ConcurrentRunner create(RunnerConfig config) {
        return NativeRunners.create(name, config.executor().orElse(null));
      }
    };
  }

  /** The provider of a real backend, as {@link ServiceLoader} finds it. */
  static ConcurrentRunnerProvider backend(String name) {
    for (ConcurrentRunnerProvider provider : ServiceLoader.load(ConcurrentRunnerProvider.class)) {
      if (provider.name().equals(name)) {
        return provider;
      }
    }
    throw new IllegalStateException("no backend named '" + name + "' on the class path");
  }
}
