/**
 * The Guava backend of concurrent-runner: the contract's exact semantics for code bases built on
 * Guava's {@link com.google.common.util.concurrent.ListenableFuture}, with interop both ways:
 * {@link io.github.concurrentrunner.guava.GuavaGathers} turns a gather into a {@code
 * ListenableFuture}, {@link io.github.concurrentrunner.guava.GuavaTasks} turns a {@code
 * ListenableFuture}-returning operation into a task. The backend itself is found through {@code
 * io.github.concurrentrunner.ConcurrentRunner.create("guava")}.
 */
module io.github.concurrentrunner.guava {
  requires transitive io.github.concurrentrunner;
  requires transitive com.google.common;

  exports io.github.concurrentrunner.guava;

  provides io.github.concurrentrunner.spi.ConcurrentRunnerProvider with
      io.github.concurrentrunner.guava.GuavaRunnerProvider;
}
