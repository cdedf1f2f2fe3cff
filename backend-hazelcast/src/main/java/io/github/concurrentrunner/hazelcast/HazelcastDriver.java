package io.github.concurrentrunner.hazelcast;

import io.github.concurrentrunner.Task;
import io.github.concurrentrunner.spi.Cancellable;
import io.github.concurrentrunner.spi.JdkTaskDriver;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;

/**
 * The one class that couples the backend to the engine's SPI, as a REMOTE driver: it runs blocking
 * tasks itself, through {@link RemoteDispatcher} (on members; the exit is reported once, when the
 * body has exited there or its member is gone), and requires them to be serializable (the engine
 * checks at the call). Async tasks and timers are the JDK driver's: observed on the caller's side
 * as on every backend, timers on the runner's own daemon thread.
 */
final class HazelcastDriver extends JdkTaskDriver {
  private final RemoteDispatcher dispatcher;

  HazelcastDriver(RemoteDispatcher dispatcher) {
    super(HazelcastRunnerProvider.NAME);
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
  public void shutdown() {
    try {
      super.shutdown(); // the timer first: no timeout fires into a dispatcher shutting down
    } finally {
      dispatcher.shutdown();
    }
  }
}
