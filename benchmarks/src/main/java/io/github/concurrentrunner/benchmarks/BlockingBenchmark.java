package io.github.concurrentrunner.benchmarks;

import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.ListeningExecutorService;
import com.google.common.util.concurrent.MoreExecutors;
import io.github.concurrentrunner.GatherOptions;
import io.github.concurrentrunner.Outcome;
import io.github.concurrentrunner.Task;
import io.reactivex.rxjava3.core.Scheduler;
import io.reactivex.rxjava3.core.Single;
import io.reactivex.rxjava3.schedulers.Schedulers;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
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
 * Scenario "blocking": {@code n} trivial blocking tasks (each returns a value) on the fixed
 * two-thread {@link Pool}, gathered into a list in input order. This is the cost of dispatching
 * and collecting real asynchronous work: a backend against {@code supplyAsync} + {@code allOf},
 * {@code ListeningExecutorService.submit} + {@code allAsList}, {@code subscribeOn} + {@code
 * Single.zip}, and the floor ({@code execute} + {@code Object[]} + {@code CountDownLatch}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class BlockingBenchmark {

  /** The number of tasks. */
  @Param({"2", "64", "4096"})
  public int n;

  private Callable<Integer>[] callables;
  private Supplier<Integer>[] suppliers;
  private List<Task<Integer>> tasks;
  private ExecutorService executor;
  private ListeningExecutorService listening;
  private List<Single<Integer>> singles;
  private GatherOptions bounded;

  /** Creates the benchmark; JMH calls it. */
  public BlockingBenchmark() {}

  /**
   * Creates the tasks and each library's view of the pool.
   *
   * @param pool the pool
   */
  @Setup(Level.Trial)
  @SuppressWarnings("unchecked")
  public void setUp(Pool pool) {
    callables = Workloads.callables(n);
    tasks = Workloads.blockingTasks(callables);
    suppliers = (Supplier<Integer>[]) new Supplier<?>[n];
    for (int i = 0; i < n; i++) {
      Callable<Integer> callable = callables[i];
      suppliers[i] = () -> Workloads.call(callable);
    }
    executor = pool.executor;
    listening = MoreExecutors.listeningDecorator(executor);
    Scheduler scheduler = Schedulers.from(executor);
    singles = new ArrayList<>(n);
    for (Callable<Integer> callable : callables) {
      singles.add(Single.fromCallable(callable).subscribeOn(scheduler));
    }
    bounded = GatherOptions.builder().maxConcurrency(16).build();
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
   * {@code all} through the backend with {@code maxConcurrency(16)}.
   *
   * @param backend the backend
   * @return the values
   * @throws InterruptedException never
   */
  @Benchmark
  public List<Integer> backendAllMax16(BackendState backend) throws InterruptedException {
    return backend.runner.all(tasks, bounded).await();
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
   * {@code any} through the backend: the first success wins, the others are cancelled.
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
  @SuppressWarnings("unchecked")
  public List<Integer> rawAll(LibraryState library)
      throws ExecutionException, InterruptedException {
    switch (library.resolved) {
      case COMPLETABLEFUTURE -> {
        CompletableFuture<Integer>[] futures = (CompletableFuture<Integer>[]) new CompletableFuture<?>[n];
        for (int i = 0; i < n; i++) {
          futures[i] = CompletableFuture.supplyAsync(suppliers[i], executor);
        }
        CompletableFuture.allOf(futures).join();
        List<Integer> values = new ArrayList<>(n);
        for (CompletableFuture<Integer> future : futures) {
          values.add(future.join());
        }
        return values;
      }
      case GUAVA -> {
        List<ListenableFuture<Integer>> futures = new ArrayList<>(n);
        for (Callable<Integer> callable : callables) {
          futures.add(listening.submit(callable));
        }
        return Futures.allAsList(futures).get();
      }
      case RXJAVA -> {
        return Single.zip(singles, Workloads::<Integer>toList).blockingGet();
      }
      default -> throw new AssertionError(library.resolved);
    }
  }

  /**
   * The floor: {@code execute} each callable, store into an {@code Object[]}, wait on a latch.
   *
   * @return the values
   * @throws InterruptedException never
   */
  @Benchmark
  public List<Object> floorAll() throws InterruptedException {
    Object[] values = new Object[n];
    CountDownLatch latch = new CountDownLatch(n);
    for (int i = 0; i < n; i++) {
      Callable<Integer> callable = callables[i];
      int index = i;
      executor.execute(
          () -> {
            try {
              values[index] = Workloads.call(callable);
            } finally {
              latch.countDown();
            }
          });
    }
    latch.await();
    return Arrays.asList(values);
  }
}
