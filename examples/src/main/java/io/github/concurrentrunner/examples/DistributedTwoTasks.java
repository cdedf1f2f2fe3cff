package io.github.concurrentrunner.examples;

import com.hazelcast.core.HazelcastInstance;
import io.github.concurrentrunner.ConcurrentRunner;
import io.github.concurrentrunner.Task;
import io.github.concurrentrunner.hazelcast.EmbeddedMember;
import io.github.concurrentrunner.hazelcast.HazelcastRunners;
import io.github.concurrentrunner.hazelcast.HazelcastTasks;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The first example across a cluster: the same two tasks as {@link TwoTasks}, run on a 3-member
 * Hazelcast cluster that the example starts on 127.0.0.1 (in this JVM, for the demonstration; the
 * tasks still travel serialized to the members). The code is {@link TwoTasks}'s with three
 * changes: the runner comes from {@link HazelcastRunners}, the tasks are serializable ({@link
 * HazelcastTasks#of}), and the members are started and shut down.
 *
 * <pre>{@code
 * DistributedTwoTasks on backend hazelcast, 3 members
 *   results: [A slept 2 s, B slept 1 s]
 *   wall time: 2012 ms (one after the other: 3000 ms)
 * }</pre>
 */
public final class DistributedTwoTasks {
  /**
   * Hazelcast logs its startup at INFO, and at WARNING its advice on JDK access flags and what
   * members see while their peers shut down; the example shows only SEVERE. Held strongly, as
   * java.util.logging keeps loggers weakly.
   */
  private static final Logger HAZELCAST_LOG = Logger.getLogger("com.hazelcast");

  private DistributedTwoTasks() {}

  /**
   * Runs the example.
   *
   * @param args ignored
   * @throws InterruptedException if interrupted while waiting
   */
  public static void main(String[] args) throws InterruptedException {
    run(System.out);
  }

  /**
   * Runs the example and prints what happens.
   *
   * @param out where to print
   * @return what the example found (the same record as {@link TwoTasks})
   * @throws InterruptedException if interrupted while waiting
   */
  public static TwoTasks.Result run(PrintStream out) throws InterruptedException {
    HAZELCAST_LOG.setLevel(Level.SEVERE);
    // Three members of a cluster of our own on 127.0.0.1: its own name and port range, so that it
    // joins no other cluster of this machine.
    String cluster = "examples-" + UUID.randomUUID();
    List<HazelcastInstance> members = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        members.add(EmbeddedMember.builder().clusterName(cluster).port(5971).portCount(10).start());
      }
      HazelcastInstance member = members.get(0);
      try (ConcurrentRunner runner = HazelcastRunners.create(member)) {
        out.println("DistributedTwoTasks on backend " + runner.backend() + ", "
            + member.getCluster().getMembers().size() + " members");
        // The first remote call pays for Hazelcast's lazy setup (proxies, class loading on the
        // members): a trivial task on each member first, so that the wall time shows concurrency.
        Task<Integer> warmUp = HazelcastTasks.of("warm-up", () -> 0);
        runner.all(List.of(warmUp, warmUp, warmUp)).await();

        // The tasks travel to other members: HazelcastTasks.of makes the lambda serializable.
        Task<String> a = HazelcastTasks.of("A", () -> {
          Thread.sleep(2_000); // stands for a slow, CPU-heavy or data-local piece of work
          return "A slept 2 s";
        });
        Task<String> b = HazelcastTasks.of("B", () -> {
          Thread.sleep(1_000);
          return "B slept 1 s";
        });

        long start = System.nanoTime();
        List<String> results = runner.all(List.of(a, b)).await();
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

        out.println("  results: " + results);
        out.println("  wall time: " + elapsed.toMillis() + " ms (one after the other: 3000 ms)");
        return new TwoTasks.Result(runner.backend(), results, elapsed);
      }
    } finally {
      for (HazelcastInstance member : members) {
        member.shutdown();
      }
    }
  }
}
