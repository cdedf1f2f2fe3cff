package io.github.concurrentrunner.completablefuture;

import io.github.concurrentrunner.spi.AbstractConcurrentRunner;
import io.github.concurrentrunner.spi.Cancellable;
import io.github.concurrentrunner.spi.DaemonScheduler;
import io.github.concurrentrunner.spi.RunnerConfig;
import io.github.concurrentrunner.spi.TaskDriver;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;

/** The runner of the CompletableFuture backend: the shared coordinator on a JDK-only driver. */
final class CompletableFutureRunner extends AbstractConcurrentRunner {

  CompletableFutureRunner(RunnerConfig config) {
    super(CompletableFutureRunnerProvider.NAME, config, new Driver());
  }

  /**
   * Blocking tasks go straight to the executor; an async task's stage is observed with {@code
   * whenComplete} and cancelled through {@code toCompletableFuture().cancel(true)}; timers run on
   * a daemon thread owned by the runner.
   */
  private static final class Driver implements TaskDriver {
    private final DaemonScheduler scheduler =
        DaemonScheduler.create(CompletableFutureRunnerProvider.NAME);

    @Override
    public void execute(Executor executor, Runnable body) {
      executor.execute(body);
    }

    @Override
    public Cancellable observe(CompletionStage<?> stage, BiConsumer<Object, Throwable> callback) {
      stage.whenComplete(callback);
      return Cancellable.of(stage);
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable action) {
      return scheduler.schedule(delay, action);
    }

    @Override
    public void shutdown() {
      scheduler.shutdown();
    }
  }
}
