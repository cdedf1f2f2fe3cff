package io.github.concurrentrunner.tck;

import io.github.concurrentrunner.ConcurrentRunner;
import io.github.concurrentrunner.spi.ConcurrentRunnerProvider;
import io.github.concurrentrunner.spi.RunnerConfig;
import java.util.function.Function;

/**
 * The kit, unchanged, against each deliberately broken runner. These classes are run only through
 * {@link ConcurrentRunnerTckSelfTest} (their names do not match surefire's patterns, and they are
 * nested classes, which surefire skips): on their own they fail, as they must.
 */
final class BrokenKits {
  private BrokenKits() {}

  private static ConcurrentRunnerProvider broken(
      String name, Function<RunnerConfig, ConcurrentRunner> factory) {
    return new ConcurrentRunnerProvider() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public int priority() {
        return 0;
      }

      @Override
      public ConcurrentRunner create(RunnerConfig config) {
        return factory.apply(config);
      }
    };
  }

  /** The kit against {@link BrokenRunners.NeverCancelling}. */
  static class NeverCancellingKit extends ConcurrentRunnerTck {
    @Override
    protected ConcurrentRunnerProvider provider() {
      return broken("never-cancelling", BrokenRunners.NeverCancelling::new);
    }
  }

  /** The kit against {@link BrokenRunners.CompletionOrder}. */
  static class CompletionOrderKit extends ConcurrentRunnerTck {
    @Override
    protected ConcurrentRunnerProvider provider() {
      return broken("completion-order", BrokenRunners.CompletionOrder::new);
    }
  }

  /** The kit against {@link BrokenRunners.Wrapping}. */
  static class WrappingKit extends ConcurrentRunnerTck {
    @Override
    protected ConcurrentRunnerProvider provider() {
      return broken("wrapping", BrokenRunners.Wrapping::new);
    }
  }
}
