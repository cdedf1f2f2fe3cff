package io.github.concurrentrunner.comparison;

import io.github.concurrentrunner.spi.ConcurrentRunnerProvider;
import io.github.concurrentrunner.spi.TaskDriver;
import java.util.ServiceLoader;

/**
 * The providers the kits return from {@code provider()}: the real backends' providers, found by
 * {@link ServiceLoader} as an application finds them, and for a native runner a provider that
 * only names it. A native runner is not built from a provider (its kit overrides {@code build});
 * the kit still asks the provider for the runner's name (thread names, discovery rules), and the
 * rules that configure {@code ConcurrentRunner.builder()} further (context hooks, listeners) build
 * from it, which fails with a message saying that no library aggregate has those features.
 */
final class Providers {
  private Providers() {}

  /** A provider that names a native runner and refuses to make an engine driver. */
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
      public TaskDriver createDriver() {
        throw new UnsupportedOperationException(
            name + " is a library aggregate used by hand, with no engine: it has no driver, so "
                + "no ConcurrentRunner.builder() options (context hooks, listeners) apply to it");
      }

      @Override
      public String toString() {
        return name;
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
