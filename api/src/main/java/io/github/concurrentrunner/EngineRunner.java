package io.github.concurrentrunner;

import io.github.concurrentrunner.spi.Cancellable;
import io.github.concurrentrunner.spi.ConcurrentRunnerProvider;
import io.github.concurrentrunner.spi.TaskDriver;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;

/**
 * The runner of every backend: it implements every operation of {@link ConcurrentRunner} with the
 * contract's exact semantics, on the {@link TaskDriver} that a backend's provider supplies. A
 * backend therefore obeys the rules by construction and only has to prove, with the TCK, that its
 * driver runs, observes and schedules faithfully.
 *
 * <p>Package-private and final, like the rest of the engine ({@link GatherRun}, {@link TaskRun}):
 * an application compiling against the api jar can neither subclass nor construct it, so the
 * engine can change without breaking anyone. {@link ConcurrentRunner.Builder} is the only way in.
 *
 * <p>The runner owns a default executor (rule R23) when the builder names none, and shuts it down
 * in {@link #close()}; it never shuts down an executor it was given.
 */
final class EngineRunner implements ConcurrentRunner {
  private static final System.Logger LOGGER = System.getLogger("io.github.concurrentrunner");

  private final String backend;
  private final TaskDriver driver;
  private final FailureHandler failureHandler;
  private final ContextHook contextHook; // R30, or null
  private final GatherListener listener; // R31, or null
  private final Executor executor;
  private final ExecutorService ownedExecutor;
  private final boolean serializableTasks;
  private final boolean driverRunsBlockingTasks;

  /**
   * Runs timer actions and the effects they decide (cancelling tasks' stages, whose dependents
   * are user code, reporting events, completing handles) off the driver's timer thread, so that
   * one gather's user code never delays another gather's timers (R27). Threads are started only
   * while such work runs: virtual threads on JDK 21+, else a cached pool of daemon threads that
   * holds one thread per piece of work still running.
   */
  private final ExecutorService callbacks;
  private final LiveGathers live = new LiveGathers();
  private final GraceTimers graceTimers;
  private volatile boolean closed;

  /**
   * Set when a stack overflow left work undone in a gather that the overflowing thread could not
   * hand off (R27): a gather whose start failed, an exit not recorded. The next engine work that
   * runs on a fresh stack for this runner finishes it (see {@link #rescueOrphans}).
   */
  volatile boolean rescuePending;
  private final AtomicBoolean driverShutdown = new AtomicBoolean();

  /**
   * Creates a runner.
   *
   * @param backend the backend's name, as its provider reports it
   * @param driver how the backend runs tasks and timers
   * @param executor the user's executor, or {@code null} for a default one owned by the runner
   * @param failureHandler where failures no caller can see go
   * @param contextHook the runner's context hook, or {@code null}
   * @param listener the runner's listener, or {@code null}
   */
  EngineRunner(
      String backend,
      TaskDriver driver,
      Executor executor,
      FailureHandler failureHandler,
      ContextHook contextHook,
      GatherListener listener) {
    this.backend = Objects.requireNonNull(backend, "backend");
    this.driver = Objects.requireNonNull(driver, "driver");
    this.failureHandler = Objects.requireNonNull(failureHandler, "failureHandler");
    this.contextHook = contextHook;
    this.listener = listener;
    this.serializableTasks = driver.requiresSerializableTasks();
    this.driverRunsBlockingTasks = driver.runsBlockingTasks();
    this.ownedExecutor = executor == null ? DefaultExecutors.create(backend) : null;
    this.executor = executor == null ? ownedExecutor : executor;
    this.callbacks = DefaultExecutors.create(backend + "-callback");
    this.graceTimers = new GraceTimers(this, driver);
  }

  /**
   * Builds a runner on a provider's driver: the only way a runner comes to be, for discovered
   * providers and for those the application passes to the builder alike. The provider's name was
   * checked, and is not asked again (R25).
   */
  static ConcurrentRunner create(
      Discovery.Loaded chosen,
      Executor executor,
      FailureHandler failureHandler,
      ContextHook contextHook,
      GatherListener listener) {
    ConcurrentRunnerProvider provider = chosen.provider();
    String name = chosen.name();
    String who = "provider " + provider.getClass().getName() + " ('" + name + "')";
    TaskDriver driver;
    try {
      driver = provider.createDriver();
    } catch (RuntimeException | LinkageError e) { // the provider's own code (R27): name it
      throw new IllegalStateException(
          who + " failed to create its driver: " + Foreign.describe(e), e);
    }
    if (driver == null) {
      throw new IllegalStateException(who + " returned a null driver");
    }
    try {
      return new EngineRunner(name, driver, executor, failureHandler, contextHook, listener);
    } catch (RuntimeException | LinkageError e) { // the driver's requiresSerializableTasks(), say
      try {
        driver.shutdown(); // it may own threads already (a timer): nobody else would stop them
      } catch (Throwable alsoFailed) {
        e.addSuppressed(alsoFailed);
      }
      throw new IllegalStateException(
          who + "'s driver failed while the runner was built: " + Foreign.describe(e), e);
    }
  }

  @Override
  public String backend() {
    return backend;
  }

  /** The grace periods of this runner's gathers (R10), on the driver's timers. */
  GraceTimers graceTimers() {
    return graceTimers;
  }

  TaskDriver driver() {
    return driver;
  }

  boolean driverRunsBlockingTasks() {
    return driverRunsBlockingTasks;
  }

  @Override
  public <T> GatherHandle<List<T>> all(
      List<? extends Task<? extends T>> tasks, GatherOptions options) {
    return start("all", GatherRun.Mode.ALL, TaskSnapshot.copy(tasks), options, EngineRunner::list);
  }

  @Override
  public <T> GatherHandle<List<Outcome<T>>> allSettled(
      List<? extends Task<? extends T>> tasks, GatherOptions options) {
    return start(
        "allSettled",
        GatherRun.Mode.SETTLED,
        TaskSnapshot.copy(tasks),
        options,
        EngineRunner::list);
  }

  @Override
  public <T> GatherHandle<T> any(
      List<? extends Task<? extends T>> tasks, GatherOptions options) {
    return start(
        "any", GatherRun.Mode.ANY, TaskSnapshot.copy(tasks), options, EngineRunner::winner);
  }

  @Override
  public <T> GatherHandle<T> race(
      List<? extends Task<? extends T>> tasks, GatherOptions options) {
    Task<?>[] array = TaskSnapshot.copy(tasks);
    Objects.requireNonNull(options, "options"); // a null is named before the empty list
    if (array.length == 0) {
      throw new IllegalArgumentException(
          "race() needs at least one task: a race over no tasks could never complete");
    }
    return start("race", GatherRun.Mode.RACE, array, options, EngineRunner::winner);
  }

  @Override
  public <A, B> GatherHandle<Pair<A, B>> both(
      Task<? extends A> first, Task<? extends B> second, GatherOptions options) {
    return start(
        "both",
        GatherRun.Mode.ALL,
        TaskSnapshot.pair(first, second),
        options,
        (slots, winner) -> new Pair<>(EngineRunner.<A>cast(slots[0]), cast(slots[1])));
  }

  @Override
  public <A, B, R> GatherHandle<R> both(
      Task<? extends A> first,
      Task<? extends B> second,
      BiFunction<? super A, ? super B, ? extends R> combiner,
      GatherOptions options) {
    Task<?>[] array = TaskSnapshot.pair(first, second);
    Objects.requireNonNull(combiner, "combiner");
    return start(
        "both",
        GatherRun.Mode.ALL,
        array,
        options,
        (slots, winner) ->
            combiner.apply(EngineRunner.<A>cast(slots[0]), cast(slots[1])));
  }

  @Override
  public <A, B> GatherHandle<Pair<Outcome<A>, Outcome<B>>> bothSettled(
      Task<? extends A> first, Task<? extends B> second, GatherOptions options) {
    return start(
        "bothSettled",
        GatherRun.Mode.SETTLED,
        TaskSnapshot.pair(first, second),
        options,
        (slots, winner) ->
            new Pair<>(
                EngineRunner.<Outcome<A>>cast(slots[0]),
                EngineRunner.<Outcome<B>>cast(slots[1])));
  }

  /**
   * Cancels every running gather, shuts down the executor this runner owns, and lets the driver
   * release what it owns. Idempotent; does not wait for cancelled tasks.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    live.forEach(GatherRun::cancel);
    if (ownedExecutor != null) {
      ownedExecutor.shutdown();
    }
    shutdownDriverWhenIdle();
  }

  /**
   * The driver's timers outlive close() until the last cancelled gather has completed: its grace
   * timer must still fire if a task ignores interruption (rule R10).
   */
  private void shutdownDriverWhenIdle() {
    if (closed && live.isEmpty() && driverShutdown.compareAndSet(false, true)) {
      // A driver's own code, here its timers' cancellation and its shutdown (R27): neither
      // close() nor the completion of the last gather may fail with it, and every step below
      // must still be taken.
      try {
        graceTimers.shutdown();
      } catch (Throwable driverFailure) {
        callbackFailed(-1, null, driverFailure);
      }
      try {
        driver.shutdown();
      } catch (Throwable driverFailure) {
        callbackFailed(-1, null, driverFailure);
      }
      callbacks.shutdown(); // no timer fires any more; work handed off already still runs
    }
  }

  @Override
  public String toString() {
    return "ConcurrentRunner{backend=" + backend + (closed ? ", closed" : "") + '}';
  }

  /**
   * Sends an event to the failure handler; if the handler throws, logs both the event and the
   * handler's exception, so that nothing is lost (rule R11).
   */
  void report(FailureEvent event) {
    try {
      failureHandler.handle(event);
    } catch (Throwable handlerFailure) {
      logHandlerFailure(event, handlerFailure);
    }
  }

  /**
   * The last resort for an event whose handler threw: one WARNING record. Foreign code to the
   * end (R27): the event's failure is attached to the handler's exception only if it can be
   * printed (a log formatter would otherwise fail on it), and a logger that throws changes
   * nothing.
   */
  private void logHandlerFailure(FailureEvent event, Throwable handlerFailure) {
    try {
      Throwable failure = event.failure();
      if (handlerFailure != failure // a handler may rethrow the event's own failure
          && Foreign.isPrintable(failure)) {
        handlerFailure.addSuppressed(failure);
      }
      LOGGER.log(
          System.Logger.Level.WARNING,
          "concurrent-runner ("
              + backend
              + "): the failure handler threw "
              + Foreign.describe(handlerFailure)
              + " while handling "
              + event,
          Foreign.isPrintable(handlerFailure) ? handlerFailure : null);
    } catch (Throwable loggerFailure) {
      // Nowhere left to report to: the handler and the logger both failed.
    }
  }

  /** A timer action that runs off the driver's timer thread (see {@link #callbacks}). */
  Runnable offTimer(Runnable action) {
    return () -> handOff(action);
  }

  /**
   * Runs engine work on a callbacks thread, with a fresh stack and away from the timer thread;
   * on the calling thread if the callbacks executor rejects it (it is shut down only once no
   * timer can fire) or fails otherwise, except for a {@code StackOverflowError}: that propagates,
   * since a stack that could not even hand the work off cannot run it (R27). The work is the engine's own and does not throw; if it does anyway, that
   * goes to the failure handler.
   */
  void handOff(Runnable work) {
    Runnable guarded =
        () -> {
          try {
            work.run();
          } catch (Throwable t) {
            callbackFailed(-1, null, t);
          }
        };
    try {
      callbacks.execute(guarded);
    } catch (StackOverflowError noStackLeft) {
      throw noStackLeft;
    } catch (Throwable rejected) {
      guarded.run();
    }
  }

  /**
   * {@link #handOff} from a stack that may be nearly exhausted (R27: a lost exit, a gather whose
   * start overflowed): only if the stack has room to spare, else a {@code StackOverflowError} is
   * thrown before anything changed, and the caller leaves the work pending for a shallower or
   * fresh stack, as when the hand-off itself overflows. See {@link Foreign#requireStackRoom}:
   * an executor's code that overflows half-way can be left broken for every later task.
   */
  void handOffFromDeepStack(Runnable work) {
    Foreign.requireStackRoom();
    handOff(work);
  }

  /**
   * Cancels a driver's timer (or a grace entry, which may cancel one): the driver's own code,
   * whose failure is reported and stops nothing else (R11, R27).
   */
  void cancelQuietly(Cancellable timer) {
    try {
      timer.cancel();
    } catch (Throwable t) {
      callbackFailed(-1, null, t);
    }
  }

  /**
   * The one place where a failure inside the engine's own callbacks ends up (rule R11): the body
   * of a blocking task, the completion callback of an async or driver-run task, a timer action,
   * and the cancellations the engine performs from them. The engine catches such a failure where
   * it hands control to a driver (see {@link GatherRun}), so a driver never sees it and needs no
   * failure handler; it reaches the runner's failure handler as one {@link
   * FailureEvent.Kind#CALLBACK_FAILURE} event, identically on every backend.
   *
   * @param taskIndex the task concerned, or -1
   * @param taskName its name, or {@code null}
   */
  void callbackFailed(int taskIndex, String taskName, Throwable failure) {
    try {
      report(
          new FailureEvent(backend, FailureEvent.Kind.CALLBACK_FAILURE, taskIndex, taskName, failure));
    } catch (Throwable lastResort) { // e.g. OutOfMemoryError while building the event
      try {
        LOGGER.log(
            System.Logger.Level.WARNING,
            "concurrent-runner (" + backend + "): a callback of the engine threw",
            Foreign.isPrintable(failure) ? failure : null);
      } catch (Throwable loggerFailure) {
        // Nowhere left to report to.
      }
    }
  }

  void unregister(GatherRun<?> gather) {
    live.remove(gather);
    shutdownDriverWhenIdle();
  }

  private <R> GatherHandle<R> start(
      String operation,
      GatherRun.Mode mode,
      Task<?>[] tasks,
      GatherOptions options,
      GatherRun.Finisher<R> finisher) {
    Objects.requireNonNull(options, "options");
    if (serializableTasks) {
      SerializableTasks.require(tasks, backend);
    }
    if (closed) {
      throw new IllegalStateException(
          "this " + backend + " runner is closed; " + operation + "() cannot start");
    }
    GatherRun<R> gather =
        new GatherRun<>(
            this,
            operation,
            mode,
            tasks,
            options.executor().orElse(executor),
            options.maxConcurrency().orElse(0),
            options.timeout().orElse(null),
            options.taskTimeout().orElse(null),
            options.gracePeriod(),
            finisher,
            GatherObservation.open(
                options.contextHook().orElse(contextHook), listener, this, operation, tasks));
    live.add(gather);
    if (closed) { // close() ran concurrently and may not have seen this gather
      // Never started: it has no events, and if close() cancelled it, its completion waits for
      // a start event that will not come. The driver is shut down if it was the last one.
      unregister(gather);
      throw new IllegalStateException(
          "this " + backend + " runner is closed; " + operation + "() cannot start");
    }
    try {
      gather.start();
    } catch (StackOverflowError noStackLeft) {
      // A gather nested so deeply that its start overflowed the stack (R27): the failure is the
      // caller's, but the gather may hold a task it counted and did not start. Cancelling it on
      // this stack could overflow again half-way, so that is done on a fresh one; if even the
      // hand-off fails, close() cancels it.
      gather.startFailed = true;
      rescuePending = true;
      try {
        handOffFromDeepStack(this::rescueOrphans);
      } catch (Throwable stillNoStack) {
        // left to the next rescue from a fresh stack (see rescueOrphans), or to close()
      }
      throw noStackLeft;
    } catch (RuntimeException | Error e) { // e.g. a driver whose timer rejects the timeout
      abandon(gather);
      throw e;
    }
    return gather;
  }

  /**
   * Finishes, from a fresh stack, what stack overflows left undone in this runner's gathers (see
   * {@link #rescuePending}); cheap when there is nothing to do.
   */
  void rescueOrphans() {
    if (!rescuePending) {
      return;
    }
    rescuePending = false;
    live.forEach(GatherRun::rescue);
  }

  /** Cancels a gather whose start failed, and forgets it. */
  private void abandon(GatherRun<?> gather) {
    gather.cancel();
    live.remove(gather);
    shutdownDriverWhenIdle();
  }

  private static <T> List<T> list(Object[] slots, Object winner) {
    return new SlotList<>(slots);
  }

  private static <T> T winner(Object[] slots, Object winner) {
    return cast(winner);
  }

  @SuppressWarnings("unchecked")
  private static <T> T cast(Object o) {
    return (T) o;
  }
}
