package io.github.concurrentrunner.benchmarks;

import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import io.github.concurrentrunner.Outcome;
import io.github.concurrentrunner.Task;
import io.github.concurrentrunner.TaskFailedException;
import io.reactivex.rxjava3.core.Single;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
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
 * Scenario "failures": completed async tasks of which some have failed with a shared exception
 * that has no stack trace, so that the cost measured is the library's, including any exception it
 * creates itself (a backend's {@code TaskFailedException} carries the awaiting caller's stack
 * trace by contract, rule R8; {@code allOf}'s {@code CompletionException} and Guava's {@code
 * ExecutionException} carry one too).
 *
 * <ul>
 *   <li>{@code allOneFailing}: {@code all} where the task in the middle has failed.
 *   <li>{@code allSettledHalfFailing}: {@code allSettled} where every other task has failed.
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class FailureBenchmark {

  /** The number of tasks. */
  @Param({"2", "64", "4096"})
  public int n;

  private CompletableFuture<Integer>[] oneFailing;
  private List<Task<Integer>> oneFailingTasks;
  private List<ListenableFuture<Integer>> oneFailingGuava;
  private List<Single<Integer>> oneFailingSingles;
  private List<Task<Integer>> halfFailingTasks;

  /** Creates the benchmark; JMH calls it. */
  public FailureBenchmark() {}

  /** Creates the futures, one failed in the middle, and every other one failed. */
  @Setup(Level.Trial)
  public void setUp() {
    int failing = n / 2;
    oneFailing = Workloads.completedFutures(n);
    oneFailing[failing] = CompletableFuture.failedFuture(Workloads.FAILURE);
    oneFailingTasks = Workloads.asyncTasks(oneFailing);
    oneFailingGuava = new ArrayList<>(n);
    oneFailingSingles = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      if (i == failing) {
        oneFailingGuava.add(Futures.immediateFailedFuture(Workloads.FAILURE));
        oneFailingSingles.add(Single.error(Workloads.FAILURE));
      } else {
        oneFailingGuava.add(Futures.immediateFuture(oneFailing[i].join()));
        oneFailingSingles.add(Single.just(oneFailing[i].join()));
      }
    }
    CompletableFuture<Integer>[] halfFailing = Workloads.completedFutures(n);
    for (int i = 0; i < n; i += 2) {
      halfFailing[i] = CompletableFuture.failedFuture(Workloads.FAILURE);
    }
    halfFailingTasks = Workloads.asyncTasks(halfFailing);
  }

  /**
   * {@code all} through the backend, one task failed.
   *
   * @param backend the backend
   * @return the exception {@code await()} threw
   * @throws InterruptedException never
   */
  @Benchmark
  public Object backendAllOneFailing(BackendState backend) throws InterruptedException {
    try {
      return backend.runner.all(oneFailingTasks).await();
    } catch (TaskFailedException expected) {
      return expected;
    }
  }

  /**
   * {@code allSettled} through the backend, every other task failed.
   *
   * @param backend the backend
   * @return the outcomes
   * @throws InterruptedException never
   */
  @Benchmark
  public List<Outcome<Integer>> backendAllSettledHalfFailing(BackendState backend)
      throws InterruptedException {
    return backend.runner.allSettled(halfFailingTasks).await();
  }

  /**
   * The same {@code all} by hand with the library, one task failed.
   *
   * @param library the library
   * @return the exception the library threw
   * @throws InterruptedException never
   */
  @Benchmark
  public Object rawAllOneFailing(LibraryState library) throws InterruptedException {
    try {
      switch (library.resolved) {
        case COMPLETABLEFUTURE -> {
          return CompletableFuture.allOf(oneFailing).join();
        }
        case GUAVA -> {
          return Futures.allAsList(oneFailingGuava).get();
        }
        case RXJAVA -> {
          return Single.zip(oneFailingSingles, Workloads::toList).blockingGet();
        }
        default -> throw new AssertionError(library.resolved);
      }
    } catch (CompletionException | ExecutionException | Workloads.BenchmarkFailure expected) {
      return expected;
    }
  }
}
