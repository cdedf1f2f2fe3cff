package io.github.concurrentrunner;

import io.github.concurrentrunner.spi.Cancellable;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One start of one task of a gather: the cancellation target of an async task, and the base of
 * {@link BlockingRun}, the body handed to the executor for a blocking task. It holds only what
 * every task needs, since a gather allocates one per started task (issue #12: 48 bytes with
 * compressed references, against 64 when it also held the blocking body's fields), except for
 * async tasks whose stages had already succeeded: those share one run (see {@link #reuse}).
 *
 * <p>The state moves NEW -> RUNNING -> DONE, or NEW -> CANCELLED when the gather cancels a task
 * that has not started (it then never runs), or NEW -> DONE when the executor rejected it. A
 * blocking task's run passes through two more while a cancellation interrupts it (see {@link
 * BlockingRun}).
 */
class TaskRun {
  static final int NEW = 0;
  static final int RUNNING = 1;
  static final int DONE = 2;
  static final int CANCELLED = 3;

  static final VarHandle STATE;

  static {
    try {
      STATE = MethodHandles.lookup().findVarHandle(TaskRun.class, "state", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  final GatherRun<?> gather;

  /**
   * The task this run starts, and its index. Not final: a run whose async task returned a stage
   * that had already succeeded, and whose exit was the common one, is known to nobody but its
   * gather, which starts its next async task with it (see {@link #reuse}); written with the
   * gather's lock held before the run is published in its {@code runs} array.
   */
  int index;

  Task<?> task;

  /** Through {@link #STATE}, or written directly by {@link BlockingRun}. */
  volatile int state;

  /**
   * Set before any attempt to cancel, read by {@link #setAsyncCancel} (an async or driver-run task
   * whose canceller arrives after the cancellation). A blocking body no longer reads it: its
   * cancellation finds the thread through the run's state (see {@link BlockingRun}).
   */
  volatile boolean cancelRequested;

  private volatile Cancellable asyncCancel;

  /** The task's timer (taskTimeout, then its grace period); guarded by the gather's lock. */
  Cancellable timer;

  /** The outcome of an async task whose exit is recorded on a fresh stack (R27), or null. */
  private Object[] lostOutcome;

  /** Set when this run's exit has to be recorded by another thread than the body's (R27). */
  volatile boolean lostExit;

  private boolean lostExitTaken; // guarded by this
  private boolean exitObserved; // guarded by this

  // Guarded by the gather's lock.
  boolean exited;
  boolean settled;
  boolean leaked;

  /**
   * Set (under the lock) before the gather cancels this run; read without the lock by its exit,
   * which walks the failure's cause chain only if it is set (see GatherFailures.isInterruption).
   */
  volatile boolean cancelledByGather;

  TaskRun(GatherRun<?> gather, int index, Task<?> task) {
    this.gather = gather;
    this.index = index;
    this.task = task;
  }

  /**
   * Makes a run whose last task was harvested (it returned an already-completed stage and exited
   * the common way, so that nothing kept a reference to this run: no callback, timer, listener or
   * pending cancellation) the run of another async task of the same gather. Called with the
   * gather's lock held, before the run is published again (issue #12: one run per gather instead
   * of one per task when stages are already complete).
   */
  void reuse(int index, Task<?> task) {
    this.index = index;
    this.task = task;
    state = NEW;
    exited = false;
    settled = false;
  }

  /**
   * Marks a run that the lean starting loop of its gather made for its next async task as
   * started: nobody else can reach it until that loop publishes it (see {@link GatherRun}, "The
   * lean path"), so there is no claim to make.
   */
  void startedByLoop() {
    STATE.set(this, RUNNING);
  }

  /**
   * Makes the lean starting loop's run, whose last task was harvested (see {@link
   * #startedByLoop}), the run of its next async task. Plain writes: the run is still known to that
   * loop only.
   */
  void reuseStarted(int index, Task<?> task) {
    this.index = index;
    this.task = task;
  }

  /**
   * Hands an exit that could not be recorded on this thread (already stored in {@link
   * #exitValue}, {@link #exitFailure} and {@link #lostExit}) to a thread with a fresh stack, which
   * records it once (R27). If even the hand-off fails here, the exit stays pending and the next
   * engine code to touch this task on a shallower stack hands it off again: the thread that
   * launched the task, the gather's {@code await()}, or its cancellation. A hand-off made twice
   * records the exit once (see {@link #takeLostExit}).
   */
  void handOffLostExit() {
    try {
      gather.exitElsewhere(this);
    } catch (Throwable stillNoStack) {
      gather.runner.rescuePending = true; // left pending (see above)
    }
  }

  /**
   * Records the exit of an async or driver-run task on a fresh stack: it ended in a {@code
   * StackOverflowError}, or the engine failed to record it on the thread that saw it end (R27).
   */
  void exitOnFreshStack(Object value, Throwable failure) {
    storeExit(value, failure);
    lostExit = true;
    gather.lostExitPending = true;
    handOffLostExit();
  }

  /** Keeps an outcome for {@link #lostValue()} and {@link #lostFailure()}. */
  void storeExit(Object value, Throwable failure) {
    lostOutcome = new Object[] {value, failure};
  }

  /** The value of an exit recorded on a fresh stack; read after {@link #takeLostExit()}. */
  Object lostValue() {
    return lostOutcome[0];
  }

  /** The failure of an exit recorded on a fresh stack; read after {@link #takeLostExit()}. */
  Throwable lostFailure() {
    return (Throwable) lostOutcome[1];
  }

  /**
   * Claims the one task-end event of this run for the gather's observation (R31); false if it was
   * claimed already (an exit recorded twice, such as a lost exit handed off, or a cancellation
   * that failed after the task exited).
   */
  synchronized boolean claimExitObserved() {
    if (exitObserved) {
      return false;
    }
    exitObserved = true;
    return true;
  }

  /**
   * Claims this run's lost exit for recording; true once. Called by the thread that a hand-off
   * reached (see {@link GatherRun#exitElsewhere}).
   */
  synchronized boolean takeLostExit() {
    if (!lostExit || lostExitTaken) {
      return false;
    }
    lostExitTaken = true;
    return true;
  }

  /** Whether this run has an exit that its own thread could not record, and nobody recorded yet. */
  boolean hasPendingLostExit() {
    if (!lostExit) {
      return false;
    }
    synchronized (this) {
      return !lostExitTaken;
    }
  }

  /** Claims an async task for starting; false if it was cancelled first. */
  boolean startAsync() {
    return STATE.compareAndSet(this, NEW, RUNNING);
  }

  /** Marks an async task, or a rejected blocking one, as finished. */
  void markDone() {
    state = DONE;
  }

  /**
   * Whether {@link #cancel()} may call foreign code: the cancellation of an async task's stage, or
   * of a task its driver runs. A blocking body on the runner's own threads is only interrupted.
   */
  boolean cancelsForeignCode() {
    return asyncCancel != null;
  }

  void setAsyncCancel(Cancellable cancel) {
    asyncCancel = cancel;
    if (cancelRequested) {
      try {
        cancel.cancel();
      } catch (Throwable t) { // the stage's cancellation threw: that is the task's failure (R27)
        gather.cancellationFailed(this, t);
      }
    }
  }

  /**
   * Cancels this run if it has not started, and says so: it then never starts, and the caller,
   * which holds the gather's lock, records its exit. Calls no foreign code.
   */
  boolean cancelBeforeStart() {
    return STATE.compareAndSet(this, NEW, CANCELLED);
  }

  /**
   * Cancels this run: a task that has not started never starts (and is reported as exited at
   * once), a running blocking task is interrupted, an async task's operation is cancelled. Called
   * without the gather's lock.
   */
  void cancel() {
    cancelRequested = true;
    if (STATE.compareAndSet(this, NEW, CANCELLED)) {
      gather.onExit(this, null, null, true);
      return;
    }
    if (hasPendingLostExit()) { // its body ended, but its thread had no stack left to record it
      gather.exitElsewhere(this); // (R27)
      return;
    }
    interruptIfRunning();
    Cancellable cancel = asyncCancel;
    if (cancel != null) {
      cancel.cancel();
    }
  }

  /** Interrupts the thread running this task's body, if the runner runs it on one. */
  void interruptIfRunning() {}

  /** The thread running this task's body now, or {@code null}. */
  Thread thread() {
    return null;
  }
}
