package io.github.concurrentrunner.micrometer;

import io.github.concurrentrunner.GatherListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A {@link GatherListener} that records every gather of a runner in Micrometer (rule R31): set it
 * with {@code ConcurrentRunner.builder().listener(MicrometerGatherListener.of(meterRegistry,
 * observationRegistry))}.
 *
 * <table class="striped">
 *   <caption>What it records</caption>
 *   <thead><tr><th>name</th><th>type</th><th>tags</th><th>what</th></tr></thead>
 *   <tbody>
 *   <tr><td>{@value #GATHERS}</td><td>Timer</td><td>operation, backend, outcome</td>
 *       <td>each gather, from the operation's call to its end</td></tr>
 *   <tr><td>{@value #TASKS}</td><td>Timer</td><td>operation, backend, outcome</td>
 *       <td>each started task, from its start to its end</td></tr>
 *   <tr><td>{@value #TASKS_ACTIVE}</td><td>Gauge</td><td>backend</td>
 *       <td>the tasks started and not yet ended, of every gather of every listener on the same
 *       meter registry</td></tr>
 *   <tr><td>{@value #TASKS_LEAKED}</td><td>Counter</td><td>operation, backend</td>
 *       <td>tasks given up on after their grace period (rule R10)</td></tr>
 *   <tr><td>{@value #OBSERVATION}</td><td>Observation</td>
 *       <td>low cardinality: operation, backend, outcome; high cardinality: tasks</td>
 *       <td>each gather, with its failure as the error; a tracing bridge makes it a span</td></tr>
 *   </tbody>
 * </table>
 *
 * <p>{@code operation} is {@code all}, {@code allSettled}, {@code any}, {@code race}, {@code
 * both} or {@code bothSettled}; {@code backend} the backend's name; {@code outcome} the lower-case
 * {@link GatherListener.Kind}: {@code success}, {@code failure}, {@code timed_out}, {@code
 * cancelled} (gathers and tasks) or {@code leaked} (tasks); {@code tasks} the number of tasks. The
 * Observation is started on the caller's thread, so it becomes a child of the caller's current
 * Observation, and it is not opened in a scope: the gather's tasks run on other threads (carry
 * the caller's context into them with {@link ContextSnapshotHook}). The meter names do not collide
 * with the timer that Micrometer's {@code DefaultMeterObservationHandler} makes of the
 * Observation, which is named {@value #OBSERVATION}.
 *
 * <p>Thread-safe: one listener can serve any number of runners, and any number of listeners can
 * share a meter registry (they share its gauge of tasks in flight, as a registry keeps only the
 * first gauge registered under a name and tags). A meter registry that throws (a failing {@code
 * MeterFilter}, say) fails the listener's call, which the runner reports as a {@code
 * CALLBACK_FAILURE} (rule R27); the gather's Observation is stopped all the same. So it is when
 * an {@code ObservationHandler} throws: from {@code onError()} at the gather's end, or from {@code
 * onStart()}, which fails the gather's start event and stops the Observation at once.
 */
public final class MicrometerGatherListener implements GatherListener {

  /** The name of the Timer of gathers. */
  public static final String GATHERS = "concurrent.runner.gathers";

  /** The name of the Timer of tasks. */
  public static final String TASKS = "concurrent.runner.tasks";

  /** The name of the Gauge of tasks in flight. */
  public static final String TASKS_ACTIVE = "concurrent.runner.tasks.active";

  /** The name of the Counter of leaked tasks. */
  public static final String TASKS_LEAKED = "concurrent.runner.tasks.leaked";

  /** The name of the Observation of each gather. */
  public static final String OBSERVATION = "concurrent.runner.gather";

  private static final Kind[] KINDS = Kind.values();

  /**
   * The tasks in flight, one count per meter registry and backend, shared by every listener on
   * that registry: a registry keeps the first gauge registered under a name and tags and ignores
   * the later ones, so a count of each listener's own would go unread, and would read NaN once the
   * listener that registered it was collected. The registry is held weakly; its gauge holds the
   * count strongly.
   */
  private static final Map<MeterRegistry, Map<String, AtomicInteger>> ACTIVE =
      Collections.synchronizedMap(new WeakHashMap<>());

  private final MeterRegistry meters;
  private final ObservationRegistry observations;
  private final Map<String, AtomicInteger> active;

  private MicrometerGatherListener(MeterRegistry meters, ObservationRegistry observations) {
    this.meters = Objects.requireNonNull(meters, "meters");
    this.observations = Objects.requireNonNull(observations, "observations");
    this.active = ACTIVE.computeIfAbsent(meters, m -> new ConcurrentHashMap<>());
  }

  /**
   * A listener that records meters only.
   *
   * @param meters where the meters are registered
   * @return a new listener
   * @throws NullPointerException if {@code meters} is null
   */
  public static MicrometerGatherListener of(MeterRegistry meters) {
    return new MicrometerGatherListener(meters, ObservationRegistry.NOOP);
  }

  /**
   * A listener that records meters and an Observation per gather.
   *
   * @param meters where the meters are registered
   * @param observations where the Observations are made
   * @return a new listener
   * @throws NullPointerException if an argument is null
   */
  public static MicrometerGatherListener of(
      MeterRegistry meters, ObservationRegistry observations) {
    return new MicrometerGatherListener(meters, observations);
  }

  @Override
  public Observer gatherStarted(GatherStarted gather) {
    AtomicInteger activeTasks = active(gather.backend()); // first: it may throw
    Observation observation =
        Observation.createNotStarted(OBSERVATION, observations)
            .contextualName("gather " + gather.operation())
            .lowCardinalityKeyValue("operation", gather.operation())
            .lowCardinalityKeyValue("backend", gather.backend())
            .highCardinalityKeyValue("tasks", Integer.toString(gather.taskCount()));
    try {
      observation.start();
    } catch (RuntimeException | Error handlerFailed) {
      // A handler's onStart() threw: the handlers that started before it (a span, a long task
      // timer's sample) are stopped, since no observer will end this gather's Observation.
      try {
        observation.stop();
      } catch (RuntimeException | Error stopFailed) {
        if (stopFailed != handlerFailed) { // the same instance cannot suppress itself
          handlerFailed.addSuppressed(stopFailed);
        }
      }
      throw handlerFailed;
    }
    return new GatherObserver(gather, observation, activeTasks);
  }

  private AtomicInteger active(String backend) {
    return active.computeIfAbsent(
        backend,
        b -> {
          AtomicInteger count = new AtomicInteger();
          Gauge.builder(TASKS_ACTIVE, count, AtomicInteger::get)
              .description("Tasks of concurrent-runner gathers started and not yet ended")
              .tag("backend", b)
              .strongReference(true)
              .register(meters);
          return count;
        });
  }

  private static String outcome(Kind kind) {
    return kind.name().toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return "MicrometerGatherListener{" + meters + ", " + observations + '}';
  }

  /** The observer of one gather: its tags, its Observation and its task timers. */
  private final class GatherObserver implements Observer {
    private final GatherStarted gather;
    private final Observation observation;
    private final AtomicInteger active;
    private final Tags tags;
    private final AtomicReferenceArray<Timer> taskTimers = new AtomicReferenceArray<>(KINDS.length);

    GatherObserver(GatherStarted gather, Observation observation, AtomicInteger active) {
      this.gather = gather;
      this.observation = observation;
      this.active = active;
      this.tags = Tags.of("operation", gather.operation(), "backend", gather.backend());
    }

    @Override
    public void taskStarted(TaskStarted task) {
      active.incrementAndGet();
    }

    @Override
    public void taskEnded(TaskEnded task) {
      active.decrementAndGet();
      taskTimer(task.kind()).record(task.durationNanos(), TimeUnit.NANOSECONDS);
    }

    private Timer taskTimer(Kind kind) {
      Timer timer = taskTimers.get(kind.ordinal());
      if (timer == null) {
        timer =
            Timer.builder(TASKS)
                .description("Tasks of concurrent-runner gathers, from start to end")
                .tags(tags)
                .tag("outcome", outcome(kind))
                .register(meters);
        taskTimers.set(kind.ordinal(), timer);
      }
      return timer;
    }

    @Override
    public void taskLeaked(TaskLeaked task) {
      try {
        Counter.builder(TASKS_LEAKED)
            .description("Tasks that ignored their cancellation past the grace period")
            .tags(tags)
            .register(meters)
            .increment();
      } finally {
        observation.event(Observation.Event.of("task.leaked", task.leak().getMessage()));
      }
    }

    @Override
    public void gatherEnded(GatherEnded end) {
      String outcome = outcome(end.kind());
      try {
        Timer.builder(GATHERS)
            .description("Gathers of concurrent-runner, from the operation's call to their end")
            .tags(tags)
            .tag("outcome", outcome)
            .register(meters)
            .record(end.durationNanos(), TimeUnit.NANOSECONDS);
      } finally { // a registry that throws must not leave the Observation (a span) open
        try {
          observation.lowCardinalityKeyValue("outcome", outcome);
          if (end.failure() != null) {
            observation.error(end.failure()); // runs the handlers' onError(), which may throw
          }
        } finally {
          observation.stop(); // nor may a handler that throws
        }
      }
    }

    @Override
    public String toString() {
      return "GatherObserver{" + gather + '}';
    }
  }
}
