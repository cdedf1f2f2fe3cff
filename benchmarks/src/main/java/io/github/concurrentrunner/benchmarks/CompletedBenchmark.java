package io.github.concurrentrunner.benchmarks;

import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import io.github.concurrentrunner.Outcome;
import io.github.concurrentrunner.Task;
import io.reactivex.rxjava3.core.Single;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Scenario "completed": {@code n} async tasks whose futures are already complete, gathered into a
 * list in input order. This isolates the cost of the gathering itself: a backend's coordinator
 * against {@code allOf} + collect, {@code allAsList} and {@code Single.zip} over the same
 * already-existing futures, and against the floor (copy the values into a list).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class CompletedBenchmark {

  /** The number of tasks. */
  @Param({"2", "64", "4096"})
  public int n;

  private CompletableFuture<Integer>[] futures;
  private List<Task<Integer>> tasks;
  private List<ListenableFuture<Integer>> guavaFutures;
  private List<Single<Integer>> singles;

  /** Creates the benchmark; JMH calls it. */
  public CompletedBenchmark() {}

  /** Creates the completed futures and the tasks that return them. */
  @Setup(Level.Trial)
  public void setUp() {
    futures = Workloads.completedFutures(n);
    tasks = Workloads.asyncTasks(futures);
    guavaFutures = new ArrayList<>(n);
    singles = new ArrayList<>(n);
    for (CompletableFuture<Integer> future : futures) {
      guavaFutures.add(Futures.immediateFuture(future.join()));
      singles.add(Single.just(future.join()));
    }
  }

  /**
   * {@code all} through the backend.
   *
   * @param backend the backend
   * @return the values
   * @throws InterruptedException never
   */
  @Benchmark
  public List<Integer> backendAll(BackendState backend) throws InterruptedException {
    return backend.runner.all(tasks).await();
  }

  /**
   * {@code allSettled} through the backend.
   *
   * @param backend the backend
   * @return the outcomes
   * @throws InterruptedException never
   */
  @Benchmark
  public List<Outcome<Integer>> backendAllSettled(BackendState backend)
      throws InterruptedException {
    return backend.runner.allSettled(tasks).await();
  }

  /**
   * {@code any} through the backend: the first task wins, the others are cancelled or never start.
   *
   * @param backend the backend
   * @return the first value
   * @throws InterruptedException never
   */
  @Benchmark
  public Integer backendAny(BackendState backend) throws InterruptedException {
    return backend.runner.any(tasks).await();
  }

  /**
   * The same job written by hand with the library.
   *
   * @param library the library
   * @return the values
   * @throws ExecutionException never
   * @throws InterruptedException never
   */
  @Benchmark
  public List<Integer> rawAll(LibraryState library)
      throws ExecutionException, InterruptedException {
    switch (library.resolved) {
      case COMPLETABLEFUTURE -> {
        CompletableFuture.allOf(futures).join();
        List<Integer> values = new ArrayList<>(futures.length);
        for (CompletableFuture<Integer> future : futures) {
          values.add(future.join());
        }
        return values;
      }
      case GUAVA -> {
        return Futures.allAsList(guavaFutures).get();
      }
      case RXJAVA -> {
        return Single.zip(singles, Workloads::<Integer>toList).blockingGet();
      }
      default -> throw new AssertionError(library.resolved);
    }
  }

  /**
   * The floor: copy the values into a list.
   *
   * @return the values
   */
  @Benchmark
  public List<Object> floorAll() {
    Object[] values = new Object[futures.length];
    for (int i = 0; i < values.length; i++) {
      values[i] = futures[i].join();
    }
    return Arrays.asList(values);
  }
}
