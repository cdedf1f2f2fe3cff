/**
 * concurrent-runner: run tasks concurrently and get all their results, with exact semantics.
 *
 * <p>{@link io.github.concurrentrunner.ConcurrentRunner} is the entry point. Backends are found
 * with {@link java.util.ServiceLoader} through {@link
 * io.github.concurrentrunner.spi.ConcurrentRunnerProvider}; the {@code spi} package is for
 * authors of backends.
 */
module io.github.concurrentrunner {
  // Nullness annotations in the API's signatures: readable by users at compile time (transitive),
  // not needed at run time (static).
  requires static transitive org.jspecify;

  exports io.github.concurrentrunner;
  exports io.github.concurrentrunner.spi;

  uses io.github.concurrentrunner.spi.ConcurrentRunnerProvider;
}
