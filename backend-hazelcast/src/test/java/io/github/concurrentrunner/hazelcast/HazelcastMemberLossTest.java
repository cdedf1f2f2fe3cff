package io.github.concurrentrunner.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import io.github.concurrentrunner.ConcurrentRunner;
import io.github.concurrentrunner.GatherHandle;
import io.github.concurrentrunner.Outcome;
import io.github.concurrentrunner.Task;
import io.github.concurrentrunner.tck.RecordingFailureHandler;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A member that leaves while it runs tasks: its unfinished tasks fail with {@link
 * TaskLostException} naming the task and the member, once; an idempotent task is re-run on
 * another member instead. The runner's member is a lite member (it runs no tasks), so that the
 * test knows where tasks run; the member that leaves is terminated in this JVM (a real crash of a
 * child JVM is {@link HazelcastCrashTest}).
 */
class HazelcastMemberLossTest {
  private LoopbackCluster cluster;
  private final String id = UUID.randomUUID().toString();

  /**
   * What reaches the default uncaught-exception handler during a test. A body still running on a
   * terminated member returns when the test releases it (or when the termination interrupts it),
   * and Hazelcast's thread then fails to send its response ({@code
   * HazelcastInstanceNotActiveException}, uncaught in Hazelcast's thread): expected, recorded here
   * instead of printed, and checked. Awaitility, which would catch it itself, is told not to.
   */
  private final List<Throwable> uncaught = new CopyOnWriteArrayList<>();

  private Thread.UncaughtExceptionHandler previous;

  @BeforeEach
  void recordUncaught() {
    previous = Thread.getDefaultUncaughtExceptionHandler();
    Thread.setDefaultUncaughtExceptionHandler((thread, failure) -> uncaught.add(failure));
  }

  @AfterEach
  void stop() {
    try {
      Shared.latch(id + ".release").countDown();
      // The released body on the terminated member may try to answer (Hazelcast then throws
      // HazelcastInstanceNotActiveException on its own thread), or may not get that far before
      // the member's threads stop: on a loaded machine both were seen. Any other uncaught
      // exception is a failure.
      try {
        Awaitility.await("the released body on the terminated member to try to answer")
            .atMost(Duration.ofSeconds(5))
            .dontCatchUncaughtExceptions() // they are this handler's, not a failure of the wait
            .until(() -> !uncaught.isEmpty());
      } catch (ConditionTimeoutException noAnswer) {
        // it did not try: nothing uncaught, which the assertion below accepts
      }
      assertThat(uncaught)
          .as("uncaught exceptions: at most the terminated member's failed answer")
          .hasSizeLessThanOrEqualTo(1)
          .allMatch(HazelcastInstanceNotActiveException.class::isInstance);
    } finally {
      Thread.setDefaultUncaughtExceptionHandler(previous);
      if (cluster != null) {
        cluster.close();
      }
    }
  }

  @Test
  void aMemberThatLeavesFailsItsRunningTaskWithTaskLostException() throws Exception {
    cluster = LoopbackCluster.start("loss", 5881, 2, true);
    String started = id + ".started";
    String release = id + ".release";
    RecordingFailureHandler events = new RecordingFailureHandler();
    try (ConcurrentRunner runner =
        HazelcastRunners.builder(cluster.first()).failureHandler(events).build()) {
      GatherHandle<List<Outcome<String>>> handle =
          runner.allSettled(
              List.of(
                  HazelcastTasks.of(
                      "doomed",
                      () -> {
                        Shared.latch(started).countDown();
                        Shared.await(release);
                        return "never seen";
                      })));
      assertThat(Shared.await(started)).isTrue();
      HazelcastInstance doomed = cluster.members.get(1);
      String uuid = doomed.getCluster().getLocalMember().getUuid().toString();
      doomed.getLifecycleService().terminate();
      List<Outcome<String>> outcomes = handle.await(Shared.LONG);
      Throwable failure = ((Outcome.Failure<String>) outcomes.get(0)).exception();
      assertThat(failure)
          .isInstanceOf(TaskLostException.class)
          .hasMessageContaining("task 0 ('doomed')")
          .hasMessageContaining(uuid)
          .hasMessageContaining("at most once");
      assertThat(((TaskLostException) failure).runs()).isEqualTo(1);
    }
    assertThat(events.take()).isEmpty();
  }

  @Test
  void anIdempotentTaskIsRerunOnAnotherMemberAndOthersAreNot() throws Exception {
    cluster = LoopbackCluster.start("rerun", 5891, 3, true);
    String runs = id + ".runs";
    String started = id + ".started";
    String release = id + ".release";
    Task<String> idempotent =
        HazelcastTasks.idempotent(
            "idempotent",
            () -> {
              if (Shared.counter(runs).incrementAndGet() == 1) {
                Shared.put(started, Shared.memberOfThisThread());
                Shared.latch(started).countDown();
                Shared.await(release);
                return "first run";
              }
              return "run " + Shared.counter(runs).get() + " on " + Shared.memberOfThisThread();
            });
    try (ConcurrentRunner runner = HazelcastRunners.create(cluster.first())) {
      GatherHandle<List<String>> handle = runner.all(List.of(idempotent));
      assertThat(Shared.await(started)).isTrue();
      String first = Shared.get(started);
      HazelcastInstance doomed =
          cluster.members.stream().filter(m -> m.getName().equals(first)).findFirst().orElseThrow();
      doomed.getLifecycleService().terminate();
      List<String> result = handle.await(Shared.LONG);
      assertThat(result.get(0)).startsWith("run 2 on ").doesNotContain(first);
    }
    Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .dontCatchUncaughtExceptions() // the terminated member's failed answer: see stop()
        .until(() -> Shared.counter(runs).get() >= 2);
    assertThat(Shared.counter(runs).get()).as("runs of the idempotent task").isEqualTo(2);
  }
}
