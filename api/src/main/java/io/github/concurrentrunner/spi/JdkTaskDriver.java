package io.github.concurrentrunner.spi;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;

/**
 * A driver made of the JDK alone, as the CompletableFuture backend is: a blocking body goes
 * straight to the gather's executor; an async task's stage is observed with {@code
 * whenComplete} and cancelled through {@code toCompletableFuture().cancel(true)} ({@link
 * Cancellable#of(CompletionStage)}); timers run on a {@link DaemonScheduler} owned by the driver.
 *
 * <p>A backend whose library does one of these its own way overrides that method; a REMOTE
 * driver overrides {@link #runsBlockingTasks()}, {@link #runBlocking} and {@link
 * #requiresSerializableTasks()}, and keeps the rest. Subclasses that own more resources release
 * them in {@link #shutdown()} and call {@code super.shutdown()}.
 */
public class JdkTaskDriver implements TaskDriver {
  private final DaemonScheduler scheduler;

  /**
   * Creates a driver whose timer thread is named after {@code backend}.
   *
   * @param backend the backend's name; must not be null
   */
  public JdkTaskDriver(String backend) {
    scheduler = DaemonScheduler.create(Objects.requireNonNull(backend, "backend"));
  }

  /** Runs the body on {@code executor}: {@code executor.execute(body)}. */
  @Override
  public void execute(Executor executor, Runnable body) {
    executor.execute(body);
  }

  /** Observes the stage with {@code whenComplete}; cancels it with {@code cancel(true)}. */
  @Override
  public Cancellable observe(CompletionStage<?> stage, BiConsumer<Object, Throwable> callback) {
    stage.whenComplete(callback);
    return Cancellable.of(stage);
  }

  /** Schedules the action on the driver's daemon timer thread. */
  @Override
  public Cancellable schedule(Duration delay, Runnable action) {
    return scheduler.schedule(delay, action);
  }

  /** Stops the timer thread. */
  @Override
  public void shutdown() {
    scheduler.shutdown();
  }
}
