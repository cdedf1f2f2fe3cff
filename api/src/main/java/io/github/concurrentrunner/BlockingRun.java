package io.github.concurrentrunner;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.Callable;

/**
 * One start of one blocking task: the body handed to the executor.
 *
 * <p>Its thread is interrupted by the protocol of {@code FutureTask}, without a lock (issue #12:
 * two monitor round trips less per task, and no thread woken by an interrupt while its waker holds
 * a lock the woken thread needs next). The body claims the run (NEW -> RUNNING), then records its
 * thread; a second run of the same body, which an executor may make (R27), claims nothing and
 * writes nothing. A cancellation interrupts it only by moving the state from RUNNING to {@link
 * #INTERRUPTING}, waiting for the thread to be recorded if it finds none yet, and then moving it
 * to {@link #INTERRUPTED}; the body ends by moving it from RUNNING to DONE
 * (or CANCELLED), and if that fails, a cancellation got there first: the body waits while the
 * interrupt is being sent, then clears it, so that it never leaks into the executor's next task.
 * A run is interrupted at most once, however many cancellations reach it (R10: a task that handles
 * the first interrupt, cleaning up, is not interrupted again).
 */
final class BlockingRun extends TaskRun implements Runnable {

  /** RUNNING, and a cancellation is interrupting the thread now. */
  static final int INTERRUPTING = 4;

  /** RUNNING, and a cancellation interrupted the thread. */
  static final int INTERRUPTED = 5;

  /**
   * The thread running the body: written once, by the run that claimed the state (NEW ->
   * RUNNING), right after its claim, so that a second run of the body on another thread writes
   * nothing here and the cancellation interrupts the thread that runs it (R27). A plain write
   * (issue #12: one compare-and-set per task less than claiming the thread by one as well): a
   * cancellation that finds the state RUNNING and this field still null waits for it (see {@link
   * #runningThread()}). Read with opaque reads through {@link #THREAD}.
   */
  private Thread thread;

  private static final VarHandle THREAD;

  static {
    try {
      THREAD = MethodHandles.lookup().findVarHandle(BlockingRun.class, "thread", Thread.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

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
    Thread current = Thread.currentThread(); // before the claim: a native call may overflow
    if (!STATE.compareAndSet(this, NEW, RUNNING)) {
      // Cancelled before it started, or a second run of the body by the executor (R27), maybe
      // while the first runs: writes nothing, not even this run's own fields.
      return true;
    }
    // A plain field write, which cannot throw (not even on an exhausted stack), so that a
    // cancellation waiting for it (runningThread()) is never left waiting.
    thread = current;
    if (gather.isStopping()) {
      // The outcome is decided and this task has not started: it never starts (R7), even if the
      // executor reaches it before the gather's cancellation loop does.
      end(CANCELLED);
      gather.onExit(this, null, null, true);
      exitHandled = true;
      return true;
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
    end(DONE);
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

  /**
   * Ends the run on the body's thread: RUNNING to {@code ended}, or, if a cancellation
   * interrupted this thread meanwhile, waits until its interrupt was sent, then clears it (the
   * race {@code FutureTask} handles the same way), so that it does not leak into the executor's
   * next task.
   */
  private void end(int ended) {
    if (STATE.compareAndSet(this, RUNNING, ended)) {
      return;
    }
    while (state == INTERRUPTING) {
      Thread.yield(); // the cancelling thread is inside Thread.interrupt(): a short wait
    }
    Thread.interrupted();
    state = ended;
  }

  /**
   * A thread of a {@code Thread} subclass (an application's thread factory) runs its own {@code
   * interrupt()}, which may block: the grace period is then started before the interrupt (R10).
   */
  @Override
  boolean cancelsForeignCode() {
    if (super.cancelsForeignCode()) {
      return true;
    }
    if (state != RUNNING) { // not started, ended, or interrupted already: no interrupt to send
      return false;
    }
    Thread running = (Thread) THREAD.getOpaque(this);
    // Not recorded yet (the body claimed the run an instant ago), or a run that the driver runs
    // itself: the cancellation may call foreign code, and the grace period starts first.
    return running == null || running.getClass().getClassLoader() != null;
  }

  @Override
  void interruptIfRunning() {
    // A run that the driver runs itself (the REMOTE profile) has no thread here: its driver
    // cancels it.
    if (state == RUNNING
        && !gather.runner.driverRunsBlockingTasks()
        && STATE.compareAndSet(this, RUNNING, INTERRUPTING)) {
      try {
        runningThread().interrupt();
      } catch (Throwable t) {
        // A Thread subclass's interrupt() threw: the body still runs, and exits, or is leaked
        // after the grace period, like any task ignoring interruption; its outcome then still
        // reaches the handler (R10, R11). Not a failed cancellation: that is a stage's or a
        // driver's, whose task cannot report any more (R27).
        gather.callbackFailed(this, t);
      } finally {
        state = INTERRUPTED;
      }
    }
  }

  /**
   * The thread of the body that claimed this run, which the cancellation that moved the state
   * from RUNNING to INTERRUPTING holds: the body records it right after its claim, so this waits
   * only while a body is between its claim and that plain write (a few instructions, unless its
   * thread is descheduled there), as the body waits in {@link #end} for an interrupt being sent.
   */
  private Thread runningThread() {
    Thread running;
    while ((running = (Thread) THREAD.getOpaque(this)) == null) {
      Thread.yield();
    }
    return running;
  }

  @Override
  Thread thread() {
    int s = state;
    return s == RUNNING || s == INTERRUPTING || s == INTERRUPTED
        ? (Thread) THREAD.getOpaque(this) // null for an instant after the claim, or when remote
        : null;
  }
}
