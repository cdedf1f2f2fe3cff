package io.github.concurrentrunner.hazelcast;

import io.github.concurrentrunner.Task;
import io.github.concurrentrunner.spi.Cancellable;
import io.github.concurrentrunner.spi.DaemonScheduler;
import io.github.concurrentrunner.spi.TaskDriver;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;

/**
 * The one class that couples the backend to the engine's SPI, as a REMOTE driver: it runs blocking
 * tasks itself, through {@link RemoteDispatcher} (on members; the exit is reported once, when the
 * body has exited there or its member is gone), and requires them to be serializable (the engine
 * checks at the call). Async tasks are observed on the caller's side as on every backend; timers
 * are the runner's own, on a daemon thread.
 */
final class HazelcastDriver implements TaskDriver {
  private final RemoteDispatcher dispatcher;
  private final DaemonScheduler scheduler = DaemonScheduler.create(HazelcastRunnerProvider.NAME);

  HazelcastDriver(RemoteDispatcher dispatcher) {
    this.dispatcher = dispatcher;
  }

  @Override
  public boolean runsBlockingTasks() {
    return true;
  }

  @Override
  public boolean requiresSerializableTasks() {
    return true;
  }

  @Override
  public Cancellable runBlocking(
      Task.Blocking<?> task,
      int taskIndex,
      String taskName,
      Executor executor,
      BiConsumer<Object, Throwable> exit) {
    return dispatcher.start(task, taskIndex, exit); // the gather's executor does not apply
  }

  @Override
  public void execute(Executor executor, Runnable body) {
    // Not called: runsBlockingTasks() is true, so the engine hands blocking tasks to runBlocking.
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
    dispatcher.shutdown();
  }
}
