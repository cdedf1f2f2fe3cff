package io.github.concurrentrunner.tck;

import io.github.concurrentrunner.GatherHandle;
import io.github.concurrentrunner.GatherOptions;
import io.github.concurrentrunner.Task;
import io.github.concurrentrunner.TaskFailedException;
import io.github.concurrentrunner.FailureHandler;
import io.github.concurrentrunner.Outcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Deliberately broken runners, each with a bug users of {@code CompletableFuture} commonly write.
 * The self-test proves that the kit catches each one, in the rules expected and no others.
 */
final class BrokenRunners {
  private BrokenRunners() {}

  /**
   * {@code all} built the naive way: {@code supplyAsync} per task and {@code allOf}. It ignores the
   * options, never cancels siblings on failure (it waits for all of them), and starts every task
   * at once.
   */
  static final class NeverCancelling extends DelegatingRunner {
    private final ExecutorService pool = Executors.newCachedThreadPool();

    NeverCancelling(Executor executor, FailureHandler handler) {
      super("never-cancelling", executor, handler);
    }

    @Override
    public <T> GatherHandle<List<T>> all(
        List<? extends Task<? extends T>> tasks, GatherOptions options) {
      Objects.requireNonNull(tasks, "tasks");
      Objects.requireNonNull(options, "options");
      List<CompletableFuture<? extends T>> futures = new ArrayList<>();
      for (Task<? extends T> task : tasks) {
        if (task instanceof Task.Blocking<? extends T> blocking) {
          futures.add(CompletableFuture.supplyAsync(() -> call(blocking.callable()), pool));
        } else {
          futures.add(((Task.Async<? extends T>) task).start().get().toCompletableFuture());
        }
      }
      CompletableFuture<List<T>> all =
          CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0]))
              .thenApply(
                  ignored -> {
                    List<T> values = new ArrayList<>();
                    futures.forEach(f -> values.add(f.join()));
                    return Collections.unmodifiableList(values);
                  });
      return new FutureHandle<>(all);
    }

    private static <T> T call(Callable<? extends T> callable) {
      try {
        return callable.call();
      } catch (Exception e) {
        throw new CompletionException(e);
      }
    }

    @Override
    public void close() {
      pool.shutdown();
      super.close();
    }
  }

  /** {@code all} that returns the values in the order the tasks completed. */
  static final class CompletionOrder extends DelegatingRunner {
    CompletionOrder(Executor executor, FailureHandler handler) {
      super("completion-order", executor, handler);
    }

    @Override
    public <T> GatherHandle<List<T>> all(
        List<? extends Task<? extends T>> tasks, GatherOptions options) {
      Objects.requireNonNull(tasks, "tasks");
      List<Integer> order = Collections.synchronizedList(new ArrayList<>());
      List<Task<T>> recording = new ArrayList<>();
      for (int i = 0; i < tasks.size(); i++) {
        int index = i;
        Task<? extends T> task = tasks.get(i);
        if (task instanceof Task.Blocking<? extends T> blocking) {
          recording.add(
              Task.<T>of(
                  name(task),
                  () -> {
                    try {
                      return blocking.callable().call();
                    } finally {
                      order.add(index);
                    }
                  }));
        } else if (task instanceof Task.Async<? extends T> async) {
          recording.add(
              Task.<T>async(
                  name(task),
                  () -> {
                    CompletableFuture<? extends T> future = async.start().get().toCompletableFuture();
                    future.whenComplete((value, failure) -> order.add(index));
                    return future;
                  }));
        } else {
          throw new NullPointerException("tasks[" + i + "] is null");
        }
      }
      GatherHandle<List<T>> inner = delegate.all(recording, options);
      return new MappedHandle<>(
          inner,
          false,
          values -> {
            List<T> reordered = new ArrayList<>();
            for (int index : new ArrayList<>(order)) {
              reordered.add(values.get(index));
            }
            return reordered;
          });
    }
  }

  private static String name(Task<?> task) {
    return task.name() == null ? "unnamed" : task.name();
  }

  /** A runner that wraps a failed task's exception in {@code CompletionException} (R8). */
  static final class Wrapping extends DelegatingRunner {
    Wrapping(Executor executor, FailureHandler handler) {
      super("wrapping", executor, handler);
    }

    @Override
    public <T> GatherHandle<List<T>> all(
        List<? extends Task<? extends T>> tasks, GatherOptions options) {
      return new MappedHandle<>(delegate.all(tasks, options), true, values -> values);
    }

    @Override
    public <T> GatherHandle<T> race(
        List<? extends Task<? extends T>> tasks, GatherOptions options) {
      return new MappedHandle<>(delegate.race(tasks, options), true, value -> value);
    }
  }

  /** Maps a handle's result; if asked, rewraps a TaskFailedException's cause in CompletionException. */
  private static final class MappedHandle<A, R> implements GatherHandle<R> {
    private final GatherHandle<A> inner;
    private final boolean wrapFailures;
    private final java.util.function.Function<A, R> map;

    MappedHandle(
        GatherHandle<A> inner, boolean wrapFailures, java.util.function.Function<A, R> map) {
      this.inner = inner;
      this.wrapFailures = wrapFailures;
      this.map = map;
    }

    @Override
    public R await() throws InterruptedException {
      try {
        return map.apply(inner.await());
      } catch (TaskFailedException e) {
        throw rewrap(e);
      }
    }

    @Override
    public R await(Duration timeout) throws InterruptedException, TimeoutException {
      try {
        return map.apply(inner.await(timeout));
      } catch (TaskFailedException e) {
        throw rewrap(e);
      }
    }

    private TaskFailedException rewrap(TaskFailedException e) {
      if (!wrapFailures) {
        return e;
      }
      return failed(new CompletionException(e.getCause()));
    }

    @Override
    public boolean cancel() {
      return inner.cancel();
    }

    @Override
    public boolean isDone() {
      return inner.isDone();
    }

    @Override
    public CompletableFuture<R> toCompletableFuture() {
      return inner.toCompletableFuture().thenApply(map);
    }
  }

  /**
   * The {@code TaskFailedException} a broken runner throws, made through the public API (its
   * constructor is the engine's): no index and no backend, which the rules these runners are
   * expected to fail check anyway.
   */
  private static TaskFailedException failed(Throwable cause) {
    try {
      new Outcome.Failure<>(cause).getOrThrow();
    } catch (TaskFailedException e) {
      return e;
    }
    throw new AssertionError("Outcome.Failure.getOrThrow() returned");
  }

  /** A handle over a plain future, the naive way. */
  private static final class FutureHandle<R> implements GatherHandle<R> {
    private final CompletableFuture<R> future;
    FutureHandle(CompletableFuture<R> future) {
      this.future = future;
    }

    @Override
    public R await() throws InterruptedException {
      try {
        return future.get();
      } catch (ExecutionException e) {
        throw failed(e.getCause());
      }
    }

    @Override
    public R await(Duration timeout) throws InterruptedException, TimeoutException {
      try {
        return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
      } catch (ExecutionException e) {
        throw failed(e.getCause());
      }
    }

    @Override
    public boolean cancel() {
      return future.cancel(true);
    }

    @Override
    public boolean isDone() {
      return future.isDone();
    }

    @Override
    public CompletableFuture<R> toCompletableFuture() {
      return future.copy();
    }
  }
}
