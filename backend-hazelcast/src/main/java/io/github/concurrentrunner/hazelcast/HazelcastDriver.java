package io.github.concurrentrunner.hazelcast;

import io.github.concurrentrunner.Task;
import io.github.concurrentrunner.spi.Cancellable;
import io.github.concurrentrunner.spi.DaemonScheduler;
import io.github.concurrentrunner.spi.TaskDriver;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;

/**
 * The one class that couples the backend to the engine's SPI: blocking tasks go to {@link
 * RemoteDispatcher} (they run on members; their exit is reported once, when the body has exited
 * there or its member is gone); async tasks are observed on the caller's side as on every
 * backend; timers are the runner's own, on a daemon thread.
 *
 * <p>Until the SPI lets a driver run a blocking task itself, {@link HazelcastRunner} hands each
 * blocking task to the engine as an async task whose stage is a {@link RemoteStage}: the engine
 * then treats it exactly as the REMOTE capability will (finished only when the exit arrives,
 * leaked after the grace period otherwise), and this driver cancels it through the dispatcher,
 * never by completing the stage.
 */
final class HazelcastDriver implements TaskDriver {
  private final RemoteDispatcher dispatcher;
  private final DaemonScheduler scheduler = DaemonScheduler.create(HazelcastRunnerProvider.NAME);

  HazelcastDriver(RemoteDispatcher dispatcher) {
    this.dispatcher = dispatcher;
  }

  /** Starts a blocking task on a member; the stage completes with its exit. */
  RemoteStage start(Task.Blocking<?> task, int index) {
    RemoteStage stage = new RemoteStage();
    stage.cancel =
        dispatcher.start(
            task,
            index,
            (value, failure) -> {
              if (failure == null) {
                stage.complete(value);
              } else {
                stage.completeExceptionally(failure);
              }
            });
    return stage;
  }

  @Override
  public void execute(Executor executor, Runnable body) {
    executor.execute(body); // not reached: HazelcastRunner sends every blocking task to a member
  }

  @Override
  public Cancellable observe(CompletionStage<?> stage, BiConsumer<Object, Throwable> callback) {
    stage.whenComplete(callback);
    if (stage instanceof RemoteStage remote) {
      return remote.cancel::cancel; // interrupts the body; the stage completes at its exit
    }
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

  /** A remote task's exit, as a stage the engine observes. */
  static final class RemoteStage extends CompletableFuture<Object> {
    volatile RemoteDispatcher.Cancellable cancel;
  }
}
