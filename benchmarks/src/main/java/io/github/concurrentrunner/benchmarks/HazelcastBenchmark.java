package io.github.concurrentrunner.benchmarks;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IExecutorService;
import io.github.concurrentrunner.ConcurrentRunner;
import io.github.concurrentrunner.Task;
import io.github.concurrentrunner.hazelcast.EmbeddedMember;
import io.github.concurrentrunner.hazelcast.HazelcastRunners;
import io.github.concurrentrunner.hazelcast.HazelcastTasks;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The Hazelcast backend on a 3-member cluster on loopback, embedded in the benchmark's JVM (every
 * task still travels serialized through Hazelcast, to the members round-robin, the local one
 * included): the latency of a 2-task remote gather ({@code twoTaskGather}, sampled: p50, p99) and
 * the throughput of a 1,000-task gather ({@code thousandTasks}, tasks per second). Not part of the
 * raw floors ({@code rawTwoSubmits}, {@code rawThousandSubmits}) call {@code submitToMember} with
 * a plain serializable class and {@code get()}. Not part of the {@code quick} and {@code full}
 * suites (they measure the local backends); run it alone:
 *
 * <pre>{@code
 * java -Djava.io.tmpdir=target/jmh-tmp -jar benchmarks/target/benchmarks.jar HazelcastBenchmark
 * }</pre>
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = "-Dhazelcast.logging.type=jdk")
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class HazelcastBenchmark {
  private static final int THOUSAND = 1_000;

  /** Held strongly while the benchmark runs: java.util.logging keeps loggers weakly. */
  private final Logger hazelcastLog = Logger.getLogger("com.hazelcast");

  private final List<HazelcastInstance> members = new ArrayList<>();
  private ConcurrentRunner runner;
  private IExecutorService executor;
  private Member[] targets;
  private List<Task<Integer>> two;
  private List<Task<Integer>> thousand;

  /** Creates the benchmark; JMH calls it. */
  public HazelcastBenchmark() {}

  /** Starts the cluster and the runner. */
  @Setup
  public void start() {
    hazelcastLog.setLevel(Level.SEVERE);
    String cluster = "benchmark-" + UUID.randomUUID().toString().substring(0, 8);
    for (int i = 0; i < 3; i++) {
      members.add(
          EmbeddedMember.builder()
              .clusterName(cluster)
              .port(5951)
              .portCount(10)
              .instanceName(cluster + "-" + i)
              .start());
    }
    runner = HazelcastRunners.create(members.get(0));
    executor = members.get(0).getExecutorService(HazelcastRunners.DEFAULT_EXECUTOR);
    targets = new Member[members.size()];
    for (int i = 0; i < targets.length; i++) {
      targets[i] = members.get(i).getCluster().getLocalMember();
    }
    two = List.of(HazelcastTasks.of("a", () -> 1), HazelcastTasks.of("b", () -> 2));
    thousand = new ArrayList<>();
    for (int i = 0; i < THOUSAND; i++) {
      int value = i;
      thousand.add(HazelcastTasks.of("t" + i, () -> value));
    }
  }

  /** Closes the runner and stops the members. */
  @TearDown
  public void stop() {
    runner.close();
    for (HazelcastInstance member : members) {
      member.getLifecycleService().terminate();
    }
  }

  /**
   * A gather of two trivial tasks on two members: one remote round trip each, in parallel.
   *
   * @return the results
   * @throws InterruptedException never
   */
  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public List<Integer> twoTaskGather() throws InterruptedException {
    return runner.all(two).await();
  }

  /**
   * The floor of {@link #twoTaskGather}: two {@code submitToMember} calls of a trivial callable
   * (a plain class) to two members, and {@code get()} on both; no exit record, no checks.
   *
   * @return the sum
   * @throws Exception never
   */
  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public int rawTwoSubmits() throws Exception {
    Future<Integer> a = executor.submitToMember(new Constant(1), targets[1]);
    Future<Integer> b = executor.submitToMember(new Constant(2), targets[2]);
    return a.get() + b.get();
  }

  /**
   * The floor of {@link #thousandTasks}: 1,000 {@code submitToMember} calls round-robin, then
   * {@code get()} on each.
   *
   * @return the sum
   * @throws Exception never
   */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @OperationsPerInvocation(THOUSAND)
  public long rawThousandSubmits() throws Exception {
    List<Future<Integer>> futures = new ArrayList<>(THOUSAND);
    for (int i = 0; i < THOUSAND; i++) {
      futures.add(executor.submitToMember(new Constant(i), targets[i % targets.length]));
    }
    long sum = 0;
    for (Future<Integer> future : futures) {
      sum += future.get();
    }
    return sum;
  }

  /** A trivial serializable task of a plain class, for the floors. */
  static final class Constant implements Callable<Integer>, Serializable {
    private static final long serialVersionUID = 1L;
    private final int value;

    Constant(int value) {
      this.value = value;
    }

    @Override
    public Integer call() {
      return value;
    }
  }

  /**
   * A gather of 1,000 trivial tasks over the three members; the score is tasks per second.
   *
   * @return the results
   * @throws InterruptedException never
   */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @OperationsPerInvocation(THOUSAND)
  public List<Integer> thousandTasks() throws InterruptedException {
    return runner.all(thousand).await();
  }
}
