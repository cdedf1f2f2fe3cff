package io.github.concurrentrunner.benchmarks;

import io.github.concurrentrunner.ConcurrentRunner;
import io.github.concurrentrunner.ContextHook;
import io.github.concurrentrunner.GatherListener;
import io.github.concurrentrunner.Task;
import io.github.concurrentrunner.micrometer.MicrometerGatherListener;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.concurrent.CompletableFuture;
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
import org.openjdk.jmh.annotations.TearDown;

/**
 * The cost of rules R30 and R31: {@code all} over {@code n} completed async tasks (the gathering
 * itself, as in {@link CompletedBenchmark}) on a runner with nothing set ({@code allPlain}, the
 * hot path, which must cost what {@code CompletedBenchmark.backendAll} costs: no allocation and
 * no call for a hook or a listener that is not there), with a thread-local context hook, with a
 * listener whose observer does nothing (the engine's own cost of the events), with both, and with
 * {@link MicrometerGatherListener} on a {@link SimpleMeterRegistry} (a real binding's cost).
 *
 * <p>Not in the quick or full suites (the report has no table for it); run it alone: {@code java
 * -jar benchmarks/target/benchmarks.jar ObservationBenchmark -prof gc}. The committed figures and
 * the exact command are in {@code benchmarks/results/observation/README.md}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class ObservationBenchmark {
  private static final ThreadLocal<String> CONTEXT = new ThreadLocal<>();

  /** The backend. */
  @Param("completablefuture")
  public String backend;

  /** The number of tasks. */
  @Param("64")
  public int n;

  private List<Task<Integer>> tasks;
  private ConcurrentRunner plain;
  private ConcurrentRunner hooked;
  private ConcurrentRunner listened;
  private ConcurrentRunner both;
  private ConcurrentRunner micrometer;

  /** Creates the benchmark; JMH calls it. */
  public ObservationBenchmark() {}

  /** Creates the tasks and one runner per configuration. */
  @Setup(Level.Trial)
  public void setUp() {
    CompletableFuture<Integer>[] futures = Workloads.completedFutures(n);
    tasks = Workloads.asyncTasks(futures);
    ContextHook hook = ContextHook.ofThreadLocal(CONTEXT);
    GatherListener listener = gather -> GatherListener.Observer.NONE;
    CONTEXT.set("benchmark");
    plain = ConcurrentRunner.builder().backend(backend).build();
    hooked = ConcurrentRunner.builder().backend(backend).contextHook(hook).build();
    listened = ConcurrentRunner.builder().backend(backend).listener(listener).build();
    both = ConcurrentRunner.builder().backend(backend).contextHook(hook).listener(listener).build();
    micrometer =
        ConcurrentRunner.builder()
            .backend(backend)
            .listener(MicrometerGatherListener.of(new SimpleMeterRegistry()))
            .build();
  }

  /** Closes the runners. */
  @TearDown(Level.Trial)
  public void tearDown() {
    for (ConcurrentRunner runner : List.of(plain, hooked, listened, both, micrometer)) {
      runner.close();
    }
  }

  /**
   * No hook, no listener: the hot path.
   *
   * @return the values
   * @throws InterruptedException never
   */
  @Benchmark
  public List<Integer> backendAllPlain() throws InterruptedException {
    return plain.all(tasks).await();
  }

  /**
   * A thread-local context hook.
   *
   * @return the values
   * @throws InterruptedException never
   */
  @Benchmark
  public List<Integer> backendAllHook() throws InterruptedException {
    return hooked.all(tasks).await();
  }

  /**
   * A listener whose observer ignores every event.
   *
   * @return the values
   * @throws InterruptedException never
   */
  @Benchmark
  public List<Integer> backendAllListener() throws InterruptedException {
    return listened.all(tasks).await();
  }

  /**
   * The hook and the listener.
   *
   * @return the values
   * @throws InterruptedException never
   */
  @Benchmark
  public List<Integer> backendAllHookAndListener() throws InterruptedException {
    return both.all(tasks).await();
  }

  /**
   * {@link MicrometerGatherListener} on a {@link SimpleMeterRegistry}.
   *
   * @return the values
   * @throws InterruptedException never
   */
  @Benchmark
  public List<Integer> backendAllMicrometer() throws InterruptedException {
    return micrometer.all(tasks).await();
  }
}
