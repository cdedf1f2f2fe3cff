package io.github.concurrentrunner.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.concurrentrunner.ConcurrentRunner;
import io.github.concurrentrunner.GatherHandle;
import io.github.concurrentrunner.GatherOptions;
import io.github.concurrentrunner.LeakedTaskException;
import io.github.concurrentrunner.Outcome;
import io.github.concurrentrunner.Task;
import io.github.concurrentrunner.tck.RecordingFailureHandler;
import io.github.concurrentrunner.TaskFailedException;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The REMOTE profile's own rules, beyond the TCK: serializable tasks checked at the call, outcomes
 * that cannot travel named, exception equivalence in detail, cancel-and-wait on the member's
 * exit, leaks, and distribution over the members. A 3-member cluster on loopback.
 */
class HazelcastRemoteProfileTest {
  private static LoopbackCluster cluster;

  private ConcurrentRunner runner;
  private RecordingFailureHandler failures;
  private String id;

  @BeforeAll
  static void startCluster() {
    cluster = LoopbackCluster.start("remote", 5831, 3);
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @BeforeEach
  void createRunner() {
    failures = new RecordingFailureHandler();
    runner = HazelcastRunners.builder(cluster.first()).failureHandler(failures).build();
    id = UUID.randomUUID().toString();
  }

  @AfterEach
  void closeRunner() {
    runner.close();
    assertThat(failures.take()).as("unexpected failure handler events").isEmpty();
  }

  @Test
  void aTaskThatIsNotSerializableIsRejectedAtTheCallNamingItsIndex() {
    String started = id + ".started";
    List<Task<String>> tasks =
        List.of(
            HazelcastTasks.of(
                "fine",
                () -> {
                  Shared.counter(started).incrementAndGet();
                  return "x";
                }),
            Task.of("plain lambda", () -> "not serializable"));
    assertThatThrownBy(() -> runner.all(tasks))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("task 1 ('plain lambda')")
        .hasMessageContaining("Serializable");
    assertThatThrownBy(() -> runner.both(tasks.get(0), Task.of(() -> 2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("task 1");
    assertThat(Shared.counter(started).get()).as("tasks started before the rejection").isZero();
  }

  @Test
  void resultsComeBackInInputOrderFromSeveralMembers() throws Exception {
    List<Task<String>> tasks = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      int index = i;
      tasks.add(HazelcastTasks.of("t" + i, () -> index + "@" + Shared.memberOfThisThread()));
    }
    List<String> results = runner.all(tasks).await(Duration.ofSeconds(30));
    Set<String> members = new HashSet<>();
    for (int i = 0; i < results.size(); i++) {
      assertThat(results.get(i)).startsWith(i + "@");
      members.add(results.get(i).substring(results.get(i).indexOf('@') + 1));
    }
    assertThat(members).as("members that ran tasks").hasSize(3);
  }

  @Test
  void anExceptionComesBackEquivalentWithCausesAndSuppressed() throws Exception {
    Task<String> failing =
        HazelcastTasks.of(
            "failing",
            () -> {
              IOException root = new IOException("disk");
              IllegalStateException failure =
                  new IllegalStateException("cannot price", new UncheckedIOException(root));
              failure.addSuppressed(new IllegalArgumentException("also"));
              throw failure;
            });
    Throwable thrown = catchFailure(runner.all(List.of(failing)));
    assertThat(thrown).isInstanceOf(TaskFailedException.class).hasMessageContaining("failing");
    Throwable cause = thrown.getCause();
    assertThat(cause).isInstanceOf(IllegalStateException.class).hasMessage("cannot price");
    assertThat(cause.getCause()).isInstanceOf(UncheckedIOException.class);
    assertThat(cause.getCause().getCause()).isInstanceOf(IOException.class).hasMessage("disk");
    assertThat(cause.getSuppressed()).hasSize(1);
    assertThat(cause.getSuppressed()[0]).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aResultThatCannotTravelBackFailsTheTaskNamingTheClass() throws Exception {
    Task<Object> unserializable = HazelcastTasks.of("thread", () -> new Object());
    List<Outcome<Object>> outcomes =
        runner.allSettled(List.of(unserializable, HazelcastTasks.of("ok", () -> "ok"))).await();
    assertThat(outcomes.get(1)).isEqualTo(Outcome.success("ok"));
    Throwable failure = ((Outcome.Failure<Object>) outcomes.get(0)).exception();
    assertThat(failure)
        .isInstanceOf(RemoteSerializationException.class)
        .hasMessageContaining("task 0 ('thread')")
        .hasMessageContaining("java.lang.Object")
        .hasMessageContaining("could not be serialized on member [127.0.0.1]:")
        .hasMessageNotContaining("Member [")
        .hasMessageNotContaining(" this ");
    assertThat(((RemoteSerializationException) failure).className()).isEqualTo("java.lang.Object");
  }

  @Test
  void anExceptionThatCannotTravelBackFailsTheTaskNamingTheClassAndTheOriginal() throws Exception {
    Task<String> failing =
        HazelcastTasks.of(
            "bad exception",
            () -> {
              throw new UnserializableFailure("the original message");
            });
    Throwable failure = catchFailure(runner.all(List.of(failing))).getCause();
    assertThat(failure)
        .isInstanceOf(RemoteSerializationException.class)
        .hasMessageContaining("task 0 ('bad exception')")
        .hasMessageContaining(Object.class.getName())
        .hasMessageContaining(UnserializableFailure.class.getName())
        .hasMessageContaining("the original message");
  }

  /**
   * A task's exception that the member serializes but whose reading back on the caller throws an
   * {@code Error} (as a failing static initializer would): the task fails naming the class, and
   * the gather ends without waiting for its timeout. If it times out, the exit was lost.
   */
  @Test
  void anExceptionWhoseReadingBackThrowsAnErrorStillFailsItsTask() throws Exception {
    Task<String> failing =
        HazelcastTasks.of(
            "unreadable",
            () -> {
              throw new UnreadableFailure("boom");
            });
    Throwable failure =
        catchFailure(
            runner.all(
                List.of(failing), GatherOptions.builder().timeout(Shared.LONG.multipliedBy(2)).build()));
    assertThat(failure).isInstanceOf(TaskFailedException.class);
    assertThat(failure.getCause())
        .isInstanceOf(RemoteSerializationException.class)
        .hasMessageContaining("task 0 ('unreadable')")
        .hasMessageContaining("could not be deserialized on the caller")
        .hasRootCauseInstanceOf(AssertionError.class);
  }

  /** Serializes on the member; reading it back throws an {@code Error}. */
  static final class UnreadableFailure extends Exception {
    private static final long serialVersionUID = 1L;

    UnreadableFailure(String message) {
      super(message);
    }

    private void readObject(ObjectInputStream in) {
      throw new AssertionError("UnreadableFailure cannot be read back on the caller");
    }
  }

  /**
   * A task that passes the check at the call, then fails to serialize on the way to the member
   * with an exception whose cause chain is a cycle: the task fails naming its class, and {@code
   * all()} returns. If the call never returns, the cause chain was walked without a bound (R27).
   */
  @Test
  void aTaskWhoseSendingFailsWithACyclicCauseChainFailsItsTask() throws Exception {
    Task<String> cyclic = HazelcastTasks.of("cyclic", new SecondWriteFails());
    // On another thread: the bug this guards against spins inside all() itself.
    Throwable failure =
        CompletableFuture.supplyAsync(
                () -> {
                  try {
                    return catchFailure(runner.all(List.of(cyclic)));
                  } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                  }
                })
            .get(Shared.LONG.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(failure).isInstanceOf(TaskFailedException.class);
    assertThat(failure.getCause())
        .isInstanceOf(RemoteSerializationException.class)
        .hasMessageContaining("task 0 ('cyclic')")
        .hasMessageContaining(SecondWriteFails.class.getName());
  }

  /** Serializes for the runner's check at the call, then throws an exception in a cause cycle. */
  static final class SecondWriteFails implements RemoteCallable<String> {
    private static final long serialVersionUID = 1L;
    private final AtomicInteger writes = new AtomicInteger();

    @Override
    public String call() {
      return "never";
    }

    private void writeObject(ObjectOutputStream out) throws IOException {
      if (writes.incrementAndGet() > 1) {
        IOException a = new IOException("a");
        IOException b = new IOException("b", a);
        a.initCause(b);
        throw a;
      }
      out.defaultWriteObject();
    }
  }

  /** Builder arguments that cannot work are rejected at once, naming the argument. */
  @Test
  void aBlankExecutorNameAndAPortRangeBeyond65535AreRejectedNamingThem() {
    assertThatThrownBy(() -> HazelcastRunners.builder(cluster.first()).executorName(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("executorName");
    assertThatThrownBy(() -> EmbeddedMember.builder().port(65530).portCount(10).config())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("port + portCount - 1")
        .hasMessageContaining("65530..65539");
    assertThat(EmbeddedMember.builder().port(65530).portCount(6).config().getNetworkConfig().getPort())
        .isEqualTo(65530);
  }

  /** An exception with a field that cannot be serialized. */
  static final class UnserializableFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    @SuppressWarnings({"serial", "unused"})
    private final Object payload = new Object();

    UnserializableFailure(String message) {
      super(message);
    }
  }

  @Test
  void aTaskThatCapturesSomethingUnserializableIsRejectedAtTheCallNamingTheClass() {
    Object notSerializable = new Object();
    Task<String> capturing = HazelcastTasks.of("capturing", () -> "x" + notSerializable.hashCode());
    assertThatThrownBy(() -> runner.all(List.of(HazelcastTasks.of("fine", () -> "y"), capturing)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("task 1 ('capturing')")
        .hasMessageContaining("java.lang.Object");
  }

  @Test
  void cancelWaitsUntilTheRemoteBodyHasExited() throws Exception {
    String started = id + ".started";
    String release = id + ".release";
    String exited = id + ".exited";
    Task<String> stubborn = stubborn(id);
    GatherHandle<List<String>> handle =
        runner.all(List.of(stubborn), GatherOptions.builder().gracePeriod(Shared.LONG).build());
    assertThat(Shared.await(started)).isTrue();
    assertThat(handle.cancel()).isTrue();
    org.awaitility.Awaitility.await("the body to see the interrupt")
        .atMost(Shared.LONG)
        .until(() -> Shared.counter(release + ".interrupts").get() > 0);
    assertThatThrownBy(() -> handle.await(Duration.ofMillis(300)))
        .as("the handle completes only when the remote body has exited")
        .isInstanceOf(TimeoutException.class);
    Shared.latch(release).countDown();
    assertThatThrownBy(() -> handle.await(Shared.LONG)).isInstanceOf(CancellationException.class);
    assertThat(Shared.counter(exited).get()).as("exits before await returned").isEqualTo(1);
  }

  @Test
  void aRemoteBodyThatIgnoresInterruptionIsReportedLeakedAfterTheGracePeriod() throws Exception {
    String started = id + ".started";
    String release = id + ".release";
    Task<String> stubborn = stubborn(id);
    GatherHandle<List<String>> handle =
        runner.all(
            List.of(stubborn),
            GatherOptions.builder()
                .timeout(Duration.ofMillis(200))
                .gracePeriod(Duration.ofMillis(300))
                .build());
    assertThat(Shared.await(started)).isTrue();
    Throwable failure = catchFailure(handle);
    assertThat(failure.getSuppressed()).hasSize(1);
    assertThat(failure.getSuppressed()[0])
        .isInstanceOf(LeakedTaskException.class)
        .hasMessageContaining("stubborn");
    Shared.latch(release).countDown();
    org.awaitility.Awaitility.await("the leak event")
        .atMost(Shared.LONG)
        .until(() -> !failures.events().isEmpty());
    assertThat(failures.take()).hasSize(1);
  }

  /**
   * A task that ignores interruption until {@code <id>.release} opens; it opens {@code
   * <id>.started} when it runs and counts its exit in {@code <id>.exited}.
   */
  private static Task<String> stubborn(String id) {
    return HazelcastTasks.of(
        "stubborn",
        () -> {
          Shared.latch(id + ".started").countDown();
          Shared.awaitIgnoringInterrupts(id + ".release");
          Shared.counter(id + ".exited").incrementAndGet();
          return "late";
        });
  }

  private static Throwable catchFailure(GatherHandle<?> handle) throws InterruptedException {
    try {
      Object value = handle.await(Shared.LONG);
      throw new AssertionError("expected a failure, got " + value);
    } catch (TimeoutException e) {
      throw new AssertionError("the gather hangs", e);
    } catch (RuntimeException e) {
      return e;
    }
  }
}
