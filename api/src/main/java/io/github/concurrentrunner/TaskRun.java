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

  /** The outcome of a body whose exit the engine failed to record on its thread (R27). */
  volatile Object lostValue;

  volatile Throwable lostFailure;

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
      runBody();
    } catch (Throwable t) {
      // The engine's own code failed before this run's exit was handed to the gather: typically
      // a StackOverflowError striking between the task's return and onExit when gathers nest on
      // an inline executor. The exit must not be lost (R27): record it elsewhere, with what was
      // thrown as the task's failure, as runBody does when onExit itself fails.
      if (!exitHandled) {
        exitLost(null, t);
      } else {
        gather.callbackFailed(this, t);
      }
    }
  }

  /** Hands an exit that could not be recorded on this thread to another one (R27). */
  private void exitLost(Object value, Throwable failure) {
    lostValue = value;
    lostFailure = failure;
    lostExit = true;
    exitHandled = true;
    try {
      gather.exitElsewhere(this);
      synchronized (this) {
        lostExitTaken = true; // handed off: the launching thread must not hand it off again
      }
    } catch (Throwable stillNoStack) {
      // left to takeLostExit(), called by the thread that launched this task
    }
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

  private void runBody() {
    if (!STATE.compareAndSet(this, NEW, RUNNING)) {
      exitHandled = true;
      return; // cancelled before it started, or already run
    }
    if (gather.isStopping()) {
      // The outcome is decided and this task has not started: it never starts (R7), even if the
      // executor reaches it before the gather's cancellation loop does.
      state = CANCELLED;
      gather.onExit(this, null, null, true);
      exitHandled = true;
      return;
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
    synchronized (this) {
      state = DONE;
      thread = null;
      if (interruptSent) {
        Thread.interrupted(); // do not leak our interrupt into the executor's next task
      }
    }
    try {
      gather.onExit(this, value, failure, false);
      exitHandled = true;
    } catch (Throwable bookkeeping) {
      // The engine's own bookkeeping failed on this thread, typically a StackOverflowError when
      // the task itself overflowed the stack (deep nesting on an inline executor): record the
      // exit again on a fresh stack, so that it is never lost (R27). Nothing escapes onto the
      // executor's thread. If even the hand-off fails here, the thread that launched this task
      // retries it once the stack has unwound (see takeLostExit).
      exitLost(value, failure);
    }
  }

  /**
   * Whether this run's exit still has to be recorded elsewhere; true once. Called by the thread
   * that handed the body to an executor, after the executor returned (or threw).
   */
  boolean takeLostExit() {
    synchronized (this) {
      if (!lostExit || lostExitTaken) {
        return false;
      }
      lostExitTaken = true;
      return true;
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

  /** Claims a task the executor rejected; false if it was cancelled or started meanwhile. */
  boolean claimRejected() {
    return STATE.compareAndSet(this, NEW, DONE);
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
