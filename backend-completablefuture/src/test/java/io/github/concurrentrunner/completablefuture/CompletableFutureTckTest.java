package io.github.concurrentrunner.completablefuture;

import io.github.concurrentrunner.spi.ConcurrentRunnerProvider;
import io.github.concurrentrunner.tck.ConcurrentRunnerTck;

/** Runs the whole TCK, unchanged, against the CompletableFuture backend (rule R26). */
class CompletableFutureTckTest extends ConcurrentRunnerTck {
  @Override
  protected ConcurrentRunnerProvider provider() {
    return new CompletableFutureRunnerProvider();
  }
}
