package io.github.concurrentrunner;

import java.util.concurrent.Callable;

/**
 * One start of one blocking task: the body handed to the executor. The thread running it is
 * recorded under this object's monitor, so that {@link #cancel()} interrupts it only while it
 * runs this task, and the body clears an interrupt it was sent before the thread goes back to its
 * pool (the race {@code FutureTask} documents).
 */
final class BlockingRun extends TaskRun implements Runnable {

  /** Guarded by this. */
  private Thread thread;

  /** Guarded by this: whether {@link #cancel()} interrupted {@link #thread}. */
  private boolean interruptSent;

  /**
   * Guarded by this: whether {@link #interruptEarly()} did what the next {@link
   * #interruptIfRunning()} would do.
   */
  private boolean interruptedEarly;

  /**
   * The outcome of the body, stored as soon as it ended (plain writes, published by {@link
   * #lostExit}): if the engine fails to record the exit on the body's thread, another thread
   * records it from here (R27).
   */
  private Object exitValue;

  private Throwable exitFailure;

  /** Whether the body ended, so that {@link #exitValue} and {@link #exitFailure} hold its outcome. */
  private boolean bodyEnded; // confined to the thread running the body

  /** Whether runBody() handed this run's exit to the gather, or returned without one to hand. */
  private boolean exitHandled; // confined to the thread running the body

  BlockingRun(GatherRun<?> gather, int index, Task.Blocking<?> task) {
    super(gather, index, task);
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

  @Override
  void storeExit(Object value, Throwable failure) {
    exitValue = value;
    exitFailure = failure;
  }

  @Override
  Object lostValue() {
    return exitValue;
  }

  @Override
  Throwable lostFailure() {
    return exitFailure;
  }

  /** Whether this is a body of {@code gather} that was cancelled before it started. */
  boolean isCancelledBodyOf(GatherRun<?> gather) {
    return this.gather == gather && state == CANCELLED;
  }

  @Override
  void interruptEarly() {
    cancelRequested = true;
    synchronized (this) {
      interruptedEarly = true;
      if (thread != null) {
        interruptSent = true;
        thread.interrupt();
      }
    }
  }

  @Override
  void interruptIfRunning() {
    synchronized (this) {
      if (interruptedEarly) {
        // The cancellation that follows an early interrupt: one interrupt per cancellation, as a
        // task that handles the first one (cleaning up) must not be interrupted again (R10).
        interruptedEarly = false;
        return;
      }
      if (thread != null) {
        interruptSent = true;
        thread.interrupt();
      }
    }
  }

  @Override
  synchronized Thread thread() {
    return thread;
  }
}
