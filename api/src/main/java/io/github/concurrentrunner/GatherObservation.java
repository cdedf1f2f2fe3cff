package io.github.concurrentrunner;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;

/*
 * The engine's one door to the user's context hook (R30) and listener (R31). A gather holds one
 * when the runner or the gather has a hook or a listener, and null otherwise: the engine then
 * tests a null field at each of its few call sites and calls nothing, allocates nothing.
 *
 * Every call into the hook or the listener is foreign code (R27): it is guarded here, its failure
 * becomes the starting task's failure (activate) or a CALLBACK_FAILURE event (everything else),
 * and the engine never calls in here while holding its lock, except claimLeak(), which runs no
 * foreign code.
 *
 * Exactly one end per started task, and every task event before the gather's end, rest on a
 * per-task state: NEW -> STARTED (taskStarted sent) -> ENDED (the task's thread claimed its end
 * event, before the engine records its exit) or -> LEAKED (the engine gave up on it; claimed
 * under the engine's lock). The engine completes a gather only after every started task has
 * exited or leaked; a task's end event is sent before its exit is recorded, so it happens-before
 * the gather's end, and a leak cannot be claimed once the task's thread claimed its end: the
 * engine then keeps waiting for that exit, which follows at once. Leak events are sent by the
 * thread that ends the gather, right before the gather's end event.
 *
 * The gather's end comes after its start event even when the gather ends before that event has
 * been handled: the runner's close(), from another thread or from the listener's own
 * gatherStarted, cancels a gather as soon as it is registered, and with no task started that
 * completes it at once. Its completion (the end event, then the handle's) is then deferred to the
 * thread sending the start event, once gatherStarted has returned the observer that must receive
 * the end: see deferCompletion().
 */
final class GatherObservation {
  private static final int NEW = 0;
  private static final int STARTED = 1;
  private static final int ENDED = 2;
  private static final int LEAKED = 3;

  private final EngineRunner runner;
  private final String operation;
  private final Task<?>[] tasks;
  private final ContextHook.Captured captured;
  private final GatherListener listener;

  // Only with a listener.
  private final AtomicIntegerArray states;
  private final AtomicLongArray startNanos;
  private final List<GatherListener.TaskLeaked> leaks;
  private GatherListener.Observer observer = GatherListener.Observer.NONE;
  private long gatherStartNanos;

  /** The gather's start event: not sent yet (or being sent), sent, or sent with the end waiting. */
  private static final int START_PENDING = 0;

  private static final int START_SENT = 1;
  private static final int COMPLETION_DEFERRED = 2;

  /** Only with a listener; {@link #observer} and {@link #deferred} are published through it. */
  private final AtomicInteger start;

  /** The gather whose completion waits until its start event was sent; see deferCompletion(). */
  private GatherRun<?> deferred;

  private GatherObservation(
      EngineRunner runner,
      String operation,
      Task<?>[] tasks,
      ContextHook.Captured captured,
      GatherListener listener) {
    this.runner = runner;
    this.operation = operation;
    this.tasks = tasks;
    this.captured = captured;
    this.listener = listener;
    this.states = listener == null ? null : new AtomicIntegerArray(tasks.length);
    this.startNanos = listener == null ? null : new AtomicLongArray(tasks.length);
    this.leaks = listener == null ? null : new ArrayList<>(0);
    this.start = listener == null ? null : new AtomicInteger(START_PENDING);
  }

  /**
   * Captures the context on the caller's thread; returns null when there is neither a hook nor a
   * listener. A hook that throws, or returns null, fails the call: no task has started.
   *
   * @param hook the gather's hook, else the runner's, or null
   * @param listener the runner's listener, or null
   */
  static GatherObservation open(
      ContextHook hook,
      GatherListener listener,
      EngineRunner runner,
      String operation,
      Task<?>[] tasks) {
    if (hook == null && listener == null) {
      return null;
    }
    ContextHook.Captured captured = null;
    if (hook != null) {
      captured = hook.capture();
      if (captured == null) {
        throw new NullPointerException(
            "the context hook's capture() returned null ("
                + operation
                + "() on "
                + runner.backend()
                + ")");
      }
    }
    return new GatherObservation(runner, operation, tasks, captured, listener);
  }

  /** The gather starts, on the caller's thread, before any task. */
  void gatherStarted() {
    if (listener == null) {
      return;
    }
    gatherStartNanos = System.nanoTime();
    try {
      GatherListener.Observer created = null;
      try {
        created =
            listener.gatherStarted(
                new GatherListener.GatherStarted(runner.backend(), operation, tasks.length));
      } catch (Throwable t) {
        callbackFailed(-1, t);
      }
      observer = created == null ? GatherListener.Observer.NONE : created;
    } finally {
      startSent(); // even when the stack overflowed above (R27)
    }
  }

  /**
   * The start event was sent, or will never be (the gather's start failed for want of stack,
   * R27): a completion deferred until then runs now, on this thread, once.
   */
  void startSent() {
    if (start != null
        && !start.compareAndSet(START_PENDING, START_SENT)
        && start.compareAndSet(COMPLETION_DEFERRED, START_SENT)) {
      // Cancelled (by close()) and done before or while its start event was sent: its completion
      // waited for the observer that the start returned.
      deferred.completeObserved();
    }
  }

  /**
   * Defers the gather's completion (its end event, then its handle's) while its start event has
   * not been sent, so that the end reaches the observer that the start returns (R31). The handle
   * has not been returned to anyone yet then: nobody can wait for it.
   *
   * @param gather the gather to complete (no lambda: a completion allocates nothing for this)
   * @return true if its completion will run once {@link #gatherStarted} has sent the start
   *     event; false if it must run now
   */
  boolean deferCompletion(GatherRun<?> gather) {
    if (listener == null) {
      return false;
    }
    deferred = gather; // published by the compare-and-set
    return start.compareAndSet(START_PENDING, COMPLETION_DEFERRED);
  }

  /**
   * Starts a task: sends its start event, then runs {@code code} in the captured context. For a
   * blocking task {@code code} is its callable, on the executor's thread; for an async task, its
   * supplier ({@code supplier::get}), on the starting thread.
   *
   * @return what {@code code} returned
   * @throws Exception what {@code code} or the hook's {@code activate()} threw: the task's failure
   */
  Object startTask(int index, Callable<?> code) throws Exception {
    taskStarted(index);
    if (captured == null) {
      return code.call();
    }
    ContextHook.Scope scope = activate(index);
    try {
      return code.call();
    } finally {
      close(index, scope);
    }
  }

  private ContextHook.Scope activate(int index) {
    ContextHook.Scope scope = captured.activate(); // its failure is the task's (R30)
    if (scope == null) {
      throw new NullPointerException(
          "the context hook's activate() returned null for " + describe(index));
    }
    return scope;
  }

  private void close(int index, ContextHook.Scope scope) {
    try {
      scope.close();
    } catch (Throwable t) {
      callbackFailed(index, t);
    }
  }

  private void taskStarted(int index) {
    if (listener == null || !states.compareAndSet(index, NEW, STARTED)) {
      return; // no listener, or the engine gave up on it before it got here
    }
    startNanos.set(index, System.nanoTime());
    try {
      observer.taskStarted(new GatherListener.TaskStarted(index, tasks[index].name()));
    } catch (Throwable t) {
      callbackFailed(index, t);
    }
  }

  /**
   * A task's code ended; called by the engine before it records the exit, without its lock.
   *
   * @param failure what the task threw, or null
   * @param stoppedByGather whether the failure is the interruption or cancellation its gather
   *     caused
   */
  void taskExited(int index, Throwable failure, boolean stoppedByGather) {
    if (listener == null || !states.compareAndSet(index, STARTED, ENDED)) {
      return; // never started (rejected, or stopped before it started), or leaked
    }
    GatherListener.Kind kind =
        failure == null
            ? GatherListener.Kind.SUCCESS
            : stoppedByGather ? GatherListener.Kind.CANCELLED : GatherListener.Kind.FAILURE;
    long nanos = System.nanoTime() - startNanos.get(index);
    try {
      observer.taskEnded(
          new GatherListener.TaskEnded(index, tasks[index].name(), kind, nanos, failure));
    } catch (Throwable t) {
      callbackFailed(index, t);
    }
  }

  /**
   * The engine wants to give up on a task (R10); called with its lock held, runs no foreign code.
   *
   * @return false if the task's thread is sending its end event: it exits at once, so the engine
   *     must wait for that exit instead of leaking the task
   */
  boolean claimLeak(int index, LeakedTaskException leak) {
    if (listener == null) {
      return true;
    }
    int state;
    do { // retried when the task's thread moves it NEW -> STARTED under us
      state = states.get(index);
      if (state == ENDED) {
        return false;
      }
    } while (state != LEAKED && !states.compareAndSet(index, state, LEAKED));
    if (state == LEAKED) {
      return true; // already given up on
    }
    if (state == STARTED) { // a task leaked before its start event has no events at all
      synchronized (leaks) {
        leaks.add(new GatherListener.TaskLeaked(index, tasks[index].name(), leak));
      }
    }
    return true;
  }

  /** The gather ends, on the thread that completes it, before its handle completes. */
  void gatherEnded(GatherListener.Kind kind, Throwable failure) {
    if (listener == null) {
      return;
    }
    List<GatherListener.TaskLeaked> leaked;
    synchronized (leaks) {
      leaked = List.copyOf(leaks);
    }
    long now = System.nanoTime();
    for (GatherListener.TaskLeaked leak : leaked) {
      int index = leak.index();
      try {
        observer.taskLeaked(leak);
      } catch (Throwable t) {
        callbackFailed(index, t);
      }
      try {
        observer.taskEnded(
            new GatherListener.TaskEnded(
                index, leak.name(), GatherListener.Kind.LEAKED, now - startNanos.get(index), null));
      } catch (Throwable t) {
        callbackFailed(index, t);
      }
    }
    try {
      observer.gatherEnded(
          new GatherListener.GatherEnded(
              runner.backend(), operation, tasks.length, kind, now - gatherStartNanos, failure));
    } catch (Throwable t) {
      callbackFailed(-1, t);
    }
  }

  private void callbackFailed(int index, Throwable failure) {
    runner.callbackFailed(index, index < 0 ? null : tasks[index].name(), failure);
  }

  private String describe(int index) {
    return tasks[index].describe(index) + " of " + operation + "() on " + runner.backend();
  }
}
