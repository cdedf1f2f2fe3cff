/**
 * The reference backend of concurrent-runner, on {@link java.util.concurrent.CompletableFuture}.
 * Depends on nothing but the JDK. Exports no package: it is used through {@code
 * io.github.concurrentrunner.ConcurrentRunner}.
 */
module io.github.concurrentrunner.completablefuture {
  requires io.github.concurrentrunner;

  provides io.github.concurrentrunner.spi.ConcurrentRunnerProvider with
      io.github.concurrentrunner.completablefuture.CompletableFutureRunnerProvider;
}
