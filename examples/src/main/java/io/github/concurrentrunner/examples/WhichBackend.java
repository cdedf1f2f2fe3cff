package io.github.concurrentrunner.examples;

import io.github.concurrentrunner.ConcurrentRunner;
import io.github.concurrentrunner.Task;
import io.github.concurrentrunner.spi.ConcurrentRunnerProvider;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Prints which backend {@link ConcurrentRunner#create()} found, where it came from, and every
 * available backend. Run it on the module path to see discovery through {@code provides}:
 *
 * <pre>{@code
 * java --module-path <api, backends and examples jars> --module \
 *   io.github.concurrentrunner.examples/io.github.concurrentrunner.examples.WhichBackend
 * }</pre>
 *
 * <p>It prints one {@code key=value} per line: {@code backend}, {@code providerModule} (the module
 * of the backend's provider class: a named module on the module path, {@code unnamed} on the class
 * path), {@code runnerModule} (the module of the runner class, which the API builds for every
 * backend), {@code apiModule}, {@code backends} and {@code result} (a tiny gather, run to show the
 * backend works).
 */
public final class WhichBackend {

  private WhichBackend() {}

  /**
   * Prints the backend, its module and the available backends.
   *
   * @param args ignored
   * @throws InterruptedException if interrupted while waiting
   */
  public static void main(String[] args) throws InterruptedException {
    try (ConcurrentRunner runner = ConcurrentRunner.create()) {
      List<Integer> result = runner.all(List.of(Task.of(() -> 1), Task.of(() -> 2))).await();
      System.out.println("backend=" + runner.backend());
      System.out.println("providerModule=" + providerModule(runner.backend()));
      System.out.println("runnerModule=" + moduleOf(runner.getClass()));
      System.out.println("apiModule=" + moduleOf(ConcurrentRunner.class));
      System.out.println("backends=" + ConcurrentRunner.backends());
      System.out.println("result=" + result);
    }
  }

  /** The module of the provider named {@code backend}, looked up as discovery does. */
  private static String providerModule(String backend) {
    for (ConcurrentRunnerProvider provider : ServiceLoader.load(ConcurrentRunnerProvider.class)) {
      if (provider.name().equals(backend)) {
        return moduleOf(provider.getClass());
      }
    }
    return "not found";
  }

  private static String moduleOf(Class<?> type) {
    Module module = type.getModule();
    return module.isNamed() ? module.getName() : "unnamed";
  }
}
