package io.github.concurrentrunner.comparison;

import io.github.concurrentrunner.GatherHandle;
import io.github.concurrentrunner.GatherOptions;
import io.github.concurrentrunner.Outcome;
import io.github.concurrentrunner.Task;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.StructuredTaskScope;
import java.util.concurrent.StructuredTaskScope.Configuration;
import java.util.concurrent.StructuredTaskScope.FailedException;
import java.util.concurrent.StructuredTaskScope.Joiner;
import java.util.concurrent.StructuredTaskScope.Subtask;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * JDK 25's {@link StructuredTaskScope} (JEP 505, fifth preview) used by hand: {@code
 * StructuredTaskScope.open(joiner, config -> config.withTimeout(..))}, one {@code fork} per task,
 * {@code join()}. {@code all} is {@link Joiner#allSuccessfulOrThrow()}, {@code allSettled} is
 * {@link Joiner#awaitAll()} and each {@link Subtask#state()}, {@code any} is {@link
 * Joiner#anySuccessfulResultOrThrow()}, and {@code race} is a small joiner of its own ({@link
 * FirstToComplete}). A failed {@code join()} throws {@link FailedException}; like a careful user,
 * the runner delivers its cause. The gather's timeout is the scope's ({@code withTimeout}: {@code
 * join()} throws {@link StructuredTaskScope.TimeoutException} and the scope cancels the forks); a
 * task's timeout is a nested scope of one fork with that timeout.
 *
 * <p>A scope is owned by the thread that opens it and only that thread may fork and join, so each
 * gather has an owner: a virtual thread that opens the scope, forks, joins, completes the handle
 * and closes the scope (which interrupts the unfinished forks and waits for them). Cancelling the
 * handle interrupts the owner, whose {@code join()} then throws and whose scope closes; the
 * handle is cancelled at once, before the forks have stopped. {@link #close()} cancels every
 * running gather that way.
 *
 * <p>Where it differs from the contract by construction: the scope takes a {@link ThreadFactory},
 * not an {@link Executor}, so every fork runs on a new virtual thread named {@code
 * concurrent-runner-jdk-structuredtaskscope-<n>}, and a gather of a runner given an executor, or
 * with {@code GatherOptions.executor}, is refused at the call ({@link
 * UnsupportedOperationException}), as {@code maxConcurrency} is (no bounded joiner): a careful
 * user says so rather than run the tasks elsewhere. An async task is a fork that starts the
 * operation and blocks its virtual thread on the stage. After {@link #close()} a gather is refused
 * with {@link IllegalStateException}. Compiled only on JDK 25 with {@code --enable-preview}, and
 * loadable only there: {@link NativeRunners} finds it by name.
 */
final class StructuredTaskScopeNative extends NativeRunner {

  /** The implementation's name. */
  static final String NAME = NativeRunners.STRUCTURED_TASK_SCOPE;

  private final ThreadFactory forks =
      Thread.ofVirtual().name("concurrent-runner-" + NAME + "-", 1).factory();
  private final ThreadFactory owners =
      Thread.ofVirtual().name("concurrent-runner-" + NAME + "-owner-", 1).factory();
  private final Set<GatherHandle<?>> running = ConcurrentHashMap.newKeySet();
  private final Executor given;
  private volatile boolean closed;

  /**
   * Creates the runner.
   *
   * @param executor null; any other executor makes every gather fail at the call, since the
   *     scope runs forks on threads of its thread factory
   */
  StructuredTaskScopeNative(Executor executor) {
    super(NAME);
    this.given = executor;
  }

  /** Refuses what a scope cannot do: run forks on an executor, bound them, run after close. */
  private void refuse(GatherOptions options) {
    if (closed) {
      throw new IllegalStateException(NAME + " is closed");
    }
    refuseMaxConcurrency(options, "StructuredTaskScope");
    Executor executor = options.executor().orElse(given);
    if (executor != null) {
      throw new UnsupportedOperationException(
          NAME + ": StructuredTaskScope runs forks on threads of a ThreadFactory (here a virtual "
              + "thread per fork); it cannot run them on the executor " + executor);
    }
  }

  /** What the owner does inside its scope; it may throw whatever {@code join()} throws. */
  @FunctionalInterface
  private interface Owner<R> {
    R run() throws Exception;
  }

  /** Starts a gather's owner thread and returns its handle. */
  private <R> NativeHandle<R> gather(String operation, GatherOptions options, Owner<R> owner) {
    refuse(options);
    CompletableFuture<R> result = new CompletableFuture<>();
    Thread thread =
        owners.newThread(
            () -> {
              try {
                result.complete(owner.run());
              } catch (FailedException e) {
                result.completeExceptionally(e.getCause() != null ? e.getCause() : e);
              } catch (Throwable e) {
                result.completeExceptionally(e);
              }
            });
    NativeHandle<R> handle = new NativeHandle<>(NAME, operation, result, thread::interrupt);
    running.add(handle);
    if (closed) { // close() ran since refuse(): it may not have seen this gather
      running.remove(handle);
      throw new IllegalStateException(NAME + " is closed");
    }
    result.whenComplete((value, failure) -> running.remove(handle));
    thread.start();
    return handle;
  }

  /** The scope's configuration: the runner's thread factory, and the gather's timeout if any. */
  private Function<Configuration, Configuration> config(GatherOptions options) {
    return config -> {
      Configuration named = config.withThreadFactory(forks);
      return options.timeout().map(named::withTimeout).orElse(named);
    };
  }

  /** Forks every task, in input order. */
  private <T> List<Subtask<T>> forkAll(
      StructuredTaskScope<T, ?> scope, List<? extends Task<? extends T>> tasks,
      GatherOptions options) {
    List<Subtask<T>> subtasks = new ArrayList<>(tasks.size());
    for (Task<? extends T> task : tasks) {
      subtasks.add(scope.fork(callable(task, options.taskTimeout().orElse(null))));
    }
    return subtasks;
  }

  /**
   * A task as a fork's body: a blocking task's callable; an async task started and joined (an
   * interrupt cancels its stage); with a task timeout, either inside a nested scope of one fork
   * that has that timeout.
   */
  private <T> Callable<T> callable(Task<? extends T> task, Duration taskTimeout) {
    Callable<T> body =
        task instanceof Task.Async<? extends T> async
            ? () -> joinStage(async)
            : narrow(((Task.Blocking<? extends T>) task).callable());
    if (taskTimeout == null) {
      return body;
    }
    return () -> {
      try (StructuredTaskScope<T, T> scope =
          StructuredTaskScope.open(
              Joiner.<T>anySuccessfulResultOrThrow(),
              config -> config.withThreadFactory(forks).withTimeout(taskTimeout))) {
        scope.fork(body);
        return scope.join();
      } catch (FailedException e) {
        throw rethrowable(e.getCause());
      }
    };
  }

  @SuppressWarnings("unchecked")
  private static <T> Callable<T> narrow(Callable<? extends T> callable) {
    return (Callable<T>) callable;
  }

  private static <T> T joinStage(Task.Async<? extends T> async) throws Exception {
    CompletableFuture<? extends T> future = async.start().get().toCompletableFuture();
    try {
      return future.get();
    } catch (InterruptedException e) {
      future.cancel(true);
      throw e;
    } catch (ExecutionException e) {
      throw rethrowable(e.getCause());
    }
  }

  /** A fork's failure as what a callable may throw: an exception as itself, an error thrown. */
  private static Exception rethrowable(Throwable failure) {
    if (failure instanceof Error error) {
      throw error;
    }
    return (Exception) failure;
  }

  @Override
  public <T> GatherHandle<List<T>> all(
      List<? extends Task<? extends T>> tasks, GatherOptions options) {
    return gather(
        "all",
        options,
        () -> {
          try (StructuredTaskScope<T, Stream<Subtask<T>>> scope =
              StructuredTaskScope.open(Joiner.<T>allSuccessfulOrThrow(), config(options))) {
            forkAll(scope, tasks, options);
            return scope.join().map(Subtask::get).toList();
          }
        });
  }

  @Override
  public <T> GatherHandle<List<Outcome<T>>> allSettled(
      List<? extends Task<? extends T>> tasks, GatherOptions options) {
    return gather(
        "allSettled",
        options,
        () -> {
          List<Subtask<T>> subtasks;
          try (StructuredTaskScope<T, Void> scope =
              StructuredTaskScope.open(Joiner.<T>awaitAll(), config(options))) {
            subtasks = forkAll(scope, tasks, options);
            try {
              scope.join();
            } catch (StructuredTaskScope.TimeoutException e) {
              // the gather's timeout: what finished keeps its outcome, the rest timed out
            }
          }
          // Read after close(): after a timeout the owner may not read a subtask before it
          // ("join not called"); a subtask that ends after the scope was cancelled stays
          // UNAVAILABLE.
          List<Outcome<T>> outcomes = new ArrayList<>(subtasks.size());
          for (Subtask<T> subtask : subtasks) {
            outcomes.add(outcome(subtask));
          }
          return outcomes;
        });
  }

  private static <T> Outcome<T> outcome(Subtask<T> subtask) {
    return switch (subtask.state()) {
      case SUCCESS -> Outcome.success(subtask.get());
      case FAILED ->
          subtask.exception() instanceof StructuredTaskScope.TimeoutException
                  || subtask.exception() instanceof java.util.concurrent.TimeoutException
              ? new Outcome.TimedOut<>()
              : new Outcome.Failure<>(subtask.exception());
      case UNAVAILABLE -> new Outcome.TimedOut<>();
    };
  }

  @Override
  public <T> GatherHandle<T> any(List<? extends Task<? extends T>> tasks, GatherOptions options) {
    return gather(
        "any", options, () -> joinOne(Joiner.<T>anySuccessfulResultOrThrow(), tasks, options));
  }

  @Override
  public <T> GatherHandle<T> race(List<? extends Task<? extends T>> tasks, GatherOptions options) {
    return gather("race", options, () -> joinOne(new FirstToComplete<T>(), tasks, options));
  }

  /** Opens a scope with a joiner that picks one result, forks every task and joins. */
  private <T> T joinOne(
      Joiner<T, T> joiner, List<? extends Task<? extends T>> tasks, GatherOptions options)
      throws InterruptedException {
    try (StructuredTaskScope<T, T> scope = StructuredTaskScope.open(joiner, config(options))) {
      forkAll(scope, tasks, options);
      return scope.join();
    }
  }

  /**
   * The joiner of {@code race}, as a careful user writes it: the first subtask to complete,
   * successfully or not, decides the result and cancels the scope (which interrupts the others).
   * Over no subtasks the result is a {@link NoSuchElementException}.
   *
   * @param <T> the result type
   */
  static final class FirstToComplete<T> implements Joiner<T, T> {
    private final AtomicReference<Subtask<? extends T>> first = new AtomicReference<>();

    @Override
    public boolean onComplete(Subtask<? extends T> subtask) {
      return first.compareAndSet(null, subtask);
    }

    @Override
    public T result() throws Throwable {
      Subtask<? extends T> winner = first.get();
      if (winner == null) {
        throw new NoSuchElementException("race over no subtasks");
      }
      if (winner.state() == Subtask.State.SUCCESS) {
        return winner.get();
      }
      throw winner.exception();
    }
  }

  /** Refuses later gathers and cancels every running one (interrupting its owner). */
  @Override
  public void close() {
    closed = true;
    running.forEach(GatherHandle::cancel);
    super.close();
  }
}
