package io.github.concurrentrunner.hazelcast;

import io.github.concurrentrunner.ConcurrentRunner;
import io.github.concurrentrunner.GatherHandle;
import io.github.concurrentrunner.GatherOptions;
import io.github.concurrentrunner.Outcome;
import io.github.concurrentrunner.Pair;
import io.github.concurrentrunner.Task;
import io.github.concurrentrunner.spi.AbstractConcurrentRunner;
import io.github.concurrentrunner.spi.RunnerConfig;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;

/**
 * The runner of the Hazelcast backend: the shared engine, with every blocking task sent to a
 * member. Until the engine's SPI lets a driver run blocking tasks itself, this class checks that
 * blocking tasks are serializable (at the call, naming the index) and hands each one to the engine
 * as an async task of {@link HazelcastDriver} (see there); async tasks pass unchanged.
 */
final class HazelcastRunner implements ConcurrentRunner {
  private final Engine engine;
  private final HazelcastDriver driver;

  HazelcastRunner(RunnerConfig config, RemoteDispatcher dispatcher) {
    this.driver = new HazelcastDriver(dispatcher);
    this.engine = new Engine(config, driver);
  }

  /** The shared engine on the Hazelcast driver. */
  private static final class Engine extends AbstractConcurrentRunner {
    Engine(RunnerConfig config, HazelcastDriver driver) {
      super(HazelcastRunnerProvider.NAME, config, driver);
    }
  }

  @Override
  public String backend() {
    return engine.backend();
  }

  @Override
  public <T> GatherHandle<List<T>> all(
      List<? extends Task<? extends T>> tasks, GatherOptions options) {
    return engine.all(remote(tasks), options);
  }

  @Override
  public <T> GatherHandle<List<Outcome<T>>> allSettled(
      List<? extends Task<? extends T>> tasks, GatherOptions options) {
    return engine.allSettled(remote(tasks), options);
  }

  @Override
  public <T> GatherHandle<T> any(List<? extends Task<? extends T>> tasks, GatherOptions options) {
    return engine.any(remote(tasks), options);
  }

  @Override
  public <T> GatherHandle<T> race(List<? extends Task<? extends T>> tasks, GatherOptions options) {
    return engine.race(remote(tasks), options);
  }

  @Override
  public <A, B> GatherHandle<Pair<A, B>> both(
      Task<? extends A> first, Task<? extends B> second, GatherOptions options) {
    return engine.both(remote(first, 0), remote(second, 1), options);
  }

  @Override
  public <A, B, R> GatherHandle<R> both(
      Task<? extends A> first,
      Task<? extends B> second,
      BiFunction<? super A, ? super B, ? extends R> combiner,
      GatherOptions options) {
    return engine.both(remote(first, 0), remote(second, 1), combiner, options);
  }

  @Override
  public <A, B> GatherHandle<Pair<Outcome<A>, Outcome<B>>> bothSettled(
      Task<? extends A> first, Task<? extends B> second, GatherOptions options) {
    return engine.bothSettled(remote(first, 0), remote(second, 1), options);
  }

  @Override
  public void close() {
    engine.close();
  }

  @Override
  public String toString() {
    return engine.toString();
  }

  /**
   * Reads the list once (rule R29) and replaces each blocking task by its remote form. A null
   * list or task is left for the engine to reject with its own message (rule R4).
   */
  @SuppressWarnings("unchecked")
  private <T> List<Task<T>> remote(List<? extends Task<? extends T>> tasks) {
    if (tasks == null) {
      return null;
    }
    Object[] snapshot = tasks.toArray();
    for (Object task : snapshot) {
      if (task == null) {
        return (List<Task<T>>) (List<?>) Arrays.asList(snapshot);
      }
    }
    for (int i = 0; i < snapshot.length; i++) {
      checkSerializable((Task<?>) snapshot[i], i);
    }
    for (int i = 0; i < snapshot.length; i++) {
      snapshot[i] = remote((Task<T>) snapshot[i], i);
    }
    return (List<Task<T>>) (List<?>) Arrays.asList(snapshot);
  }

  private <T> Task<T> remote(Task<T> task, int index) {
    if (task == null) {
      return null; // the engine names the argument
    }
    checkSerializable(task, index);
    if (!(task instanceof Task.Blocking<T> blocking)) {
      return task;
    }
    return blocking.name() == null
        ? Task.async(() -> cast(driver.start(blocking, index)))
        : Task.async(blocking.name(), () -> cast(driver.start(blocking, index)));
  }

  @SuppressWarnings("unchecked")
  private static <T> java.util.concurrent.CompletionStage<T> cast(
      HazelcastDriver.RemoteStage stage) {
    return (java.util.concurrent.CompletionStage<T>) (Object) stage;
  }

  /** A blocking task must be serializable: it is sent to another member (REMOTE profile). */
  static void checkSerializable(Task<?> task, int index) {
    if (task instanceof Task.Blocking<?> blocking && !(blocking.callable() instanceof Serializable)) {
      throw new IllegalArgumentException(
          task.describe(index)
              + " cannot run on backend '"
              + HazelcastRunnerProvider.NAME
              + "': its callable ("
              + blocking.callable().getClass().getName()
              + ") is not java.io.Serializable, and blocking tasks run on other members; use"
              + " HazelcastTasks.of(name, lambda) or a RemoteCallable");
    }
  }
}
