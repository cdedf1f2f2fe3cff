package io.github.concurrentrunner.micrometer;

import static io.github.concurrentrunner.micrometer.MicrometerGatherListener.GATHERS;
import static io.github.concurrentrunner.micrometer.MicrometerGatherListener.OBSERVATION;
import static io.github.concurrentrunner.micrometer.MicrometerGatherListener.TASKS;
import static io.github.concurrentrunner.micrometer.MicrometerGatherListener.TASKS_ACTIVE;
import static io.github.concurrentrunner.micrometer.MicrometerGatherListener.TASKS_LEAKED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.concurrentrunner.ConcurrentRunner;
import io.github.concurrentrunner.FailureEvent;
import io.github.concurrentrunner.GatherHandle;
import io.github.concurrentrunner.GatherOptions;
import io.github.concurrentrunner.Task;
import io.github.concurrentrunner.TaskFailedException;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link MicrometerGatherListener} against the real Micrometer: a {@link SimpleMeterRegistry} for
 * the documented meters and a {@link TestObservationRegistry} for the Observations.
 */
class MicrometerGatherListenerTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final String BACKEND = "completablefuture";

  private final MeterRegistry meters = new SimpleMeterRegistry();
  private final TestObservationRegistry observations = TestObservationRegistry.create();
  private final ConcurrentRunner runner =
      ConcurrentRunner.builder()
          .backend(BACKEND)
          .listener(MicrometerGatherListener.of(meters, observations))
          .build();
  private final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void tearDown() {
    release.countDown();
    runner.close();
  }

  private long gathers(String operation, String outcome) {
    return count(GATHERS, operation, outcome);
  }

  private long tasks(String operation, String outcome) {
    return count(TASKS, operation, outcome);
  }

  private long count(String timer, String operation, String outcome) {
    return meters
        .get(timer)
        .tags("operation", operation, "backend", BACKEND, "outcome", outcome)
        .timer()
        .count();
  }

  private static Task<String> failing(Exception failure) {
    return Task.of(
        () -> {
          throw failure;
        });
  }

  /** A task that counts {@code started} down, then waits for {@link #release}. */
  private Task<String> blocked(CountDownLatch started) {
    return Task.of(
        () -> {
          started.countDown();
          release.await(WAIT.toNanos(), TimeUnit.NANOSECONDS);
          return "done";
        });
  }

  private double active() {
    return meters.get(TASKS_ACTIVE).tag("backend", BACKEND).gauge().value();
  }

  @Test
  void timersCountGathersAndTasksByOperationBackendAndOutcome() throws Exception {
    IOException boom = new IOException("boom");
    assertThat(runner.all(List.of(Task.of(() -> "a"), Task.of(() -> "b"))).await(WAIT))
        .containsExactly("a", "b");
    runner.allSettled(List.of(Task.of(() -> "a"), failing(boom))).await(WAIT);
    assertThatThrownBy(() -> runner.race(List.of(failing(boom))).await(WAIT))
        .isInstanceOf(TaskFailedException.class);

    assertThat(gathers("all", "success")).isEqualTo(1);
    assertThat(tasks("all", "success")).isEqualTo(2);
    assertThat(gathers("allSettled", "success")).isEqualTo(1);
    assertThat(tasks("allSettled", "success")).isEqualTo(1);
    assertThat(tasks("allSettled", "failure")).isEqualTo(1);
    assertThat(gathers("race", "failure")).isEqualTo(1);
    assertThat(tasks("race", "failure")).isEqualTo(1);
    assertThat(active()).isZero();
  }

  @Test
  void gaugeCountsTasksInFlight() throws Exception {
    CountDownLatch started = new CountDownLatch(2);
    Task<String> blocked = blocked(started);
    GatherHandle<List<String>> handle = runner.all(List.of(blocked, blocked));
    assertThat(started.await(WAIT.toNanos(), TimeUnit.NANOSECONDS)).isTrue();
    assertThat(active()).isEqualTo(2);
    release.countDown();
    handle.await(WAIT);
    assertThat(active()).isZero();
  }

  @Test
  void leakedTasksAreCountedAndTimedAsLeaked() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch letGo = new CountDownLatch(1);
    AtomicBoolean interrupted = new AtomicBoolean();
    Task<String> stubborn =
        Task.of(
            "stubborn",
            () -> {
              entered.countDown();
              while (true) {
                try {
                  if (letGo.await(WAIT.toNanos(), TimeUnit.NANOSECONDS)) {
                    return "late";
                  }
                } catch (InterruptedException e) {
                  interrupted.set(true); // and carry on
                }
              }
            });
    try (ConcurrentRunner quiet =
        ConcurrentRunner.builder()
            .backend(BACKEND)
            .listener(MicrometerGatherListener.of(meters, observations))
            .failureHandler(event -> {}) // the leak event is expected
            .build()) {
      GatherHandle<List<String>> handle =
          quiet.all(
              List.of(stubborn), GatherOptions.builder().gracePeriod(Duration.ofMillis(50)).build());
      assertThat(entered.await(WAIT.toNanos(), TimeUnit.NANOSECONDS)).isTrue();
      handle.cancel();
      assertThatThrownBy(() -> handle.await(WAIT)).isInstanceOf(CancellationException.class);
    } finally {
      letGo.countDown();
    }
    assertThat(interrupted).isTrue();
    assertThat(meters.get(TASKS_LEAKED).tags("operation", "all", "backend", BACKEND).counter().count())
        .isEqualTo(1);
    assertThat(tasks("all", "leaked")).isEqualTo(1);
    assertThat(gathers("all", "cancelled")).isEqualTo(1);
    assertThat(active()).isZero();
    TestObservationRegistryAssert.assertThat(observations)
        .hasObservationWithNameEqualTo(OBSERVATION)
        .that()
        .hasLowCardinalityKeyValue("outcome", "cancelled")
        .hasBeenStopped();
  }

  @Test
  void eachGatherIsAnObservationWithItsKeyValuesAndError() throws Exception {
    IOException boom = new IOException("boom");
    runner.all(List.of(Task.of(() -> "a"), Task.of(() -> "b"))).await(WAIT);
    TestObservationRegistryAssert.assertThat(observations)
        .hasObservationWithNameEqualTo(OBSERVATION)
        .that()
        .hasContextualNameEqualTo("gather all")
        .hasLowCardinalityKeyValue("operation", "all")
        .hasLowCardinalityKeyValue("backend", BACKEND)
        .hasLowCardinalityKeyValue("outcome", "success")
        .hasHighCardinalityKeyValue("tasks", "2")
        .doesNotHaveError()
        .hasBeenStarted()
        .hasBeenStopped();

    observations.clear();
    assertThatThrownBy(() -> runner.all(List.of(failing(boom))).await(WAIT))
        .hasCause(boom);
    TestObservationRegistryAssert.assertThat(observations)
        .hasObservationWithNameEqualTo(OBSERVATION)
        .that()
        .hasLowCardinalityKeyValue("outcome", "failure")
        .hasError(boom)
        .hasBeenStopped();
  }

  @Test
  void theGathersObservationIsAChildOfTheCallersCurrentObservation() throws Exception {
    Observation parent = Observation.start("caller", observations);
    Observation.Scope scope = parent.openScope();
    try {
      runner.all(List.of(Task.of(() -> "a"))).await(WAIT);
    } finally {
      scope.close();
      parent.stop();
    }
    TestObservationRegistryAssert.assertThat(observations)
        .hasObservationWithNameEqualTo(OBSERVATION)
        .that()
        .hasParentObservationEqualTo(parent)
        .hasBeenStopped();
  }

  @Test
  void listenersOnOneRegistryShareItsGaugeOfTasksInFlight() throws Exception {
    CountDownLatch started = new CountDownLatch(3);
    Task<String> blocked = blocked(started);
    try (ConcurrentRunner second =
        ConcurrentRunner.builder()
            .backend(BACKEND)
            .listener(MicrometerGatherListener.of(meters))
            .build()) {
      GatherHandle<List<String>> first = runner.all(List.of(blocked, blocked));
      GatherHandle<List<String>> other = second.all(List.of(blocked));
      assertThat(started.await(WAIT.toNanos(), TimeUnit.NANOSECONDS)).isTrue();
      assertThat(active()).isEqualTo(3);
      release.countDown();
      first.await(WAIT);
      other.await(WAIT);
      assertThat(active()).isZero();
    }
  }

  @Test
  void aRegistryThatThrowsFailsTheCallbackButLeavesNoObservationOpen() throws Exception {
    for (String broken : List.of(GATHERS, TASKS_ACTIVE)) {
      MeterRegistry failing = new SimpleMeterRegistry();
      failing
          .config()
          .meterFilter(
              new MeterFilter() {
                @Override
                public Meter.Id map(Meter.Id id) {
                  if (id.getName().equals(broken)) {
                    throw new IllegalStateException("broken registry: " + id.getName());
                  }
                  return id;
                }
              });
      TestObservationRegistry spans = TestObservationRegistry.create();
      List<FailureEvent> events = new CopyOnWriteArrayList<>();
      try (ConcurrentRunner broke =
          ConcurrentRunner.builder()
              .backend(BACKEND)
              .listener(MicrometerGatherListener.of(failing, spans))
              .failureHandler(events::add)
              .build()) {
        assertThat(broke.all(List.of(Task.of(() -> "a"), Task.of(() -> "b"))).await(WAIT))
            .as(broken)
            .containsExactly("a", "b");
      }
      assertThat(events)
          .as(broken)
          .isNotEmpty()
          .allSatisfy(
              event -> {
                assertThat(event.kind()).isEqualTo(FailureEvent.Kind.CALLBACK_FAILURE);
                assertThat(event.failure()).hasMessage("broken registry: " + broken);
              });
      if (broken.equals(GATHERS)) {
        TestObservationRegistryAssert.assertThat(spans)
            .hasObservationWithNameEqualTo(OBSERVATION)
            .that()
            .hasLowCardinalityKeyValue("outcome", "success")
            .hasBeenStopped();
      } else { // the gauge is registered before the Observation starts: none was made
        TestObservationRegistryAssert.assertThat(spans).doesNotHaveAnyObservation();
      }
    }
  }

  /**
   * An {@code ObservationHandler} that throws, from {@code onError()} at a failed gather's end or
   * from {@code onStart()}: each failure is a {@code CALLBACK_FAILURE}, and the gather's
   * Observation is stopped all the same (no span left open). If {@code stopped} stays behind
   * {@code started}, a handler's failure skipped {@code stop()}.
   */
  @Test
  void anObservationHandlerThatThrowsStillHasTheGathersObservationStopped() throws Exception {
    for (String throwing : List.of("onError", "onStart")) {
      AtomicInteger started = new AtomicInteger();
      AtomicInteger stopped = new AtomicInteger();
      ObservationRegistry observations = ObservationRegistry.create();
      observations
          .observationConfig()
          .observationHandler(
              new ObservationHandler<Observation.Context>() {
                @Override
                public void onStart(Observation.Context context) {
                  started.incrementAndGet();
                  if (throwing.equals("onStart")) {
                    throw new IllegalStateException("handler cannot start");
                  }
                }

                @Override
                public void onError(Observation.Context context) {
                  throw new IllegalStateException("handler cannot record the error");
                }

                @Override
                public void onStop(Observation.Context context) {
                  stopped.incrementAndGet();
                }

                @Override
                public boolean supportsContext(Observation.Context context) {
                  return true;
                }
              });
      List<FailureEvent> events = new CopyOnWriteArrayList<>();
      IOException boom = new IOException("boom");
      try (ConcurrentRunner runner =
          ConcurrentRunner.builder()
              .backend("completablefuture")
              .failureHandler(events::add)
              .listener(MicrometerGatherListener.of(meters, observations))
              .build()) {
        GatherHandle<List<String>> handle =
            runner.all(
                List.of(
                    Task.<String>of(
                        () -> {
                          throw boom;
                        })));
        assertThatThrownBy(() -> handle.await(WAIT))
            .isInstanceOf(TaskFailedException.class)
            .cause()
            .isSameAs(boom);
      }
      assertThat(events)
          .as(throwing)
          .singleElement()
          .extracting(FailureEvent::kind)
          .isEqualTo(FailureEvent.Kind.CALLBACK_FAILURE);
      assertThat(started).as(throwing).hasValue(1);
      assertThat(stopped).as(throwing + ": the gather's Observation was stopped").hasValue(1);
    }
  }

  @Test
  void nullRegistriesAreRejectedNamingThem() {
    assertThatThrownBy(() -> MicrometerGatherListener.of(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("meters");
    assertThatThrownBy(() -> MicrometerGatherListener.of(meters, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("observations");
  }
}
