package io.github.concurrentrunner.spi;

import io.github.concurrentrunner.ConcurrentRunner;
import io.github.concurrentrunner.FailureEvent;
import io.github.concurrentrunner.FailureHandler;
import io.github.concurrentrunner.GatherHandle;
import io.github.concurrentrunner.GatherOptions;
import io.github.concurrentrunner.Outcome;
import io.github.concurrentrunner.Pair;
import io.github.concurrentrunner.Task;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;

/**
 * The base of a backend's runner: it implements every operation of {@link ConcurrentRunner} with
 * the contract's exact semantics, on a {@link TaskDriver} that the backend supplies. A backend
 * that extends it obeys rules R1-R24 by construction and only has to prove, with the TCK, that its
 * driver runs, observes and schedules faithfully.
 *
 * <p>The runner owns a default executor (rule R23) when the configuration names none, and shuts
 * it down in {@link #close()}; it never shuts down an executor it was given.
 */
public abstract class AbstractConcurrentRunner implements ConcurrentRunner {
  private static final System.Logger LOGGER = System.getLogger("io.github.concurrentrunner");

  private final String backend;
  private final TaskDriver driver;
  private final FailureHandler failureHandler;
  private final Executor executor;
  private final ExecutorService ownedExecutor;

  /**
   * Runs timer actions and the effects they decide (cancelling tasks' stages, whose dependents
   * are user code, reporting events, completing handles) off the driver's timer thread, so that
   * one gather's user code never delays another gather's timers (R27). Threads are started only
   * while such work runs: virtual threads on JDK 21+, else a cached pool of daemon threads that
   * holds one thread per piece of work still running.
   */
  private final ExecutorService callbacks;
  private final Set<GatherRun<?>> live = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;
  private final AtomicBoolean driverShutdown = new AtomicBoolean();

  /**
   * Creates a runner.
   *
   * @param backend the backend's name, as its provider reports it
   * @param config the user's executor (if any) and failure handler
   * @param driver how the backend runs tasks and timers
   */
  protected AbstractConcurrentRunner(String backend, RunnerConfig config, TaskDriver driver) {
    this.backend = Objects.requireNonNull(backend, "backend");
    this.driver = Objects.requireNonNull(driver, "driver");
    this.failureHandler = config.failureHandler();
    Executor given = config.executor().orElse(null);
    this.ownedExecutor = given == null ? DefaultExecutors.create(backend) : null;
    this.executor = given == null ? ownedExecutor : given;
    this.callbacks = DefaultExecutors.create(backend + "-callback");
  }

  @Override
  public final String backend() {
    return backend;
  }

  /**
   * Returns the executor that runs blocking tasks when a gather's options name none.
   *
   * @return the runner's executor
   */
  protected final Executor executor() {
    return executor;
  }

  final TaskDriver driver() {
    return driver;
  }

  @Override
  public final <T> GatherHandle<List<T>> all(
      List<? extends Task<? extends T>> tasks, GatherOptions options) {
    return start("all", GatherRun.Mode.ALL, copy(tasks), options, AbstractConcurrentRunner::list);
  }

  @Override
  public final <T> GatherHandle<List<Outcome<T>>> allSettled(
      List<? extends Task<? extends T>> tasks, GatherOptions options) {
    return start(
        "allSettled", GatherRun.Mode.SETTLED, copy(tasks), options, AbstractConcurrentRunner::list);
  }

  @Override
  public final <T> GatherHandle<T> any(
      List<? extends Task<? extends T>> tasks, GatherOptions options) {
    return start("any", GatherRun.Mode.ANY, copy(tasks), options, AbstractConcurrentRunner::winner);
  }

  @Override
  public final <T> GatherHandle<T> race(
      List<? extends Task<? extends T>> tasks, GatherOptions options) {
    Task<?>[] array = copy(tasks);
    if (array.length == 0) {
      throw new IllegalArgumentException(
          "race() needs at least one task: a race over no tasks could never complete");
    }
    return start("race", GatherRun.Mode.RACE, array, options, AbstractConcurrentRunner::winner);
  }

  @Override
  public final <A, B> GatherHandle<Pair<A, B>> both(
      Task<? extends A> first, Task<? extends B> second, GatherOptions options) {
    return start(
        "both",
        GatherRun.Mode.ALL,
        pair(first, second),
        options,
        (slots, winner) -> new Pair<>(AbstractConcurrentRunner.<A>cast(slots[0]), cast(slots[1])));
  }

  @Override
  public final <A, B, R> GatherHandle<R> both(
      Task<? extends A> first,
      Task<? extends B> second,
      BiFunction<? super A, ? super B, ? extends R> combiner,
      GatherOptions options) {
    Task<?>[] array = pair(first, second);
    Objects.requireNonNull(combiner, "combiner");
    return start(
        "both",
        GatherRun.Mode.ALL,
        array,
        options,
        (slots, winner) ->
            combiner.apply(AbstractConcurrentRunner.<A>cast(slots[0]), cast(slots[1])));
  }

  @Override
  public final <A, B> GatherHandle<Pair<Outcome<A>, Outcome<B>>> bothSettled(
      Task<? extends A> first, Task<? extends B> second, GatherOptions options) {
    return start(
        "bothSettled",
        GatherRun.Mode.SETTLED,
        pair(first, second),
        options,
        (slots, winner) ->
            new Pair<>(
                AbstractConcurrentRunner.<Outcome<A>>cast(slots[0]),
                AbstractConcurrentRunner.<Outcome<B>>cast(slots[1])));
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
    for (GatherRun<?> gather : live) {
      gather.cancel();
    }
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
      driver.shutdown();
      callbacks.shutdown(); // no timer fires any more; work handed off already still runs
    }
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "{backend=" + backend + (closed ? ", closed" : "") + '}';
  }

  /**
   * Sends an event to the failure handler; if the handler throws, logs both the event and the
   * handler's exception, so that nothing is lost (rule R11).
   */
  final void report(FailureEvent event) {
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

  /** A failure of the engine's own code, caught where no caller can see it (R11, R27). */
  final void callbackFailed(int taskIndex, String taskName, Throwable failure) {
    report(new FailureEvent(backend, FailureEvent.Kind.CALLBACK_FAILURE, taskIndex, taskName, failure));
  }

  /** A timer action that runs off the driver's timer thread (see {@link #callbacks}). */
  final Runnable offTimer(Runnable action) {
    return () -> handOff(action);
  }

  /**
   * Runs engine work on a callbacks thread, with a fresh stack and away from the timer thread;
   * on the calling thread if the callbacks executor cannot take it (it is shut down only once no
   * timer can fire). The work is the engine's own and does not throw; if it does anyway, that
   * goes to the failure handler.
   */
  final void handOff(Runnable work) {
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
    } catch (Throwable rejected) {
      guarded.run();
    }
  }

  final void unregister(GatherRun<?> gather) {
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
            finisher);
    live.add(gather);
    if (closed) { // close() ran concurrently and may not have seen this gather
      live.remove(gather);
      throw new IllegalStateException(
          "this " + backend + " runner is closed; " + operation + "() cannot start");
    }
    try {
      gather.start();
    } catch (RuntimeException | Error e) { // e.g. a driver whose timer rejects the timeout
      gather.cancel();
      live.remove(gather);
      shutdownDriverWhenIdle();
      throw e;
    }
    return gather;
  }

  /**
   * Validates and copies the input list (rules R4, R29): read once, as the snapshot {@code
   * toArray()} takes, so that a concurrent list changed during the call gives the tasks of one
   * state of it; the copy holds references only (rule R2). A {@code size()} that lies is
   * reported as such, not as the {@code NegativeArraySizeException} or {@code OutOfMemoryError}
   * that copying by it would throw.
   */
  private static Task<?>[] copy(List<? extends Task<?>> tasks) {
    Objects.requireNonNull(tasks, "tasks");
    int claimed = tasks.size();
    if (claimed < 0) {
      throw new IllegalArgumentException(
          "tasks.size() returned " + claimed + ": the list contradicts itself");
    }
    Object[] snapshot;
    try {
      snapshot = tasks.toArray();
    } catch (NegativeArraySizeException | OutOfMemoryError e) {
      throw new IllegalArgumentException(
          "tasks.size() returned "
              + claimed
              + " but toArray() failed with "
              + e.getClass().getName()
              + ": the list contradicts itself (or is too large to copy)",
          e);
    }
    if (snapshot == null) {
      throw new IllegalArgumentException("tasks.toArray() returned null: the list is broken");
    }
    Task<?>[] array = new Task<?>[snapshot.length];
    for (int i = 0; i < array.length; i++) {
      Object element = snapshot[i];
      if (element == null) { // not requireNonNull(.., "..." + i): that builds the message each time
        throw new NullPointerException("tasks[" + i + "] is null");
      }
      if (!(element instanceof Task<?> task)) { // possible through unchecked casts
        throw new IllegalArgumentException(
            "tasks[" + i + "] is a " + element.getClass().getName() + ", not a Task");
      }
      array[i] = task;
    }
    return array;
  }

  private static Task<?>[] pair(Task<?> first, Task<?> second) {
    return new Task<?>[] {
      Objects.requireNonNull(first, "first"), Objects.requireNonNull(second, "second")
    };
  }

  private static <T> List<T> list(Object[] slots, Object winner) {
    return Collections.unmodifiableList(Arrays.asList(AbstractConcurrentRunner.<T[]>cast(slots)));
  }

  private static <T> T winner(Object[] slots, Object winner) {
    return cast(winner);
  }

  @SuppressWarnings("unchecked")
  private static <T> T cast(Object o) {
    return (T) o;
  }
}
