package io.github.concurrentrunner;

import io.github.concurrentrunner.spi.Cancellable;
import io.github.concurrentrunner.spi.ConcurrentRunnerProvider;
import io.github.concurrentrunner.spi.TaskDriver;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;

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
    TaskDriver driver = provider.createDriver();
    if (driver == null) {
      throw new IllegalStateException(
          "provider " + provider.getClass().getName() + " ('" + name + "') returned a null driver");
    }
    return new EngineRunner(name, driver, executor, failureHandler, contextHook, listener);
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
    return start("all", GatherRun.Mode.ALL, copy(tasks), options, EngineRunner::list);
  }

  @Override
  public <T> GatherHandle<List<Outcome<T>>> allSettled(
      List<? extends Task<? extends T>> tasks, GatherOptions options) {
    return start(
        "allSettled", GatherRun.Mode.SETTLED, copy(tasks), options, EngineRunner::list);
  }

  @Override
  public <T> GatherHandle<T> any(
      List<? extends Task<? extends T>> tasks, GatherOptions options) {
    return start("any", GatherRun.Mode.ANY, copy(tasks), options, EngineRunner::winner);
  }

  @Override
  public <T> GatherHandle<T> race(
      List<? extends Task<? extends T>> tasks, GatherOptions options) {
    Task<?>[] array = copy(tasks);
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
        pair(first, second),
        options,
        (slots, winner) -> new Pair<>(EngineRunner.<A>cast(slots[0]), cast(slots[1])));
  }

  @Override
  public <A, B, R> GatherHandle<R> both(
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
            combiner.apply(EngineRunner.<A>cast(slots[0]), cast(slots[1])));
  }

  @Override
  public <A, B> GatherHandle<Pair<Outcome<A>, Outcome<B>>> bothSettled(
      Task<? extends A> first, Task<? extends B> second, GatherOptions options) {
    return start(
        "bothSettled",
        GatherRun.Mode.SETTLED,
        pair(first, second),
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
      live.remove(gather);
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
    Task<?>[] typed = typedCopy(tasks);
    if (typed != null) {
      return typed;
    }
    Object[] snapshot;
    try {
      snapshot = tasks.toArray();
    } catch (NegativeArraySizeException
        | OutOfMemoryError
        | NoSuchElementException
        | IndexOutOfBoundsException e) { // a size() larger than its elements, for one (R29)
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
    return checked(snapshot, new Task<?>[snapshot.length]);
  }

  /**
   * Checks every element of a snapshot of the input, naming the first null one or the first that
   * is not a task, and returns {@code into} holding them ({@code into} may be the snapshot itself,
   * when it is a task array already).
   */
  private static Task<?>[] checked(Object[] snapshot, Task<?>[] into) {
    for (int i = 0; i < snapshot.length; i++) {
      Object element = snapshot[i];
      if (element == null) {
        throw nullTask(i);
      }
      if (!(element instanceof Task<?> task)) { // possible through unchecked casts
        throw new IllegalArgumentException(
            "tasks[" + i + "] is a " + element.getClass().getName() + ", not a Task");
      }
      if (into != snapshot) {
        into[i] = task;
      }
    }
    return into;
  }

  /** Not {@code requireNonNull(.., "..." + i)}: that builds the message for every task. */
  private static NullPointerException nullTask(int index) {
    return new NullPointerException("tasks[" + index + "] is null");
  }

  /** The longest list that {@link #typedCopy} copies element by element. */
  private static final int SHORT_LIST = 16;

  /** What {@link #typedCopy} passes to {@code toArray}: a list makes an array of its own size. */
  private static final Task<?>[] NO_TASKS = {};

  /**
   * The JDK's lists whose {@code toArray(T[])} returns an array they keep no reference to (a
   * copy, or the empty array passed in), so that it can serve as the snapshot itself.
   */
  private static final Class<?> LIST_OF_1_2 = List.of(1).getClass(); // one or two elements
  private static final Class<?> LIST_OF_N = List.of(1, 2, 3).getClass(); // none, or three and more
  private static final Class<?> ARRAYS_AS_LIST = Arrays.asList().getClass();

  /**
   * Whether a list is one of the JDK's whose {@code toArray(T[])} returns an array it keeps no
   * reference to (a copy, or the empty array passed in), so that it can serve as the snapshot
   * itself: {@code ArrayList}, {@code List.of}, {@code Arrays.asList}, {@code
   * CopyOnWriteArrayList}. Compared by identity, not looked up in a set: the set's hashing took a
   * sixth of a call over two completed tasks (issue #12, an async-profiler run).
   */
  private static boolean returnsFreshArray(Class<?> type) {
    return type == ArrayList.class
        || type == LIST_OF_1_2
        || type == LIST_OF_N
        || type == ARRAYS_AS_LIST
        || type == CopyOnWriteArrayList.class;
  }

  /**
   * Copies a list whose class {@link #returnsFreshArray} into a task array in one step (issue
   * #12: one array less per call than {@code toArray()} and a copy), checking that no element is
   * null; null when the list is of another class (its {@code toArray} may keep the array, or
   * return one of another type), or holds an element that is not a task (then the general path
   * names it). The copy into a {@code Task[]} checks each element's type already.
   */
  private static Task<?> @Nullable [] typedCopy(List<? extends Task<?>> tasks) {
    if (!returnsFreshArray(tasks.getClass())) {
      return null;
    }
    int claimed = tasks.size();
    if (claimed <= SHORT_LIST && tasks.getClass() != CopyOnWriteArrayList.class) {
      return shortCopy(tasks, claimed);
    }
    Task<?>[] array;
    try {
      array = tasks.toArray(NO_TASKS);
    } catch (ArrayStoreException notATask) { // an element put there through an unchecked cast
      return null;
    }
    for (int i = 0; i < array.length; i++) {
      if (array[i] == null) {
        throw nullTask(i);
      }
    }
    return array;
  }

  /**
   * The copy of a short list that is not a {@code CopyOnWriteArrayList}, element by element: at N
   * = 2, {@code toArray(T[])} took a quarter of a call over completed stages (its type-checking
   * array copy, and the garbage collector's barrier for it, issue #12). For these lists, whose
   * {@code toArray} is no more atomic than this loop, reading each element once is the same
   * snapshot (R29).
   */
  private static Task<?> @Nullable [] shortCopy(List<?> tasks, int size) {
    Task<?>[] array = new Task<?>[size];
    for (int i = 0; i < size; i++) {
      Object element = tasks.get(i);
      if (element == null) {
        throw nullTask(i);
      }
      if (!(element instanceof Task<?> task)) {
        return null; // the general path names it
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
