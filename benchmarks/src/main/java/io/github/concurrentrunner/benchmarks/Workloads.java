package io.github.concurrentrunner.benchmarks;

import io.github.concurrentrunner.Task;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

/** The tasks and futures the benchmarks share. */
final class Workloads {

  /** A failure without a stack trace: the benchmarks measure gathering, not {@code fillInStackTrace}. */
  static final class BenchmarkFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BenchmarkFailure(String message) {
      super(message, null, false, false);
    }
  }

  /** The failure that failing tasks throw; one shared instance, as its creation is not measured. */
  static final BenchmarkFailure FAILURE = new BenchmarkFailure("planned failure");

  private Workloads() {}

  /** {@code n} boxed values, distinct objects beyond the Integer cache, as real results are. */
  static Integer[] values(int n) {
    Integer[] values = new Integer[n];
    for (int i = 0; i < n; i++) {
      values[i] = Integer.valueOf(1000 + i);
    }
    return values;
  }

  @SuppressWarnings("unchecked")
  static CompletableFuture<Integer>[] completedFutures(int n) {
    Integer[] values = values(n);
    CompletableFuture<Integer>[] futures = (CompletableFuture<Integer>[]) new CompletableFuture<?>[n];
    for (int i = 0; i < n; i++) {
      futures[i] = CompletableFuture.completedFuture(values[i]);
    }
    return futures;
  }

  /** Async tasks that return the given futures: starting one does no work. */
  static List<Task<Integer>> asyncTasks(CompletableFuture<Integer>[] futures) {
    List<Task<Integer>> tasks = new ArrayList<>(futures.length);
    for (CompletableFuture<Integer> future : futures) {
      tasks.add(Task.async(() -> future));
    }
    return tasks;
  }

  /** Trivial callables: each returns its own value. */
  @SuppressWarnings("unchecked")
  static Callable<Integer>[] callables(int n) {
    Integer[] values = values(n);
    Callable<Integer>[] callables = (Callable<Integer>[]) new Callable<?>[n];
    for (int i = 0; i < n; i++) {
      Integer value = values[i];
      callables[i] = () -> value;
    }
    return callables;
  }

  static List<Task<Integer>> blockingTasks(Callable<Integer>[] callables) {
    List<Task<Integer>> tasks = new ArrayList<>(callables.length);
    for (Callable<Integer> callable : callables) {
      tasks.add(Task.of(callable));
    }
    return tasks;
  }

  /** RxJava's zipper: the array is fresh per subscription, so a view of it is safe. */
  @SuppressWarnings("unchecked")
  static <T> List<T> toList(Object[] values) {
    return (List<T>) Arrays.asList(values);
  }

  /** Calls a callable that cannot throw a checked exception in these benchmarks. */
  static <T> T call(Callable<T> callable) {
    try {
      return callable.call();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
