package io.github.concurrentrunner.stress;

import io.github.concurrentrunner.Task;
import io.github.concurrentrunner.spi.Cancellable;
import io.github.concurrentrunner.spi.TaskDriver;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * A backend's driver that counts how many times its runner shuts it down, and otherwise does what
 * the backend's own driver does: a closed runner must shut its driver down once, when its last
 * running gather has completed (rule R24).
 */
public final class ShutdownCountingDriver implements TaskDriver {
  private final TaskDriver driver;
  private final AtomicInteger shutdowns = new AtomicInteger();

  /**
   * Wraps a driver.
   *
   * @param driver the backend's own driver
   */
  public ShutdownCountingDriver(TaskDriver driver) {
    this.driver = driver;
  }

  /**
   * Returns how many times {@link #shutdown()} was called.
   *
   * @return the count
   */
  public int shutdowns() {
    return shutdowns.get();
  }

  @Override
  public void execute(Executor executor, Runnable body) {
    driver.execute(executor, body);
  }

  @Override
  public Cancellable observe(CompletionStage<?> stage, BiConsumer<Object, Throwable> callback) {
    return driver.observe(stage, callback);
  }

  @Override
  public Cancellable schedule(Duration delay, Runnable action) {
    return driver.schedule(delay, action);
  }

  @Override
  public void shutdown() {
    shutdowns.incrementAndGet();
    driver.shutdown();
  }

  @Override
  public boolean runsBlockingTasks() {
    return driver.runsBlockingTasks();
  }

  @Override
  public Cancellable runBlocking(
      Task.Blocking<?> task,
      int taskIndex,
      String taskName,
      Executor executor,
      BiConsumer<Object, Throwable> exit) {
    return driver.runBlocking(task, taskIndex, taskName, executor, exit);
  }

  @Override
  public boolean requiresSerializableTasks() {
    return driver.requiresSerializableTasks();
  }
}
