package io.github.concurrentrunner.tck;

import io.github.concurrentrunner.ConcurrentRunner;
import io.github.concurrentrunner.FailureHandler;
import io.github.concurrentrunner.spi.ConcurrentRunnerProvider;
import java.util.concurrent.Executor;

/**
 * The kit, unchanged, against each deliberately broken runner. These classes are run only through
 * {@link ConcurrentRunnerTckSelfTest} (their names do not match surefire's patterns, and they are
 * nested classes, which surefire skips): on their own they fail, as they must.
 *
 * <p>A provider supplies only a driver and the api builds a correct runner around it, so a broken
 * runner cannot come from a provider: each kit overrides the kit's package-private {@code build}
 * instead, and its provider is the reference one (for the discovery tests, not selected here).
 */
final class BrokenKits {
  private BrokenKits() {}

  /** The kit against {@link BrokenRunners.NeverCancelling}. */
  static class NeverCancellingKit extends ConcurrentRunnerTck {
    @Override
    protected ConcurrentRunnerProvider provider() {
      return new ReferenceRunnerProvider();
    }

    @Override
    protected ConcurrentRunner build(Executor executor, FailureHandler handler) {
      return new BrokenRunners.NeverCancelling(executor, handler);
    }
  }

  /** The kit against {@link BrokenRunners.CompletionOrder}. */
  static class CompletionOrderKit extends ConcurrentRunnerTck {
    @Override
    protected ConcurrentRunnerProvider provider() {
      return new ReferenceRunnerProvider();
    }

    @Override
    protected ConcurrentRunner build(Executor executor, FailureHandler handler) {
      return new BrokenRunners.CompletionOrder(executor, handler);
    }
  }

  /** The kit against {@link BrokenRunners.Wrapping}. */
  static class WrappingKit extends ConcurrentRunnerTck {
    @Override
    protected ConcurrentRunnerProvider provider() {
      return new ReferenceRunnerProvider();
    }

    @Override
    protected ConcurrentRunner build(Executor executor, FailureHandler handler) {
      return new BrokenRunners.Wrapping(executor, handler);
    }
  }
}
