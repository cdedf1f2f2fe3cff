package io.github.concurrentrunner;

import io.github.concurrentrunner.spi.Cancellable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadPoolExecutor;

/**
 * What a {@link GatherRun} does once its lock is released: cancel tasks and timers, arm the grace
 * timer, report events, complete the handle. A decision, taken under the lock, only records these
 * here, so that no foreign code (a task's stage, a driver, a failure handler) runs while the lock
 * is held (R27). Used by one thread, then dropped.
 */
final class Effects {
  private final GatherRun<?> gather;
  private List<Object> cancels;
  private List<FailureEvent> events;
  boolean armGrace;
  boolean complete;

  /**
   * A pool whose queue holds many bodies of this gather that its verdict cancelled before they
   * started, or null. They would each be taken from the queue and skipped by the pool's threads,
   * which on a small pool then compete for the processors with the caller that the verdict wakes
   * (issue #12: fail-fast latency); they are taken out in one pass instead: before the grace
   * timer is armed if tasks still run, else after the completion.
   */
  ThreadPoolExecutor purge;

  Effects(GatherRun<?> gather) {
    this.gather = gather;
  }

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
    events.add(
        new FailureEvent(gather.runner().backend(), kind, run.index, run.task.name(), failure));
  }

  void run() {
    EngineRunner runner = gather.runner();
    boolean graceFirst = armGrace && cancelsRunForeignCode();
    if (graceFirst) {
      // A cancellation below runs foreign code (a stage's cancel() and the callbacks it runs,
      // among them the task's exit, which reads the failure's cause chain), which may block or
      // loop on this thread: the grace period starts first, so that the handle completes when it
      // ends whatever that code does (R27, R10). Blocking bodies on the runner's own threads are
      // only interrupted: their grace timer is armed after the purge below (issue #12). The grace
      // periods share the driver's timers (GraceTimers): a runner arms at most one per period.
      armGraceTimer(runner); // the cancellations must be made even if the driver's timer fails
    }
    if (cancels != null) {
      for (Object o : cancels) {
        // A cancellation runs foreign code (an async task's stage, a driver's cancel): if it
        // throws, the other cancellations and the completion must still happen (R11, R27).
        try {
          if (o instanceof TaskRun run) {
            run.cancel();
          } else {
            ((Cancellable) o).cancel();
          }
        } catch (Throwable t) {
          if (o instanceof TaskRun run) {
            // The stage's cancellation threw: the task cannot be stopped and will not report,
            // so that is its failure, and it counts as finished (R27).
            gather.cancellationFailed(run, t);
          } else {
            runner.callbackFailed(-1, null, t);
          }
        }
      }
    }
    if (armGrace && !graceFirst) {
      // Tasks still run: take the cancelled bodies out first. The interrupted tasks wake meanwhile,
      // and if they have exited by the end of the pass the gather is done and needs no grace
      // timer, whose arming wakes the timer's thread (issue #12: on two processors, a thread
      // that competes with the caller the completion wakes). Only from a JDK pool with a JDK
      // queue: another's pass may block, and the grace timer must be armed all the same (R27).
      if (purge != null && isJdkPool(purge)) {
        purge(purge, runner);
        purge = null;
      }
      armGraceTimer(runner); // the events must be reported even if the driver's timer fails
    }
    // Events before completion (TCK R10, R11): a LEAKED_TASK event must reach the handler before
    // await() returns, and before the leaked task's own LATE_FAILURE, which the task's thread may
    // report as soon as the caller, released by the completion, lets it go.
    if (events != null) {
      events.forEach(runner::report);
    }
    if (complete) {
      gather.completeNow();
    }
    if (purge != null) {
      if (isJdkPool(purge)) {
        purge(purge, runner);
      } else {
        // The application's own pool or queue may block: not on the thread that cancels, whose
        // cancel() does not block (R27), but on the runner's own threads.
        ThreadPoolExecutor pool = purge;
        runner.handOff(() -> purge(pool, runner));
      }
    }
  }

  /** Whether a cancellation to make calls foreign code: an async task's, or a driver's task's. */
  private boolean cancelsRunForeignCode() {
    if (cancels != null) {
      for (Object o : cancels) {
        if (o instanceof TaskRun run && run.cancelsForeignCode()) {
          return true;
        }
      }
    }
    return false;
  }

  /** A {@code ThreadPoolExecutor} of the JDK's with a queue of the JDK's: no foreign code. */
  private static boolean isJdkPool(ThreadPoolExecutor pool) {
    return pool.getClass() == ThreadPoolExecutor.class
        && pool.getQueue().getClass().getClassLoader() == null;
  }

  /** Arms the grace timer; a driver whose timer fails is reported, and stops nothing (R27). */
  private void armGraceTimer(EngineRunner runner) {
    try {
      gather.armGraceTimer();
    } catch (Throwable t) {
      runner.callbackFailed(-1, null, t);
    }
  }

  /** Takes this gather's cancelled bodies out of a pool's queue; reports what the pool throws. */
  private void purge(ThreadPoolExecutor pool, EngineRunner runner) {
    try {
      pool.getQueue().removeIf(r -> r instanceof BlockingRun run && run.isCancelledBodyOf(gather));
      pool.purge(); // what ThreadPoolExecutor.remove() does after removing: terminate if shut down
    } catch (Throwable t) { // a pool (or its queue) of the application's own that refuses it
      runner.callbackFailed(-1, null, t);
    }
  }
}
