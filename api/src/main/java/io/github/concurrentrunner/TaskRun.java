package io.github.concurrentrunner;

import io.github.concurrentrunner.spi.Cancellable;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.Callable;

/**
 * One start of one task of a gather. It is the body handed to the executor for a blocking task,
 * and the cancellation target for both kinds.
 *
 * <p>The state moves NEW -> RUNNING -> DONE, or NEW -> CANCELLED when the gather cancels a task
 * that has not started (it then never runs), or NEW -> DONE when the executor rejected it. The
 * thread running a blocking task is recorded under this object's monitor, so that {@link
 * #cancel()} interrupts it only while it runs this task, and the body clears an interrupt it was
 * sent before the thread goes back to its pool (the race {@code FutureTask} documents).
 */
final class TaskRun implements Runnable {
  static final int NEW = 0;
  static final int RUNNING = 1;
  static final int DONE = 2;
  static final int CANCELLED = 3;

  private static final VarHandle STATE;

  static {
    try {
      STATE = MethodHandles.lookup().findVarHandle(TaskRun.class, "state", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  final GatherRun<?> gather;
  final int index;
  final Task<?> task;

  @SuppressWarnings("unused") // through STATE
  private volatile int state;

  /** Set before any attempt to cancel, read by a starting body and by {@link #setAsyncCancel}. */
  private volatile boolean cancelRequested;

  private volatile Cancellable asyncCancel;

  /** The task's timer (taskTimeout, then its grace period); guarded by the gather's lock. */
  Cancellable timer;

  /** Guarded by this. */
  private Thread thread;

  /** Guarded by this: whether {@link #cancel()} interrupted {@link #thread}. */
  private boolean interruptSent;

  /**
   * The outcome of the body, stored as soon as it ended (plain writes, published by {@link
   * #lostExit}): if the engine fails to record the exit on the body's thread, another thread
   * records it from here (R27).
   */
  Object exitValue;

  Throwable exitFailure;

  /** Whether the body ended, so that {@link #exitValue} and {@link #exitFailure} hold its outcome. */
  private boolean bodyEnded; // confined to the thread running the body

  /** Set when this run's exit has to be recorded by another thread than the body's (R27). */
  private volatile boolean lostExit;

  /** Whether runBody() handed this run's exit to the gather, or returned without one to hand. */
  private boolean exitHandled; // confined to the thread running the body

  private boolean lostExitTaken; // guarded by this
  private boolean exitObserved; // guarded by this

  // Guarded by the gather's lock.
  boolean exited;
  boolean settled;
  boolean leaked;
  boolean cancelledByGather;

  TaskRun(GatherRun<?> gather, int index, Task<?> task) {
    this.gather = gather;
    this.index = index;
    this.task = task;
  }

  /**
   * The blocking body. It never throws into the driver or the executor: a failure of the engine's
   * own code here goes to the failure handler (R11), as for every callback of the engine.
   */
  @Override
  public void run() {
    try {
      if (runBody()) {
        return;
      }
    } catch (Throwable t) {
      if (exitHandled) { // the exit was recorded; only this report of the engine's error may be lost
        try {
          gather.callbackFailed(this, t);
        } catch (Throwable noStackLeft) {
          // nowhere left to report to on this stack
        }
        return;
      }
      // The engine's own code failed before this run's exit was handed to the gather: typically
      // a StackOverflowError striking between the task's return and onExit when gathers nest on
      // an inline executor. Record the exit elsewhere, with the body's outcome if it ended, else
      // with what was thrown as the task's failure.
      if (!bodyEnded) {
        exitValue = null;
        exitFailure = t;
      }
    }
    // The exit must not be lost (R27). Field writes only before the hand-off: on an exhausted
    // stack any call may throw again, and the exit then stays pending for another thread.
    exitHandled = true;
    lostExit = true;
    gather.lostExitPending = true;
    try {
      handOffLostExit();
    } catch (Throwable stillNoStack) {
      gather.runner.rescuePending = true; // left pending (see handOffLostExit)
    }
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
    exitValue = value;
    exitFailure = failure;
    lostExit = true;
    gather.lostExitPending = true;
    handOffLostExit();
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
   * Runs the body and records its exit; false if the exit could not be recorded on this thread
   * and is left to {@link #run()} to hand off.
   */
  private boolean runBody() {
    if (!STATE.compareAndSet(this, NEW, RUNNING)) {
      exitHandled = true;
      return true; // cancelled before it started, or already run
    }
    if (gather.isStopping()) {
      // The outcome is decided and this task has not started: it never starts (R7), even if the
      // executor reaches it before the gather's cancellation loop does.
      state = CANCELLED;
      gather.onExit(this, null, null, true);
      exitHandled = true;
      return true;
    }
    synchronized (this) {
      thread = Thread.currentThread();
      if (cancelRequested) {
        interruptSent = true;
        thread.interrupt();
      }
    }
    Object value = null;
    Throwable failure = null;
    try {
      gather.onStarted(this);
      Callable<?> callable = ((Task.Blocking<?>) task).callable();
      GatherObservation observation = gather.observation;
      value = observation == null ? callable.call() : observation.startTask(index, callable);
    } catch (Throwable t) { // every Throwable, Errors included, is the task's outcome (R19)
      failure = t;
    }
    exitValue = value;
    exitFailure = failure;
    bodyEnded = true;
    synchronized (this) {
      state = DONE;
      thread = null;
      if (interruptSent) {
        Thread.interrupted(); // do not leak our interrupt into the executor's next task
      }
    }
    boolean stackExhausted;
    try {
      stackExhausted = failure != null && Foreign.nearStackOverflow(failure);
    } catch (Throwable noStackLeft) {
      stackExhausted = true;
    }
    if (stackExhausted) {
      // The body ended in (or just above) a StackOverflowError: this stack is nearly exhausted,
      // and the bookkeeping could overflow it again half-way through, leaving the gather with a
      // task that never exits (R27, deep nesting on an inline executor). Record the exit on a
      // fresh stack instead.
      return false;
    }
    try {
      gather.onExit(this, value, failure, false);
      exitHandled = true;
      return true;
    } catch (Throwable bookkeeping) {
      // The engine's own bookkeeping failed on this thread after a body that did not overflow
      // the stack: record the exit again on a fresh stack, so that it is never lost (R27).
      // Nothing escapes onto the executor's thread.
      return false;
    }
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
   * Claims a task the executor rejected; false if it was cancelled or started meanwhile. Once
   * claimed, the rejection is stored as this run's pending exit before anything else is called,
   * so that an exhausted stack cannot lose it (R27): the caller records it with {@link
   * #takeLostExit}, or hands it off.
   */
  boolean claimRejected(Throwable failure) {
    if (!STATE.compareAndSet(this, NEW, DONE)) {
      return false;
    }
    exitValue = null;
    exitFailure = failure;
    lostExit = true;
    gather.lostExitPending = true;
    if (failure instanceof StackOverflowError) {
      gather.runner.rescuePending = true;
    }
    return true;
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
    synchronized (this) {
      if (thread != null) {
        interruptSent = true;
        thread.interrupt();
      }
    }
    Cancellable cancel = asyncCancel;
    if (cancel != null) {
      cancel.cancel();
    }
  }

  /** The thread running this blocking task now, or {@code null}. */
  synchronized Thread thread() {
    return thread;
  }
}
