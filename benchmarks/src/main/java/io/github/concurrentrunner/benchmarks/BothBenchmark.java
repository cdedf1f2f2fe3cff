package io.github.concurrentrunner.benchmarks;

import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.ListeningExecutorService;
import com.google.common.util.concurrent.MoreExecutors;
import io.github.concurrentrunner.Pair;
import io.github.concurrentrunner.Task;
import io.reactivex.rxjava3.core.Single;
import io.reactivex.rxjava3.schedulers.Schedulers;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Operation {@code both}: two tasks of different types into a {@link Pair}, completed ({@code
 * bothCompleted}: futures already done) and blocking ({@code bothBlocking}: two trivial tasks on
 * the {@link Pool}). Raw: {@code thenCombine}, {@code whenAllSucceed(..).call(..)}, {@code
 * Single.zip(a, b, ..)}; floor: join both, or two {@code execute}s and a latch.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class BothBenchmark {

  private final CompletableFuture<String> doneA = CompletableFuture.completedFuture("a");
  private final CompletableFuture<Integer> doneB = CompletableFuture.completedFuture(1000);
  private final Task<String> completedA = Task.async(() -> doneA);
  private final Task<Integer> completedB = Task.async(() -> doneB);
  private final ListenableFuture<String> guavaA = Futures.immediateFuture("a");
  private final ListenableFuture<Integer> guavaB = Futures.immediateFuture(1000);
  private final Single<String> singleA = Single.just("a");
  private final Single<Integer> singleB = Single.just(1000);

  private final Callable<String> callA = () -> "a";
  private final Callable<Integer> callB = () -> 1000;
  private final Task<String> blockingA = Task.of(callA);
  private final Task<Integer> blockingB = Task.of(callB);
  private ExecutorService executor;
  private ListeningExecutorService listening;
  private Single<String> scheduledA;
  private Single<Integer> scheduledB;

  /** Creates the benchmark; JMH calls it. */
  public BothBenchmark() {}

  /**
   * Creates each library's view of the pool.
   *
   * @param pool the pool
   */
  @Setup(Level.Trial)
  public void setUp(Pool pool) {
    executor = pool.executor;
    listening = MoreExecutors.listeningDecorator(executor);
    scheduledA = Single.fromCallable(callA).subscribeOn(Schedulers.from(executor));
    scheduledB = Single.fromCallable(callB).subscribeOn(Schedulers.from(executor));
  }

  /**
   * {@code both} through the backend, completed tasks.
   *
   * @param backend the backend
   * @return the pair
   * @throws InterruptedException never
   */
  @Benchmark
  public Pair<String, Integer> backendBothCompleted(BackendState backend)
      throws InterruptedException {
    return backend.runner.both(completedA, completedB).await();
  }

  /**
   * {@code both} through the backend, blocking tasks on the pool.
   *
   * @param backend the backend
   * @return the pair
   * @throws InterruptedException never
   */
  @Benchmark
  public Pair<String, Integer> backendBothBlocking(BackendState backend)
      throws InterruptedException {
    return backend.runner.both(blockingA, blockingB).await();
  }

  /**
   * The library by hand, completed futures.
   *
   * @param library the library
   * @return the pair
   * @throws ExecutionException never
   * @throws InterruptedException never
   */
  @Benchmark
  public Pair<String, Integer> rawBothCompleted(LibraryState library)
      throws ExecutionException, InterruptedException {
    return switch (library.resolved) {
      case COMPLETABLEFUTURE -> doneA.thenCombine(doneB, Pair<String, Integer>::new).join();
      case GUAVA -> Futures.whenAllSucceed(guavaA, guavaB)
          .call(
              () -> new Pair<>(Futures.getDone(guavaA), Futures.getDone(guavaB)),
              MoreExecutors.directExecutor())
          .get();
      case RXJAVA -> Single.zip(singleA, singleB, Pair<String, Integer>::new).blockingGet();
    };
  }

  /**
   * The library by hand, blocking tasks on the pool.
   *
   * @param library the library
   * @return the pair
   * @throws ExecutionException never
   * @throws InterruptedException never
   */
  @Benchmark
  public Pair<String, Integer> rawBothBlocking(LibraryState library)
      throws ExecutionException, InterruptedException {
    switch (library.resolved) {
      case COMPLETABLEFUTURE -> {
        CompletableFuture<String> a =
            CompletableFuture.supplyAsync(() -> Workloads.call(callA), executor);
        CompletableFuture<Integer> b =
            CompletableFuture.supplyAsync(() -> Workloads.call(callB), executor);
        return a.thenCombine(b, Pair<String, Integer>::new).join();
      }
      case GUAVA -> {
        ListenableFuture<String> a = listening.submit(callA);
        ListenableFuture<Integer> b = listening.submit(callB);
        return Futures.whenAllSucceed(a, b)
            .call(
                () -> new Pair<>(Futures.getDone(a), Futures.getDone(b)),
                MoreExecutors.directExecutor())
            .get();
      }
      case RXJAVA -> {
        return Single.zip(scheduledA, scheduledB, Pair<String, Integer>::new).blockingGet();
      }
      default -> throw new AssertionError(library.resolved);
    }
  }

  /**
   * The floor, completed futures: join both.
   *
   * @return the pair
   */
  @Benchmark
  public Pair<String, Integer> floorBothCompleted() {
    return new Pair<>(doneA.join(), doneB.join());
  }

  /**
   * The floor, blocking tasks: two {@code execute}s into an array and a latch.
   *
   * @return the pair
   * @throws InterruptedException never
   */
  @Benchmark
  public Pair<String, Integer> floorBothBlocking() throws InterruptedException {
    Object[] values = new Object[2];
    CountDownLatch latch = new CountDownLatch(2);
    executor.execute(
        () -> {
          values[0] = Workloads.call(callA);
          latch.countDown();
        });
    executor.execute(
        () -> {
          values[1] = Workloads.call(callB);
          latch.countDown();
        });
    latch.await();
    return new Pair<>((String) values[0], (Integer) values[1]);
  }
}
