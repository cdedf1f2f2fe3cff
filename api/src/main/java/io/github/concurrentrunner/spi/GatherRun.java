package io.github.concurrentrunner.spi;

import io.github.concurrentrunner.AllFailedException;
import io.github.concurrentrunner.FailureEvent;
import io.github.concurrentrunner.GatherHandle;
import io.github.concurrentrunner.GatherTimeoutException;
import io.github.concurrentrunner.LeakedTaskException;
import io.github.concurrentrunner.Outcome;
import io.github.concurrentrunner.Task;
import io.github.concurrentrunner.TaskFailedException;
import io.github.concurrentrunner.TaskTimeoutException;
import java.io.InterruptedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.channels.ClosedByInterruptException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/*
 * Overview
 *
 * One GatherRun is one call of an operation. It is the handle the caller holds and the state
 * machine that decides the outcome; the backend's TaskDriver only runs tasks and timers.
 *
 * Phases: RUNNING -> STOPPING -> DONE. While RUNNING, tasks are started in input order, at most
 * `limit` at once, by drain(), a work-in-progress loop (as in RxJava's operators) so that tasks
 * completing on the starting thread never recurse. Each task's exit is recorded by onExit(). The
 * first event that decides the outcome (all settled, first failure of all/race, first success of
 * any/race, the gather's timeout, cancel(), close()) calls decide(): the verdict is fixed, the
 * phase becomes STOPPING, every running task is cancelled with interruption and no task starts
 * any more. The handle completes (DONE) when the last started task has exited, or when the grace
 * period ends: tasks still running then are reported as leaked (rule R10).
 *
 * All state below is guarded by `lock`. No user code, executor, driver or failure handler is
 * called while holding it: calls that follow a decision are collected in an Effects object and run
 * after the lock is released.
 *
 * Failures observed after the verdict (other than the interruption or cancellation the gather
 * itself caused) are collected in `extra`, in the order seen; they become suppressed exceptions of
 * what await() throws, or, when the gather succeeded, events for the failure handler (R9, R11).
 */
final class GatherRun<R> implements GatherHandle<R> {

  enum Mode {
    ALL,
    SETTLED,
    ANY,
    RACE
  }

  /** Turns the slots (ALL, SETTLED) or the winner (ANY, RACE) into the result. */
  @FunctionalInterface
  interface Finisher<R> {
    R finish(Object[] slots, Object winner);
  }

  private enum Verdict {
    SUCCESS,
    TASK_FAILED,
    ALL_FAILED,
    TIMED_OUT,
    CANCELLED
  }

  private static final int RUNNING = 0;
  private static final int STOPPING = 1;
  private static final int DONE = 2;

  private static final VarHandle WIP;

  static {
    try {
      WIP = MethodHandles.lookup().findVarHandle(GatherRun.class, "wip", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final AbstractConcurrentRunner runner;
  private final String operation;
  private final Mode mode;
  private final Task<?>[] tasks;
  private final Executor executor;
  private final int limit;
  private final Duration timeout;
  private final Duration taskTimeout;
  private final Duration gracePeriod;
  private final Finisher<R> finisher;
  private final Object lock = new Object();
  private final CompletableFuture<Void> completion = new CompletableFuture<>();

  @SuppressWarnings("unused") // through WIP
  private volatile int wip;

  /** Set by decide(), read without the lock by a task about to start (R7). */
  private volatile boolean stopping;

  // Guarded by lock.
  private final Object[] slots;
  private final TaskRun[] runs;
  private int next;
  private int active;
  private int settled;
  private int phase = RUNNING;
  private Verdict verdict;
  private int failedIndex = -1;
  private Throwable primary;
  private Object winner;
  private int unfinishedAtTimeout;
  private final List<Throwable> extra = new ArrayList<>(0);
  /** The failures of an {@code any} before its verdict, in the order seen (R9). */
  private final List<Throwable> anyFailures = new ArrayList<>(0);
  private final List<LeakedTaskException> leaks = new ArrayList<>(0);
  private Cancellable gatherTimer = Cancellable.NOTHING;
  private Cancellable graceTimer = Cancellable.NOTHING;

  // Written before `completion` completes, read after: safe through the future.
  private R value;
  private Throwable finisherFailure;

  GatherRun(
      AbstractConcurrentRunner runner,
      String operation,
      Mode mode,
      Task<?>[] tasks,
      Executor executor,
      int maxConcurrency,
      Duration timeout,
      Duration taskTimeout,
      Duration gracePeriod,
      Finisher<R> finisher) {
    this.runner = runner;
    this.operation = operation;
    this.mode = mode;
    this.tasks = tasks;
    this.executor = executor;
    this.limit = maxConcurrency > 0 ? maxConcurrency : Integer.MAX_VALUE;
    this.timeout = timeout;
    this.taskTimeout = taskTimeout;
    this.gracePeriod = gracePeriod;
    this.finisher = finisher;
    this.slots = new Object[tasks.length];
    this.runs = new TaskRun[tasks.length];
  }

  /** Starts the gather; called once by the runner after registering it. */
  void start() {
    if (tasks.length == 0) {
      Effects effects = new Effects();
      synchronized (lock) {
        decide(mode == Mode.ANY ? Verdict.ALL_FAILED : Verdict.SUCCESS, effects);
      }
      effects.run();
      return;
    }
    if (timeout != null) {
      armTimer(timeout, this::onGatherTimeout, () -> phase == RUNNING, t -> gatherTimer = t);
    }
    drain();
  }

  // ---------------------------------------------------------------- starting tasks

  /** Starts tasks while the bound allows; re-entrant calls hand their work to the running loop. */
  private void drain() {
    if ((int) WIP.getAndAdd(this, 1) != 0) {
      return;
    }
    int missed = 1;
    do {
      for (; ; ) {
        TaskRun run;
        synchronized (lock) {
          if (phase != RUNNING || next >= tasks.length || active >= limit) {
            break;
          }
          int index = next++;
          active++;
          run = new TaskRun(this, index, tasks[index]);
          runs[index] = run;
        }
        launch(run);
      }
      missed = (int) WIP.getAndAdd(this, -missed) - missed;
    } while (missed != 0);
  }

  private void launch(TaskRun run) {
    if (run.task instanceof Task.Blocking) {
      try {
        runner.driver().execute(executor, run);
      } catch (Throwable rejected) { // R20, R27: the task fails with whatever the executor threw
        if (run.claimRejected()) {
          onExit(run, null, rejected, false);
        } else { // it threw after running (or starting) the body: not the task's, but not lost
          runner.callbackFailed(run.index, run.task.name(), rejected);
        }
      }
      if (run.takeLostExit()) { // an inline executor ran the body, whose bookkeeping failed
        exitElsewhere(run);
      }
      return;
    }
    if (!run.startAsync()) {
      return; // cancelled before it started
    }
    if (stopping) { // decided since this task was reserved: it never starts (R7)
      run.markDone();
      onExit(run, null, null, true);
      return;
    }
    CompletionStage<?> stage;
    try {
      onStarted(run);
      stage = ((Task.Async<?>) run.task).start().get();
      if (stage == null) {
        throw new NullPointerException(
            run.task.describe(run.index) + " returned a null CompletionStage");
      }
    } catch (Throwable t) {
      run.markDone();
      onExit(run, null, t, false);
      return;
    }
    if (stage.getClass() == CompletableFuture.class
        && ((CompletableFuture<?>) stage).isDone()
        && !((CompletableFuture<?>) stage).isCompletedExceptionally()) {
      // Already succeeded (a cache hit, completedFuture): take the value without registering a
      // dependent stage through the driver, which would allocate a future, a callback and a
      // canceller per task (found by the benchmarks' -prof gc). Failed stages take the general
      // path, which unwraps without creating an exception. The exact class: subclasses such as
      // the JDK's minimalCompletionStage() throw UnsupportedOperationException from isDone().
      Object value = ((CompletableFuture<?>) stage).join();
      run.markDone();
      onExit(run, value, null, false);
      return;
    }
    Cancellable cancel;
    try {
      cancel = runner.driver().observe(stage, exitCallback(run));
    } catch (Throwable t) {
      // The stage's own whenComplete (or toCompletableFuture) threw: that is the task's failure,
      // here and wherever this task was started from (R27). A callback that the driver did
      // register anyway finds the exit recorded.
      run.markDone();
      onExit(run, null, t, false);
      return;
    }
    run.setAsyncCancel(cancel);
  }

  /**
   * The exit callback handed to the driver for an async task. It never throws into the stage or
   * the driver: a failure of the engine itself goes to the failure handler (R11, R27).
   */
  private java.util.function.BiConsumer<Object, Throwable> exitCallback(TaskRun run) {
    return (result, failure) -> {
      try {
        run.markDone();
        onExit(run, result, unwrap(failure), false);
      } catch (Throwable t) {
        runner.callbackFailed(run.index, run.task.name(), t);
      }
    };
  }

  /**
   * Records a blocking task's exit that its own thread failed to record (see {@link
   * TaskRun#run()}), on a thread with a fresh stack.
   */
  void exitElsewhere(TaskRun run) {
    runner.handOff(
        () -> {
          try {
            onExit(run, run.lostValue, run.lostFailure, false);
          } catch (Throwable t) {
            runner.callbackFailed(run.index, run.task.name(), t);
          }
        });
  }

  /**
   * A cancellation of a task's stage threw (its {@code toCompletableFuture()} or its future's
   * {@code cancel}): the task cannot be stopped and will not report, so what it threw is its
   * failure and it counts as finished (R27), instead of being waited for and reported as leaked.
   */
  void cancellationFailed(TaskRun run, Throwable failure) {
    run.markDone();
    onExit(run, null, failure, false);
  }

  /** A task began running: start its own timeout, measured from now (R16). */
  void onStarted(TaskRun run) {
    if (taskTimeout == null) {
      return;
    }
    armTimer(
        taskTimeout,
        () -> onTaskTimeout(run),
        () -> !run.exited && !run.settled && phase == RUNNING,
        t -> run.timer = t);
  }

  /**
   * Schedules a timer without the lock, then keeps it (under the lock) if it is still needed, and
   * cancels it otherwise: the event it guards may have happened while it was being scheduled.
   *
   * @param stillNeeded evaluated with the lock held
   * @param keep stores the timer, called with the lock held
   */
  private void armTimer(
      Duration delay, Runnable action, BooleanSupplier stillNeeded, Consumer<Cancellable> keep) {
    Cancellable timer = scheduleWhileRunning(delay, action);
    boolean needed;
    synchronized (lock) {
      needed = stillNeeded.getAsBoolean();
      if (needed) {
        keep.accept(timer);
      }
    }
    if (!needed) {
      timer.cancel();
    }
  }

  /**
   * Schedules a timer of a running gather. A concurrent {@code close()} may have cancelled this
   * gather and stopped the driver's timer already (found by the jcstress test CloseVsStart): the
   * timer is then not needed, and its rejection must not escape into the caller or a task's body.
   */
  private Cancellable scheduleWhileRunning(Duration delay, Runnable action) {
    try {
      return runner.driver().schedule(Foreign.saturated(delay), runner.offTimer(action));
    } catch (RejectedExecutionException rejected) {
      synchronized (lock) {
        if (phase != RUNNING) {
          return Cancellable.NOTHING;
        }
      }
      throw rejected;
    }
  }

  // ---------------------------------------------------------------- events

  /**
   * A task run ended: it returned, threw, or (neverStarted) was cancelled before it started.
   * Called exactly once per run that was created, from any thread, without the lock.
   */
  void onExit(TaskRun run, Object result, Throwable failure, boolean neverStarted) {
    Effects effects = null;
    boolean startMore;
    synchronized (lock) {
      if (run.exited) {
        return;
      }
      run.exited = true;
      if (failure == null
          && !neverStarted
          && !run.leaked
          && !run.settled
          && run.timer == null
          && phase == RUNNING
          && (mode == Mode.ALL || mode == Mode.SETTLED)
          && settled + 1 < tasks.length) {
        // The common exit: a success that decides nothing and has no timer, so no Effects.
        run.settled = true;
        runs[run.index] = null;
        active--;
        slots[run.index] = mode == Mode.ALL ? result : Outcome.success(result);
        settled++;
        // Only an exit that frees a place under the bound can unblock drain(): drain() stops
        // early only at the bound, so without one the starting loop starts every task itself
        // and pool threads skip the contended WIP counter.
        startMore = next < tasks.length && active + 1 >= limit;
      } else {
        effects = new Effects();
        startMore = exitLocked(run, result, failure, neverStarted, effects);
      }
    }
    if (effects != null) {
      effects.run();
    }
    if (startMore) {
      drain();
    }
  }

  /** The general exit, with the lock held; returns whether more tasks may start. */
  private boolean exitLocked(
      TaskRun run, Object result, Throwable failure, boolean neverStarted, Effects effects) {
    effects.cancel(run.timer);
    run.timer = null;
    if (run.leaked) {
      // The gather already gave up on it; nobody can see this outcome any more (R11).
      if (failure != null && !causedByGather(run, failure)) {
        effects.event(FailureEvent.Kind.LATE_FAILURE, run, failure);
      }
      return false;
    }
    runs[run.index] = null;
    active--;
    if (!neverStarted) {
      if (!run.settled && phase == RUNNING) {
        run.settled = true;
        record(run, result, failure, effects);
      } else if (failure != null && !causedByGather(run, failure)) {
        addExtra(failure);
      }
    }
    if (phase == RUNNING) {
      return true;
    }
    if (phase == STOPPING && active == 0) {
      phase = DONE;
      effects.complete = true;
    }
    return false;
  }

  /** Whether the outcome is decided, so that no further task may start (R7). */
  boolean isStopping() {
    return stopping;
  }

  /** Records a task's own outcome while RUNNING; may decide the verdict. */
  private void record(TaskRun run, Object result, Throwable failure, Effects effects) {
    int index = run.index;
    switch (mode) {
      case ALL -> {
        if (failure == null) {
          slots[index] = result;
          if (++settled == tasks.length) {
            decide(Verdict.SUCCESS, effects);
          }
        } else {
          settled++;
          failedIndex = index;
          primary = failure;
          decide(Verdict.TASK_FAILED, effects);
        }
      }
      case SETTLED -> {
        slots[index] = failure == null ? Outcome.success(result) : new Outcome.Failure<>(failure);
        if (++settled == tasks.length) {
          decide(Verdict.SUCCESS, effects);
        }
      }
      case ANY -> {
        settled++;
        if (failure == null) {
          winner = result;
          decide(Verdict.SUCCESS, effects);
        } else {
          slots[index] = failure;
          anyFailures.add(failure);
          if (settled == tasks.length) {
            decide(Verdict.ALL_FAILED, effects);
          }
        }
      }
      case RACE -> {
        settled++;
        if (failure == null) {
          winner = result;
          decide(Verdict.SUCCESS, effects);
        } else {
          failedIndex = index;
          primary = failure;
          decide(Verdict.TASK_FAILED, effects);
        }
      }
    }
  }

  /** The task's own timeout passed (R16). */
  private void onTaskTimeout(TaskRun run) {
    Effects effects = new Effects();
    synchronized (lock) {
      if (run.exited || run.settled || phase != RUNNING) {
        return;
      }
      run.settled = true;
      run.cancelledByGather = true;
      effects.cancelRun(run);
      TaskTimeoutException timedOut =
          new TaskTimeoutException(
              runner.backend(), run.index, run.task.name(), taskTimeout);
      if (mode == Mode.SETTLED) {
        slots[run.index] = new Outcome.TimedOut<>();
        if (++settled == tasks.length) {
          decide(Verdict.SUCCESS, effects);
        }
      } else {
        record(run, null, timedOut, effects);
      }
    }
    effects.run();
    // It keeps its place in the bound until it exits, or until its own grace period ends.
    armTimer(
        gracePeriod,
        () -> onTaskGraceEnded(run),
        () -> !run.exited && !run.leaked && phase == RUNNING,
        t -> run.timer = t);
  }

  /** A task cancelled by its own timeout is still running after the grace period. */
  private void onTaskGraceEnded(TaskRun run) {
    Effects effects = new Effects();
    synchronized (lock) {
      if (run.exited || run.leaked || phase != RUNNING) {
        return;
      }
      leak(run, effects);
    }
    effects.run();
    drain();
  }

  private void onGatherTimeout() {
    Effects effects = new Effects();
    synchronized (lock) {
      if (phase != RUNNING) {
        return;
      }
      gatherTimer = Cancellable.NOTHING;
      if (mode == Mode.SETTLED) {
        for (int i = 0; i < slots.length; i++) {
          if (slots[i] == null) {
            slots[i] = new Outcome.TimedOut<>();
            TaskRun run = runs[i];
            if (run != null) {
              run.settled = true;
            }
          }
        }
        settled = tasks.length;
        decide(Verdict.SUCCESS, effects);
      } else {
        unfinishedAtTimeout = tasks.length - settled;
        decide(Verdict.TIMED_OUT, effects);
      }
    }
    effects.run();
  }

  private void onGraceEnded() {
    Effects effects = new Effects();
    synchronized (lock) {
      if (phase != STOPPING) {
        return;
      }
      for (TaskRun run : runs) {
        if (run != null) {
          leak(run, effects);
        }
      }
      if (active == 0) {
        phase = DONE;
        effects.complete = true;
      }
    }
    effects.run();
  }

  /** Gives up on a cancelled task that ignores interruption (R10). */
  private void leak(TaskRun run, Effects effects) {
    run.leaked = true;
    runs[run.index] = null;
    active--;
    effects.cancel(run.timer);
    run.timer = null;
    LeakedTaskException leaked =
        new LeakedTaskException(
            runner.backend(), run.index, run.task.name(), gracePeriod, run.thread());
    leaks.add(leaked);
    effects.event(FailureEvent.Kind.LEAKED_TASK, run, leaked);
  }

  /**
   * Fixes the verdict and starts stopping: cancels every running task, and arms the grace timer
   * if some are still running. Called with the lock held, while RUNNING.
   */
  private void decide(Verdict decided, Effects effects) {
    verdict = decided;
    phase = STOPPING;
    stopping = true;
    effects.cancel(gatherTimer);
    gatherTimer = Cancellable.NOTHING;
    for (TaskRun run : runs) {
      if (run != null) {
        run.cancelledByGather = true;
        effects.cancelRun(run);
      }
    }
    if (active == 0) {
      phase = DONE;
      effects.complete = true;
    } else {
      effects.armGrace = true;
    }
  }

  private void addExtra(Throwable failure) {
    if (failure == primary) {
      return;
    }
    for (Throwable seen : extra) {
      if (seen == failure) {
        return;
      }
    }
    extra.add(failure);
  }

  /** Whether a failure is the interruption or cancellation that the gather itself caused (R9). */
  private static boolean causedByGather(TaskRun run, Throwable failure) {
    // Called with the lock held: the walk is bounded and cycle-safe, and calls only getCause(),
    // whose failure ends it (R27).
    return run.cancelledByGather && Foreign.causeChainContains(failure, GatherRun::isInterruption);
  }

  private static boolean isInterruption(Throwable t) {
    return t instanceof InterruptedException
        || t instanceof CancellationException
        || t instanceof InterruptedIOException
        || t instanceof ClosedByInterruptException;
  }

  private static Throwable unwrap(Throwable failure) {
    if (failure instanceof CompletionException) {
      Throwable cause;
      try {
        cause = failure.getCause(); // a subclass's getCause() may throw (R27)
      } catch (Throwable broken) {
        cause = null;
      }
      return cause != null ? cause : failure;
    }
    return failure;
  }

  /** Completes the handle; called once, without the lock, after phase became DONE. */
  private void complete() {
    List<Throwable> lateFailures;
    synchronized (lock) {
      lateFailures = verdict == Verdict.SUCCESS ? List.copyOf(extra) : List.of();
    }
    if (verdict == Verdict.SUCCESS) {
      try {
        value = finisher.finish(slots, winner);
      } catch (Throwable t) { // a combiner's failure is await()'s failure, same instance
        finisherFailure = t;
      }
    }
    // Events first, as in Effects.run(): when await() returns, the handler has seen them.
    for (Throwable late : lateFailures) {
      runner.report(new FailureEvent(runner.backend(), FailureEvent.Kind.LATE_FAILURE, -1, null, late));
    }
    runner.unregister(this);
    completion.complete(null);
  }

  // ---------------------------------------------------------------- the handle

  @Override
  public R await() throws InterruptedException {
    try {
      completion.get();
    } catch (InterruptedException e) {
      interrupted();
      throw e;
    } catch (ExecutionException e) {
      throw new AssertionError("the completion future never fails", e);
    }
    return result();
  }

  @Override
  public R await(Duration timeout) throws InterruptedException, TimeoutException {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("timeout must not be negative but was " + timeout);
    }
    try {
      // Saturated: a timeout beyond what a long of nanoseconds holds waits "practically forever".
      completion.get(Foreign.saturatedNanos(timeout), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      interrupted();
      throw e;
    } catch (ExecutionException e) {
      throw new AssertionError("the completion future never fails", e);
    }
    return result();
  }

  /** R18: the waiting thread was interrupted: cancel, and leave the interrupt status clear. */
  private void interrupted() {
    Thread.interrupted();
    cancel();
  }

  private R result() {
    if (verdict == Verdict.SUCCESS && finisherFailure == null) {
      return value;
    }
    throw sneaky(failure());
  }

  /** The exception await() throws, made now so that its stack trace is the caller's (R8). */
  private Throwable failure() {
    if (finisherFailure != null) {
      return finisherFailure;
    }
    String backend = runner.backend();
    RuntimeException failure =
        switch (verdict) {
          case TASK_FAILED -> new TaskFailedException(
              backend, failedIndex, tasks[failedIndex].name(), primary);
          case ALL_FAILED -> {
            List<Throwable> failures = new ArrayList<>(slots.length);
            for (Object slot : slots) {
              failures.add((Throwable) slot);
            }
            yield new AllFailedException(backend, failures);
          }
          case TIMED_OUT -> new GatherTimeoutException(
              backend, operation, timeout, unfinishedAtTimeout);
          case CANCELLED -> new CancellationException(
              operation + "() over " + tasks.length + " tasks was cancelled on backend '" + backend + "'");
          case SUCCESS -> throw new AssertionError("not a failure");
        };
    synchronized (lock) {
      if (verdict == Verdict.TIMED_OUT || verdict == Verdict.CANCELLED) {
        // Whatever ends the gather carries the failures seen before it (R9): no failure reaches
        // no one. (For ALL_FAILED they are the AllFailedException's own.)
        anyFailures.forEach(failure::addSuppressed);
      }
      extra.forEach(failure::addSuppressed);
      leaks.forEach(failure::addSuppressed);
    }
    return failure;
  }

  @SuppressWarnings("unchecked")
  private static <E extends Throwable> RuntimeException sneaky(Throwable t) throws E {
    throw (E) t;
  }

  @Override
  public boolean cancel() {
    Effects effects = new Effects();
    synchronized (lock) {
      if (phase != RUNNING) {
        return false;
      }
      decide(Verdict.CANCELLED, effects);
    }
    effects.run();
    return true;
  }

  @Override
  public boolean isDone() {
    return completion.isDone();
  }

  @Override
  public CompletableFuture<R> toCompletableFuture() {
    CompletableFuture<R> view = new CompletableFuture<>();
    completion.whenComplete(
        (ignored, never) -> {
          if (verdict == Verdict.SUCCESS && finisherFailure == null) {
            view.complete(value);
          } else {
            view.completeExceptionally(failure());
          }
        });
    view.whenComplete(
        (ignored, failure) -> {
          if (view.isCancelled()) {
            cancel();
          }
        });
    return view;
  }

  @Override
  public String toString() {
    synchronized (lock) {
      return "GatherHandle{"
          + operation
          + " of "
          + tasks.length
          + " tasks on "
          + runner.backend()
          + ", "
          + (phase == RUNNING ? "running" : phase == STOPPING ? "stopping" : "done")
          + (verdict == null ? "" : ", " + verdict)
          + ", active="
          + active
          + '}';
    }
  }

  /**
   * What to do once the lock is released: cancel tasks and timers, arm the grace timer, report
   * events, complete the handle.
   */
  private final class Effects {
    private List<Object> cancels;
    private List<FailureEvent> events;
    boolean armGrace;
    boolean complete;

    void cancel(Cancellable cancellable) {
      if (cancellable != null && cancellable != Cancellable.NOTHING) {
        add(cancellable);
      }
    }

    void cancelRun(TaskRun run) {
      add(run);
    }

    private void add(Object o) {
      if (cancels == null) {
        cancels = new ArrayList<>();
      }
      cancels.add(o);
    }

    void event(FailureEvent.Kind kind, TaskRun run, Throwable failure) {
      if (events == null) {
        events = new ArrayList<>(1);
      }
      events.add(new FailureEvent(runner.backend(), kind, run.index, run.task.name(), failure));
    }

    void run() {
      if (cancels != null) {
        for (Object o : cancels) {
          // A cancellation may run foreign code (a task's stage, a driver): whatever it throws,
          // the other cancellations and the completion still happen (R27).
          try {
            if (o instanceof TaskRun run) {
              run.cancel();
            } else {
              ((Cancellable) o).cancel();
            }
          } catch (Throwable t) {
            if (o instanceof TaskRun run) {
              cancellationFailed(run, t);
            } else {
              runner.callbackFailed(-1, null, t);
            }
          }
        }
      }
      if (armGrace) {
        // The cancellations above may have completed the gather already, on this thread (an
        // async task's future completes synchronously when cancelled). After close() its
        // completion shuts the driver down, whose timer then rejects a new timer (TCK R24): do
        // not arm a grace timer for a gather that is done.
        synchronized (lock) {
          if (phase == DONE) {
            armGrace = false;
          }
        }
      }
      if (armGrace) {
        Cancellable timer;
        try {
          timer =
              runner
                  .driver()
                  .schedule(
                      Foreign.saturated(gracePeriod), runner.offTimer(GatherRun.this::onGraceEnded));
        } catch (RejectedExecutionException e) {
          // Only possible if another thread completed the gather meanwhile (the driver shuts
          // down once the closed runner's last gather completed); anything else is a real error.
          synchronized (lock) {
            if (phase != DONE) {
              throw e;
            }
          }
          timer = Cancellable.NOTHING;
        }
        boolean late;
        synchronized (lock) {
          late = phase == DONE;
          if (!late) {
            graceTimer = timer;
          }
        }
        if (late) {
          timer.cancel();
        }
      }
      // Events before completion (TCK R10, R11): a LEAKED_TASK event must reach the handler
      // before await() returns, and before the leaked task's own LATE_FAILURE, which the task's
      // thread may report as soon as the caller, released by the completion, lets it go.
      if (events != null) {
        events.forEach(runner::report);
      }
      if (complete) {
        Cancellable grace;
        synchronized (lock) {
          grace = graceTimer;
          graceTimer = Cancellable.NOTHING;
        }
        grace.cancel();
        complete();
      }
    }
  }
}
