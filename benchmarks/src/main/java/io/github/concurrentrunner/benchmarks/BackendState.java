package io.github.concurrentrunner.benchmarks;

import io.github.concurrentrunner.ConcurrentRunner;
import io.github.concurrentrunner.comparison.NativeRunners;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A runner of the backend under test, or of a native runner (a library's own aggregate behind the
 * same interface, {@link NativeRunners}), whose executor is the benchmark {@link Pool}. The driver
 * ({@link BenchmarkMain}) sets {@code backend} to every name {@link ConcurrentRunner#backends()}
 * returns, so a backend joins the suite by being on the class path; the default below only
 * serves a bare {@code java -jar benchmarks.jar} run.
 */
@State(Scope.Benchmark)
public class BackendState {
  /** The backend's name, as its provider reports it, or a native runner's name. */
  @Param("completablefuture")
  public String backend;

  /** The runner; created per trial. */
  public ConcurrentRunner runner;

  /** Creates the state; JMH calls it. */
  public BackendState() {}

  /**
   * Creates the runner on the benchmark pool.
   *
   * @param pool the pool that runs blocking tasks
   */
  @Setup(Level.Trial)
  public void start(Pool pool) {
    runner =
        NativeRunners.names().contains(backend)
            ? NativeRunners.create(backend, pool.executor)
            : ConcurrentRunner.builder().backend(backend).executor(pool.executor).build();
  }

  /** Closes the runner. */
  @TearDown(Level.Trial)
  public void stop() {
    runner.close();
  }
}
