/**
 * concurrent-runner: run tasks concurrently and get all their results, with exact semantics.
 *
 * <p>{@link io.github.concurrentrunner.ConcurrentRunner} is the entry point, for applications.
 * Backends are found with {@link java.util.ServiceLoader} through {@link
 * io.github.concurrentrunner.spi.ConcurrentRunnerProvider}, or passed to {@code
 * ConcurrentRunner.builder().provider(...)}.
 *
 * <ul>
 *   <li>{@link io.github.concurrentrunner}: the API that applications use: the runner, tasks,
 *       options, handles, outcomes and exceptions, and the contract they keep.
 *   <li>{@link io.github.concurrentrunner.spi}: what a backend implements.
 * </ul>
 *
 * <p>The engine that implements the contract is package-private in {@code
 * io.github.concurrentrunner} and exported to nobody. The module needs nothing but {@code
 * java.base} at run time. Its API is annotated for nullness with JSpecify ({@code org.jspecify},
 * read at compile time only).
 */
module io.github.concurrentrunner {
  // Nullness annotations in the API's signatures: readable by users at compile time (transitive),
  // not needed at run time (static).
  requires static transitive org.jspecify;

  exports io.github.concurrentrunner;
  // Not a qualified export: backends outside this project (and the TCK's own reference backend)
  // implement it too. It holds only the interfaces a backend implements or uses.
  exports io.github.concurrentrunner.spi;

  uses io.github.concurrentrunner.spi.ConcurrentRunnerProvider;
}
