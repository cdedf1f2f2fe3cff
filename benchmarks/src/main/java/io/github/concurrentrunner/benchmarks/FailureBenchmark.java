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
 *   <li>{@code allTwoFailing}: {@code all} where the task in the middle and the last one have
 *       failed: a second failure after the verdict (rule R9 attaches it as suppressed; a library
 *       drops it, or hands it to a global hook).
 *   <li>{@code allSettledHalfFailing}: {@code allSettled} where every other task has failed; the
 *       raw baselines are each library's own way to wait for every outcome: {@code allOf} over
 *       {@code handle}, Guava's {@code successfulAsList} (which turns each failure into {@code
 *       null}) and RxJava's {@code zip} over {@code onErrorReturn}.
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
  private CompletableFuture<Integer>[] twoFailing;
  private List<Task<Integer>> twoFailingTasks;
  private List<ListenableFuture<Integer>> twoFailingGuava;
  private List<Single<Integer>> twoFailingSingles;
  private CompletableFuture<Integer>[] halfFailing;
  private List<ListenableFuture<Integer>> halfFailingGuava;
  private List<Single<Integer>> halfFailingSingles;

  /** Creates the benchmark; JMH calls it. */
  public FailureBenchmark() {}

  /** Creates the futures, one failed in the middle, and every other one failed. */
  @Setup(Level.Trial)
  public void setUp() {
    int failing = n / 2;
    oneFailing = Workloads.completedFutures(n);
    oneFailing[failing] = CompletableFuture.failedFuture(Workloads.FAILURE);
    oneFailingTasks = Workloads.asyncTasks(oneFailing);
    oneFailingGuava = guava(oneFailing);
    oneFailingSingles = singles(oneFailing);
    twoFailing = Workloads.completedFutures(n);
    twoFailing[failing] = CompletableFuture.failedFuture(Workloads.FAILURE);
    twoFailing[n - 1] = CompletableFuture.failedFuture(Workloads.FAILURE);
    twoFailingTasks = Workloads.asyncTasks(twoFailing);
    twoFailingGuava = guava(twoFailing);
    twoFailingSingles = singles(twoFailing);
    halfFailing = Workloads.completedFutures(n);
    for (int i = 0; i < n; i += 2) {
      halfFailing[i] = CompletableFuture.failedFuture(Workloads.FAILURE);
    }
    halfFailingTasks = Workloads.asyncTasks(halfFailing);
    halfFailingGuava = guava(halfFailing);
    halfFailingSingles = singles(halfFailing);
  }

  /** The same completed futures as Guava's: immediate values and immediate failures. */
  private static List<ListenableFuture<Integer>> guava(CompletableFuture<Integer>[] futures) {
    List<ListenableFuture<Integer>> list = new ArrayList<>(futures.length);
    for (CompletableFuture<Integer> f : futures) {
      list.add(f.isCompletedExceptionally()
          ? Futures.immediateFailedFuture(Workloads.FAILURE)
          : Futures.immediateFuture(f.join()));
    }
    return list;
  }

  /** The same completed futures as RxJava's: {@code just} and {@code error}. */
  private static List<Single<Integer>> singles(CompletableFuture<Integer>[] futures) {
    List<Single<Integer>> list = new ArrayList<>(futures.length);
    for (CompletableFuture<Integer> f : futures) {
      list.add(f.isCompletedExceptionally() ? Single.error(Workloads.FAILURE) : Single.just(f.join()));
    }
    return list;
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
    return rawAll(library, oneFailing, oneFailingGuava, oneFailingSingles);
  }

  private static Object rawAll(
      LibraryState library,
      CompletableFuture<Integer>[] futures,
      List<ListenableFuture<Integer>> guava,
      List<Single<Integer>> singles)
      throws InterruptedException {
    try {
      switch (library.resolved) {
        case COMPLETABLEFUTURE -> {
          return CompletableFuture.allOf(futures).join();
        }
        case GUAVA -> {
          return Futures.allAsList(guava).get();
        }
        case RXJAVA -> {
          return Single.zip(singles, Workloads::toList).blockingGet();
        }
        default -> throw new AssertionError(library.resolved);
      }
    } catch (CompletionException | ExecutionException | Workloads.BenchmarkFailure expected) {
      return expected;
    }
  }

  /**
   * {@code all} through the backend, two tasks failed (the second after the verdict).
   *
   * @param backend the backend
   * @return the exception {@code await()} threw
   * @throws InterruptedException never
   */
  @Benchmark
  public Object backendAllTwoFailing(BackendState backend) throws InterruptedException {
    try {
      return backend.runner.all(twoFailingTasks).await();
    } catch (TaskFailedException expected) {
      return expected;
    }
  }

  /**
   * The same {@code all} by hand with the library, two tasks failed.
   *
   * @param library the library
   * @return the exception the library threw
   * @throws InterruptedException never
   */
  @Benchmark
  public Object rawAllTwoFailing(LibraryState library) throws InterruptedException {
    return rawAll(library, twoFailing, twoFailingGuava, twoFailingSingles);
  }

  /**
   * Every outcome by hand with the library, every other task failed: {@code allOf} over {@code
   * handle}, {@code successfulAsList}, {@code zip} over {@code onErrorReturn}.
   *
   * @param library the library
   * @return the outcomes (for Guava: the values, {@code null} for each failure)
   * @throws InterruptedException never
   * @throws ExecutionException never
   */
  @Benchmark
  @SuppressWarnings({"unchecked", "rawtypes"})
  public List<?> rawAllSettledHalfFailing(LibraryState library)
      throws InterruptedException, ExecutionException {
    switch (library.resolved) {
      case COMPLETABLEFUTURE -> {
        CompletableFuture<Outcome<Integer>>[] outcomes = new CompletableFuture[n];
        for (int i = 0; i < n; i++) {
          outcomes[i] =
              halfFailing[i].handle(
                  (value, failure) ->
                      failure == null
                          ? Outcome.success(value)
                          : new Outcome.Failure<>(
                              failure instanceof CompletionException ? failure.getCause() : failure));
        }
        CompletableFuture.allOf(outcomes).join();
        List<Outcome<Integer>> list = new ArrayList<>(n);
        for (CompletableFuture<Outcome<Integer>> outcome : outcomes) {
          list.add(outcome.join());
        }
        return list;
      }
      case GUAVA -> {
        return Futures.successfulAsList(halfFailingGuava).get();
      }
      case RXJAVA -> {
        List<Single<Outcome<Integer>>> outcomes = new ArrayList<>(n);
        for (Single<Integer> single : halfFailingSingles) {
          outcomes.add(
              single.map(Outcome::success).onErrorReturn(e -> new Outcome.Failure<>(e)));
        }
        return Single.zip(outcomes, Workloads::toList).blockingGet();
      }
      default -> throw new AssertionError(library.resolved);
    }
  }
}
