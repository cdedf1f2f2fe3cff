package io.github.concurrentrunner.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.map.IMap;
import io.github.concurrentrunner.ConcurrentRunner;
import io.github.concurrentrunner.GatherOptions;
import io.github.concurrentrunner.Outcome;
import io.github.concurrentrunner.Task;
import io.github.concurrentrunner.tck.RecordingFailureHandler;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A real crash: a 3-member cluster on loopback, two of whose members are child JVMs; one child is
 * killed ({@code destroyForcibly()}, SIGKILL) in the middle of a gather of 300 tasks. Every task is
 * accounted for (succeeded, or failed with {@link TaskLostException} naming the killed member),
 * none ran twice (executions are counted in an IMap, whose backups survive the crash), and the
 * gather completes within its timeout plus grace.
 */
class HazelcastCrashTest {
  private static final int TASKS = 300;

  /** Tasks in flight at once: 300 tasks of 100 ms take over a second, so the kill finds work. */
  private static final int CONCURRENCY = 24;
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final Duration GRACE = Duration.ofSeconds(5);

  private final List<Process> children = new ArrayList<>();
  private final Thread killChildren = new Thread(this::destroyChildren, "crash-test-children");
  private LoopbackCluster cluster;

  /**
   * A crash makes Hazelcast log SEVERE (a partition migration to the killed member fails, and
   * fails again when the test stops the rest): expected here, so its logger is off during the test
   * (and held strongly: java.util.logging keeps loggers weakly).
   */
  private final Logger hazelcastLog = Logger.getLogger("com.hazelcast");

  private Level hazelcastLevel;

  @BeforeEach
  void quietHazelcast() {
    hazelcastLevel = hazelcastLog.getLevel();
    hazelcastLog.setLevel(Level.OFF);
  }

  @AfterEach
  void stop() {
    try {
      destroyChildren();
      Runtime.getRuntime().removeShutdownHook(killChildren);
      if (cluster != null) {
        cluster.close();
      }
    } finally {
      hazelcastLog.setLevel(hazelcastLevel);
    }
  }

  @Test
  void aKilledMemberLosesItsTasksOnceAndTheGatherCompletes() throws Exception {
    Runtime.getRuntime().addShutdownHook(killChildren);
    cluster = new LoopbackCluster("crash-" + UUID.randomUUID().toString().substring(0, 8), 5861);
    HazelcastInstance local = cluster.add(cluster.member().instanceName(cluster.name + "-local"));
    Process survivor = child("survivor");
    Process victim = child("victim");
    cluster.awaitSize(3);
    String executions = "executions-" + cluster.name;
    IMap<String, String> runs = local.getMap(executions);

    List<Task<String>> tasks = new ArrayList<>();
    for (int i = 0; i < TASKS; i++) {
      tasks.add(Task.of("t" + i, new CountedWork(executions, i)));
    }
    RecordingFailureHandler events = new RecordingFailureHandler();
    try (ConcurrentRunner runner = HazelcastRunners.builder(local).failureHandler(events).build()) {
      long start = System.nanoTime();
      CompletableFuture<List<Outcome<String>>> gather =
          runner
              .allSettled(
                  tasks,
                  GatherOptions.builder()
                      .maxConcurrency(CONCURRENCY)
                      .timeout(TIMEOUT)
                      .gracePeriod(GRACE)
                      .build())
              .toCompletableFuture();
      Awaitility.await("a third of the tasks to have run")
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(10))
          .until(() -> runs.size() >= TASKS / 3);
      Member victimMember = memberNamed(local, "victim");
      victim.destroyForcibly();
      assertThat(victim.waitFor(10, TimeUnit.SECONDS)).as("the victim JVM ended").isTrue();
      List<Outcome<String>> outcomes =
          gather.get(TIMEOUT.plus(GRACE).toMillis() + 5_000, TimeUnit.MILLISECONDS);
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertThat(took).isLessThan(TIMEOUT.plus(GRACE));

      Map<Integer, Integer> executed = new HashMap<>();
      for (String key : runs.keySet()) {
        executed.merge(Integer.parseInt(key.substring(0, key.indexOf('#'))), 1, Integer::sum);
      }
      int succeeded = 0;
      int lost = 0;
      for (int i = 0; i < TASKS; i++) {
        Outcome<String> outcome = outcomes.get(i);
        assertThat(executed.getOrDefault(i, 0)).as("executions of task " + i).isLessThanOrEqualTo(1);
        if (outcome instanceof Outcome.Success<String> success) {
          succeeded++;
          assertThat(success.value()).startsWith("t" + i + " on ");
          assertThat(executed.get(i)).as("executions of succeeded task " + i).isEqualTo(1);
        } else {
          lost++;
          Throwable failure = ((Outcome.Failure<String>) outcome).exception();
          assertThat(failure)
              .as("the failure of task " + i)
              .isInstanceOf(TaskLostException.class)
              .hasMessageContaining("task " + i + " ('t" + i + "')")
              .hasMessageContaining(victimMember.getUuid().toString());
          assertThat(((TaskLostException) failure).taskIndex()).isEqualTo(i);
        }
      }
      assertThat(succeeded + lost).isEqualTo(TASKS);
      assertThat(lost).as("tasks lost with the victim (%d succeeded)", succeeded).isPositive();
      assertThat(succeeded).as("tasks that succeeded").isGreaterThan(TASKS / 3);
      assertThat(survivor.isAlive()).isTrue();
    }
    assertThat(events.take()).as("failure handler events").isEmpty();
  }

  /** A task that records its execution in an IMap (key: index and a unique suffix) and works. */
  static final class CountedWork implements RemoteCallable<String>, HazelcastInstanceAware {
    private static final long serialVersionUID = 1L;
    private final String map;
    private final int index;
    private transient HazelcastInstance member;

    CountedWork(String map, int index) {
      this.map = map;
      this.index = index;
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance member) {
      this.member = member;
    }

    @Override
    public String call() throws InterruptedException {
      String name = member.getName();
      member.<String, String>getMap(map).put(index + "#" + UUID.randomUUID(), name);
      Thread.sleep(100); // the work: keeps members busy so that the kill finds tasks running
      return "t" + index + " on " + name;
    }
  }

  private static Member memberNamed(HazelcastInstance local, String role) {
    for (Member member : local.getCluster().getMembers()) {
      if (role.equals(member.getAttribute(ChildMember.ROLE))) {
        return member;
      }
    }
    throw new AssertionError("no member with role " + role + " in " + local.getCluster().getMembers());
  }

  private Process child(String role) throws Exception {
    Path log = Files.createDirectories(Path.of("target", "crash-test")).resolve(role + ".log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder =
        new ProcessBuilder(
                java,
                "-Xmx256m",
                "-Dhazelcast.logging.type=jdk",
                "-Djava.util.logging.config.file="
                    + System.getProperty("java.util.logging.config.file", ""),
                "-cp",
                System.getProperty("java.class.path"),
                ChildMember.class.getName(),
                cluster.name,
                String.valueOf(cluster.port),
                role)
            .redirectError(log.toFile());
    Process process = builder.start();
    children.add(process);
    BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    CompletableFuture<String> ready =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                for (String line; (line = out.readLine()) != null; ) {
                  if (line.equals(ChildMember.READY)) {
                    return line;
                  }
                }
                return null;
              } catch (java.io.IOException e) {
                return null;
              }
            });
    String line = ready.get(60, TimeUnit.SECONDS);
    assertThat(line).as("child " + role + " started (see " + log + ")").isEqualTo(ChildMember.READY);
    return process;
  }

  private void destroyChildren() {
    for (Process child : children) {
      child.destroyForcibly();
    }
    for (Process child : children) {
      try {
        child.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    children.clear();
  }
}
