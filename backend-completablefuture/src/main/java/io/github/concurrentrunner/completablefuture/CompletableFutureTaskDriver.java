package io.github.concurrentrunner.completablefuture;

import io.github.concurrentrunner.spi.Cancellable;
import io.github.concurrentrunner.spi.DaemonScheduler;
import io.github.concurrentrunner.spi.TaskDriver;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;

/**
 * The driver of the CompletableFuture backend, JDK only: blocking tasks go straight to the
 * executor; an async task's stage is observed with {@code whenComplete} and cancelled through
 * {@code toCompletableFuture().cancel(true)}; timers run on a daemon thread owned by the runner.
 */
final class CompletableFutureTaskDriver implements TaskDriver {
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
