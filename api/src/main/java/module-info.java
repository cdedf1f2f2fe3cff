/**
 * concurrent-runner: run tasks concurrently and get all their results, with exact semantics.
 *
 * <p>{@link io.github.concurrentrunner.ConcurrentRunner} is the entry point, for applications.
 * Backends are found with {@link java.util.ServiceLoader} through {@link
 * io.github.concurrentrunner.spi.ConcurrentRunnerProvider}, or passed to {@code
 * ConcurrentRunner.builder().provider(...)}; the {@code spi} package is for authors of backends.
 * The engine that implements the contract is package-private in {@code io.github.concurrentrunner}
 * and exported to nobody.
 */
module io.github.concurrentrunner {
  exports io.github.concurrentrunner;
  // Not a qualified export: backends outside this project (and the TCK's own reference backend)
  // implement it too. It holds only the interfaces a backend implements or uses.
  exports io.github.concurrentrunner.spi;

  uses io.github.concurrentrunner.spi.ConcurrentRunnerProvider;
}
