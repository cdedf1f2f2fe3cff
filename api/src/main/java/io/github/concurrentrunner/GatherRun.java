// Over 500 lines because one gather's state machine (launch, exits, verdict, timeout, cancel,
// close, leaks) lives under one lock and one atomic word (the lean path's) over one set of fields:
// splitting it would spread the invariants they guard over several classes. What needs neither already lives beside it:
// TaskRun and BlockingRun, GatherFailures, Effects, GatherObservation.
package io.github.concurrentrunner;

import io.github.concurrentrunner.spi.Cancellable;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/*
 * Overview
 *
 * Why this file is long (about 1,800 lines): it is one state machine, under one lock and, on the
 * lean path, one atomic word that the locked transitions also set. Every
 * transition (a task's start, exit, timeout and leak, the gather's timeout, cancel, close and
 * completion) reads and writes the same guarded fields, and the invariants that keep R7, R9 and
 * R10 true hold across them, so they are read together here. What does not touch that state has
 * its own class: the effects run after the lock is released (Effects), the failures collected
 * besides the verdict (GatherFailures), one task's start and cancellation (TaskRun), the runner
 * (EngineRunner), the bounded handling of foreign exceptions and durations (Foreign, R27, R28).
 * Timer actions reach this class through EngineRunner.offTimer, on a callbacks thread, never on
 * the driver's timer thread (R27).
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
 * The state below is guarded by the lock (the monitor of `completion`), except on the lean path
 * (see "The lean path" below): a gather without listener, hook or task timeout starts its tasks
 * without the lock, and one over all/allSettled records their successful exits without it too,
 * meeting the locked transitions in one atomic word, `ctl`. No user code, executor, driver or
 * failure handler is called while holding it: calls that follow a decision are collected in an
 * Effects object and run after the lock is released.
 *
 * Failures observed after the verdict (other than the interruption or cancellation the gather
 * itself caused) are collected in `failures` (GatherFailures), in the order seen; they become
 * suppressed exceptions of what await() throws, or, when the gather succeeded, events for the
 * failure handler (R9, R11).
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

  /*
   * The counters of `ctl`, one long so that the lock-free paths (see "The lean path" above) change
   * them together in one compare-and-set: the tasks started and not exited (bits 0-30), the tasks
   * settled (bits 31-61), and STOP (bit 62), set once, by whoever fixes the verdict. A task count
   * fits 31 bits: the tasks are an array.
   */
  private static final long ACTIVE_ONE = 1L;
  private static final long SETTLED_ONE = 1L << 31;
  private static final long COUNT_MASK = (1L << 31) - 1;
  private static final long STOP = 1L << 62;

  private static final VarHandle WIP;
  private static final VarHandle CTL;
  private static final VarHandle HARVESTING;
  private static final VarHandle LOOP_HOLDER;
  private static final VarHandle STOPPING_FLAG;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      WIP = lookup.findVarHandle(GatherRun.class, "wip", int.class);
      CTL = lookup.findVarHandle(GatherRun.class, "ctl", long.class);
      HARVESTING = lookup.findVarHandle(GatherRun.class, "harvesting", int.class);
      LOOP_HOLDER = lookup.findVarHandle(GatherRun.class, "loopHolder", TaskRun.class);
      STOPPING_FLAG = lookup.findVarHandle(GatherRun.class, "stopping", boolean.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private static final TaskRun[] NO_RUNS = {};

  /**
   * How many cancelled bodies a verdict must leave in a {@link ThreadPoolExecutor}'s queue before
   * it takes them out (see {@link Effects#purge}): below it, the pool's threads skip them sooner
   * than a pass over the queue would.
   */
  private static final int PURGE_THRESHOLD = 16;

  /**
   * How many blocking tasks the lean starting loop of a gather without {@code maxConcurrency}
   * starts with one reservation (see "The lean path"): one compare-and-set of {@link #ctl} and one
   * publication for them all, not one of each per task.
   */
  private static final int BATCH = 64;

  private static int active(long c) {
    return (int) (c & COUNT_MASK);
  }

  private static int settled(long c) {
    return (int) ((c >>> 31) & COUNT_MASK);
  }

  private static boolean stopped(long c) {
    return (c & STOP) != 0;
  }

  final EngineRunner runner;
  private final String operation;
  private final Mode mode;
  private final Task<?>[] tasks;
  private final Executor executor;
  private final int limit;
  private final Duration timeout;
  private final Duration taskTimeout;
  private final Duration gracePeriod;
  private final Finisher<R> finisher;

  /** The context hook and listener of this gather (R30, R31), or null: then nothing is called. */
  final GatherObservation observation;
  private final int hash = ThreadLocalRandom.current().nextInt();

  /**
   * Completed once, when the handle is done; never leaves this object. Its monitor is the
   * gather's lock ({@code synchronized (completion)}, "the lock" below): nothing else uses it (the
   * future never leaves this object, and CompletableFuture synchronizes on nothing), so the gather
   * needs no lock object of its own, nor a field for one (issue #12: the fixed cost per call). Not
   * this handle's own monitor, which the caller may hold.
   */
  private final CompletableFuture<Void> completion = new CompletableFuture<>();

  @SuppressWarnings("unused") // through WIP
  private volatile int wip;

  /** Set by decide(), read without the lock by a task about to start (R7). */
  private volatile boolean stopping;

  /**
   * Set when a task's thread could not record its exit for want of stack (R27), so that {@code
   * await()} makes sure it is handed off before waiting.
   */
  volatile boolean lostExitPending;

  /**
   * Whether this gather takes the lean path: no task timeout, listener or context hook, and for
   * {@code allSettled} no gather timeout (whose verdict writes the slots of the tasks still
   * running). Its tasks start without the lock; the exits of an {@code all} or {@code allSettled}
   * are recorded without it too (see {@link #leanExits()}).
   */
  private final boolean lean;

  /** Started, settled, STOP: see the constants above. Changed atomically, read anywhere. */
  private volatile long ctl;

  /**
   * The index of the task whose supplier the lean starting loop is calling, or -1; written with
   * release semantics by that loop, read with acquire semantics when the grace period ends, so
   * that a supplier that blocks after the verdict is reported as leaked (R10).
   */
  @SuppressWarnings("unused") // through HARVESTING
  private int harvesting = -1;

  /**
   * The run the lean starting loop starts async tasks with, while their stages turn out to have
   * succeeded already; written and read by that loop only.
   */
  private TaskRun harvester;

  /**
   * The run holding the lean starting loop's place in the bound while nobody else can see it
   * (its task's supplier is being called, or its stage harvested), or null. Read when the grace
   * period ends, so that a supplier blocking past the verdict is reported as leaked (R10). Set
   * with the reservation; cleared before the place is given back, and after the run is published
   * in `runs` when it keeps the place, so that the grace period's end, which reads it before
   * `runs`, neither misses the place nor takes it twice (see onGraceEnded). Set with a volatile
   * write, cleared with a release one (through LOOP_HOLDER).
   */
  private volatile TaskRun loopHolder;

  /**
   * {@link #runs} again, written (the same array) by the lean starting loop after each plain write
   * to it and read by every scan of it: the volatile write and read that make the loop's
   * publications visible to a decision, or the decision visible to the loop (see "The lean
   * path"). Null while a lean gather has published no run (see {@link #runs}); read it with
   * {@link #scanned()}.
   */
  private volatile TaskRun @Nullable [] published;

  /**
   * The next task to start. Written only by the thread running the starting loop (drain()'s WIP
   * protocol); other threads read it only to decide whether calling drain() could help, where a
   * stale (smaller) value costs one needless call.
   */
  private int next;

  /**
   * The tasks' slots: written by the thread recording each task's exit before that exit counts in
   * {@link #ctl}, read by the finisher after the last one.
   */
  private final Object[] slots;

  /**
   * The started runs not exited yet, by index: guarded by the lock, except for the lean path's
   * writes (see {@link #published}). Made by the constructor of a gather that is not lean; a lean
   * gather's starting loop makes it before it publishes its first run (see {@link #runs()}), so
   * that a gather whose stages had all succeeded already makes none (issue #12: 4 B per task). A
   * thread that reaches a published run sees it; one that writes to it for a run that may not
   * have been published (a leak of the loop's holder) checks it for null.
   */
  private TaskRun @Nullable [] runs;

  // Guarded by the lock.
  private int phase = RUNNING;
  private Verdict verdict;
  private Object winner;
  /**
   * Every failure the gather saw and what its failure verdict names (R9, R10), made at the first
   * failure, timeout or leak: a gather where nothing fails has none (issue #12, the fixed cost).
   */
  private GatherFailures failures;
  private Cancellable gatherTimer = Cancellable.NOTHING;
  /**
   * A run that nobody references any more, for the next async task to start with (see {@link
   * #harvested}), or null.
   */
  private TaskRun spare;
  private Cancellable graceTimer = Cancellable.NOTHING;

  // Written before `completion` completes, read after: safe through the future.
  private R value;
  private Throwable finisherFailure;

  GatherRun(
      EngineRunner runner,
      String operation,
      Mode mode,
      Task<?>[] tasks,
      Executor executor,
      int maxConcurrency,
      Duration timeout,
      Duration taskTimeout,
      Duration gracePeriod,
      Finisher<R> finisher,
      GatherObservation observation) {
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
    this.observation = observation;
    this.slots = new Object[tasks.length];
    this.lean =
        observation == null
            && taskTimeout == null
            && (mode != Mode.SETTLED || timeout == null);
    this.runs = lean ? null : new TaskRun[tasks.length];
    this.published = runs;
    // The starting loop is the caller's from the start (see start()): a plain write, published
    // with the gather when the runner registers it, before any other thread can call drain().
    WIP.set(this, 1);
  }

  /**
   * Whether the successful exits of this gather are recorded without the lock (see "The lean
   * path"): those of a lean {@code all} or {@code allSettled}, which only count. The first
   * success of an {@code any} or {@code race} decides, and cancels the tasks still running: it
   * takes the lock, but for one that the starting loop harvests with nothing else running (see
   * {@link #claimFirstSuccess}).
   */
  private boolean leanExits() {
    return lean && (mode == Mode.ALL || mode == Mode.SETTLED);
  }

  /** The runs array, made now if this lean gather has none yet; by the starting loop only. */
  private TaskRun[] runs() {
    TaskRun[] made = runs;
    if (made == null) {
      made = new TaskRun[tasks.length];
      runs = made;
    }
    return made;
  }

  /** The runs to scan: {@link #published}, or none while no run was published. */
  private TaskRun[] scanned() {
    TaskRun[] scanned = published;
    return scanned == null ? NO_RUNS : scanned;
  }

  /** Takes a run out of {@link #runs}, if there is one (see its comment). */
  private void forget(TaskRun run) {
    TaskRun[] known = runs;
    if (known != null) {
      known[run.index] = null;
    }
  }

  /** Starts the gather; called once by the runner after registering it. */
  void start() {
    if (observation != null) {
      observation.gatherStarted();
    }
    if (tasks.length == 0) {
      Effects effects = new Effects(this);
      synchronized (completion) {
        decide(mode == Mode.ANY ? Verdict.ALL_FAILED : Verdict.SUCCESS, effects);
      }
      effects.run();
      return;
    }
    if (timeout != null && timeout.isZero()) {
      // R28: a zero timeout passes at once, before any task starts, on every backend; a timer of
      // zero would race the first tasks. The loop then finds the verdict and starts nothing.
      guarded(this::onGatherTimeout, null).run();
    } else if (timeout != null) {
      armTimer(
          timeout,
          guarded(this::onGatherTimeout, null),
          () -> phase == RUNNING,
          t -> gatherTimer = t);
    }
    drainOwned(); // the constructor made the loop this thread's (issue #12: an atomic add less)
  }

  // ---------------------------------------------------------------- starting tasks

  /** Starts tasks while the bound allows; re-entrant calls hand their work to the running loop. */
  private void drain() {
    if ((int) WIP.getAndAdd(this, 1) != 0) {
      return;
    }
    drainOwned();
  }

  /**
   * The starting loop, run by the thread that owns it: the one whose increment of {@link #wip}
   * found it zero, or the caller in {@link #start()}, for which the constructor set it to one.
   * Until the gather starts, the calls to drain() that exits make only count themselves in it (a
   * gather that does not start is cancelled, and starts nothing more).
   */
  private void drainOwned() {
    int missed = 1;
    do {
      if (lean) {
        drainLean();
      } else {
        drainLocked();
      }
      if (next >= tasks.length || stopping) {
        // Every task has started, or the verdict is fixed (then nothing starts any more): no
        // call of drain() can start anything, so the loop is kept, not given back, and later
        // calls return at once (issue #12: one atomic add less for a gather whose tasks all
        // started in one pass, or that was decided while it started them).
        return;
      }
      missed = (int) WIP.getAndAdd(this, -missed) - missed;
    } while (missed != 0);
  }

  /** The starting loop of a gather that is not lean: each task is reserved under the lock. */
  private void drainLocked() {
    for (; ; ) {
      if (stopping) {
        // Decided (an any() whose first task won, a failure): nothing starts any more, and the
        // lock need not be taken to see it (issue #12: a lock round trip less per short call).
        return;
      }
      TaskRun run;
      synchronized (completion) {
        if (phase != RUNNING || next >= tasks.length || active(ctl) >= limit) {
          break;
        }
        // Allocated before the state changes: on an exhausted stack the constructor may throw
        // a StackOverflowError, which must not leave a task counted but never started (R27).
        Task<?> task = tasks[next];
        if (task instanceof Task.Blocking<?> blocking) {
          run = new BlockingRun(this, next, blocking);
        } else if (spare != null) {
          run = spare;
          run.reuse(next, task); // before spare is cleared: a partial reuse is redone next time
          spare = null;
        } else {
          run = new TaskRun(this, next, task);
        }
        runs()[next++] = run;
        CTL.getAndAdd(this, ACTIVE_ONE);
      }
      launch(run);
    }
  }

  // ---------------------------------------------------------------- the lean path

  /*
   * The lean path: how a lean gather starts its tasks and records their common exits without the
   * lock (issue #12). Everything else (failures, timeouts, cancel, close, leaks, the verdict) stays
   * under the lock, as described above; the two meet in `ctl`.
   *
   * - Start: the starting loop reserves a place in the bound with one compare-and-set of ctl that
   *   also checks STOP. With that place it calls the next async task's supplier; a stage that has
   *   succeeded already is harvested (its value goes to its slot) and the place is kept for the
   *   next task, so a gather over completed stages makes one reservation, no run per task and no
   *   callback. Harvested tasks are added to ctl's settled count in one step, before a task that
   *   keeps the place, or with the place given back at the end.
   * - A task that keeps the place (a blocking task, a stage still running or failed, a supplier
   *   that threw) gets its run published in `runs` with a volatile write, after which the loop
   *   reads STOP again: either the decision's cancellation loop (which reads `runs` after setting
   *   STOP) sees the run, or the loop sees STOP, or both; never neither (R7, R17).
   * - Batches: without maxConcurrency, in an all or allSettled, consecutive blocking tasks are
   *   started up to BATCH at a time: their bodies are made first, then one compare-and-set reserves
   *   all their places, one volatile write publishes all their runs, and only then are they
   *   launched, each after a read of `stopping`. The same argument holds for the batch as for one
   *   run: a verdict's scan sees every run of it, or the loop sees the verdict before the next
   *   launch and cancels each run left (its CAS from NEW, or the scan's, claims it, once). Issue
   *   #12: the caller's reservation per task contended with the exits for ctl; with batches, a
   *   blocking `all` over 4,096 trivial tasks on two threads takes 11-21 % less time (CHANGELOG). A
   *   batch whose reservation loses to an exit is tried again with the same bodies. Making them
   *   anew, as a first version did, read faster still at 2.6 MB per call, and so did a spin before
   *   the retry: the delay helped, by a mechanism not understood, and neither is kept
   *   (benchmarks/results/ANALYSIS.md). An any or race starts its blocking tasks one at a time: its
   *   first success decides, and a batch made up to 64 bodies before that, for tasks the verdict
   *   then had to claim (a blocking any over 4,096 trivial tasks: 55-59 µs and 88 KB per call one
   *   at a time, 58-60 µs and 99-103 KB with batches; no difference measured at 64 tasks).
   * - Exit: a task that succeeded writes its slot, then takes itself out of `runs` and moves ctl
   *   from (active, settled) to (active - 1, settled + 1) in one compare-and-set, as long as STOP is
   *   clear. The exit that settles the last task sets STOP in that same compare-and-set: it owns
   *   the verdict, SUCCESS, and completes the gather under the lock. A decision by anyone else
   *   sets STOP first (under the lock), so that every exit after it takes the locked path, and the
   *   counts it reads (active) only change under the lock from then on.
   * - The slots an exit wrote before its compare-and-set happen-before the last exit's, hence the
   *   finisher's reads and await()'s return.
   * - any and race: their tasks start as above, but every exit takes the lock, since the first
   *   success decides and cancels the rest. One exception: a first success that the starting loop
   *   harvests while its place is the only one taken and every earlier task has settled (nothing
   *   runs, nothing is being recorded) gives the place back, settles the task and sets STOP in one
   *   compare-and-set, and decides as the last exit of an all does (claimFirstSuccess). Issue #12:
   *   an any over two completed stages took two lock round trips and an Effects, 1.5 times the
   *   cost of an all.
   */

  /** The starting loop of a lean gather. */
  private void drainLean() {
    TaskRun made = null; // a body made for tasks[next] whose reservation lost to an exit
    // The bodies made for the next batch of blocking tasks before their places are reserved: a
    // local, not a field (issue #12: a field would add 8 B to every handle), made at the first
    // batch; `batched` of them, for tasks[next...], if their reservation lost to an exit.
    BlockingRun[] batch = null;
    int batched = 0;
    for (; ; ) {
      long c = ctl;
      if (stopped(c) || next >= tasks.length || active(c) >= limit) {
        return;
      }
      // Made before the place is reserved: on an exhausted stack the constructor may throw a
      // StackOverflowError, which must not leave a place reserved and no task started (R27).
      Task<?> task = tasks[next];
      // Batches (see "The lean path") only without a bound, only for an all or allSettled, and
      // not for a last task alone, which the single-run path below starts without the batch's
      // array (one more allocation).
      if (limit == Integer.MAX_VALUE
          && leanExits()
          && task instanceof Task.Blocking<?>
          && tasks.length - next > 1) {
        if (batched == 0) {
          if (batch == null) {
            batch = new BlockingRun[Math.min(BATCH, tasks.length)];
          }
          batched = makeBatch(batch);
        }
        if (!CTL.weakCompareAndSet(this, c, c + batched * ACTIVE_ONE)) {
          continue; // an exit changed ctl meanwhile: try again with the same bodies
        }
        launchBatch(batch, batched);
        batched = 0;
        continue;
      }
      TaskRun run;
      if (made != null) {
        run = made; // the same task: only this loop moves `next`
      } else if (task instanceof Task.Blocking<?> blocking) {
        run = new BlockingRun(this, next, blocking);
      } else if (harvester != null) {
        run = harvester;
      } else {
        run = new TaskRun(this, next, task);
        run.startedByLoop();
        harvester = run;
      }
      if (!CTL.weakCompareAndSet(this, c, c + ACTIVE_ONE)) {
        // An exit changed ctl meanwhile: try again with the same body, not a new one (the
        // benchmarks saw 114 B per blocking task against 108 with one body per task).
        made = run instanceof BlockingRun ? run : null;
        continue;
      }
      made = null;
      if (run instanceof BlockingRun) {
        TaskRun[] known = runs();
        known[next++] = run;
        published = known; // see "The lean path"
        launch(run);
      } else {
        loopHolder = run;
        startLean(run);
      }
    }
  }

  /**
   * Makes the bodies of the blocking tasks from {@code next} on, as many as {@code made} holds,
   * before their places are reserved (R27, see drainLean), and the runs array they are published
   * in; returns how many.
   */
  private int makeBatch(BlockingRun[] made) {
    runs();
    int first = next;
    int max = Math.min(made.length, tasks.length - first);
    int count = 0;
    while (count < max && tasks[first + count] instanceof Task.Blocking<?> blocking) {
      made[count] = new BlockingRun(this, first + count, blocking);
      count++;
    }
    return count;
  }

  /**
   * Publishes and launches the first {@code count} bodies of {@code made}, whose places are
   * reserved (see "The lean path"): all are published, with one volatile write, before the first
   * is launched, so that a verdict reached meanwhile sees them all (a launch may run foreign code,
   * even a body, inline). One that this loop finds decided before its launch never starts (R7):
   * cancelled here, it counts its own exit if the verdict's scan did not claim it.
   */
  private void launchBatch(BlockingRun[] made, int count) {
    TaskRun[] known = runs;
    int first = next;
    for (int i = 0; i < count; i++) {
      known[first + i] = made[i];
    }
    next = first + count;
    published = known; // see "The lean path"
    for (int i = 0; i < count; i++) {
      BlockingRun run = made[i];
      made[i] = null;
      if (stopping) {
        run.cancel(); // no foreign code: it has not started
      } else {
        launch(run);
      }
    }
  }

  /**
   * Starts async tasks with the place in the bound that the starting loop reserved, until one of
   * them keeps it (its stage is still running, or failed) or no async task is left to start next;
   * see "The lean path".
   */
  private void startLean(TaskRun run) {
    int harvestedTasks = 0;
    int index = next;
    CompletionStage<?> stage = null;
    Throwable thrown = null;
    boolean harvestedAll = false;
    boolean firstWins = mode == Mode.ANY || mode == Mode.RACE;
    // Whether the stage of an any or race had succeeded, and then its value.
    boolean harvestedFirst = false;
    Object firstSuccess = null;
    try {
      for (; ; ) {
        Task.Async<?> task = (Task.Async<?>) tasks[index];
        next = index + 1;
        // For the grace period's end: a supplier that blocks past the verdict leaks (R10). The
        // run's index and task are set only where it leaves this loop (below, or the leak).
        HARVESTING.setRelease(this, index);
        try {
          stage = task.start().get();
        } catch (Throwable t) {
          thrown = t;
        }
        if (thrown != null || stage == null || !succeeded(stage)) {
          break;
        }
        Object value = ((CompletableFuture<?>) stage).join();
        if (firstWins) {
          firstSuccess = value;
          harvestedFirst = true;
          break; // with the stage: it keeps the place if claimFirstSuccess cannot decide
        }
        slots[index] = mode == Mode.ALL ? value : Outcome.success(value);
        harvestedTasks++;
        stage = null;
        if (next >= tasks.length || !(tasks[next] instanceof Task.Async) || (ctl & STOP) != 0) {
          harvestedAll = true;
          break;
        }
        index = next;
      }
    } catch (Throwable engineFailure) {
      // The engine's own code failed on this thread (an exhausted stack, R27): that is the
      // failure of the task being started, whose place this loop still holds.
      thrown = engineFailure;
      stage = null;
    }
    if (harvestedAll) {
      // Before the place is given back (see onGraceEnded). A release store (issue #12: a fence
      // less per call): the compare-and-set that gives the place back follows it, and only under
      // STOP, when the grace period's end can read it, is the place given back, under the lock.
      LOOP_HOLDER.setRelease(this, null);
      finishHarvest(run, harvestedTasks);
      return;
    }
    if (harvestedFirst && claimFirstSuccess(index, firstSuccess)) {
      return;
    }
    // Task `index` keeps the place: it runs on, it failed, or it is the first success of an any
    // or race that must take the locked path.
    harvester = null;
    run.index = index;
    run.task = tasks[index];
    addSettled(harvestedTasks);
    TaskRun[] known = runs();
    known[index] = run;
    published = known; // see "The lean path"
    LOOP_HOLDER.setRelease(this, null); // after it was published (see onGraceEnded)
    if (thrown == null && stage == null) {
      thrown =
          new NullPointerException(run.task.describe(index) + " returned a null CompletionStage");
    }
    if (thrown != null) {
      startFailed(run, thrown);
      return;
    }
    if (harvestedFirst) {
      // Recorded now, on this thread, as the locked path records a harvested stage (launch()):
      // the verdict is fixed before the loop could start the next task, whatever the driver.
      run.markDone();
      harvested(run, firstSuccess);
      return;
    }
    if (stopping) { // decided while its supplier ran: its stage is cancelled once observed
      synchronized (completion) {
        run.cancelledByGather = true;
      }
      run.cancelRequested = true;
    }
    observe(run, stage);
  }

  /** Whether a stage has succeeded already, so that its value can be taken without a callback. */
  private static boolean succeeded(CompletionStage<?> stage) {
    // The exact class: subclasses such as the JDK's minimalCompletionStage() throw
    // UnsupportedOperationException from isDone(). Failed stages take the general path, which
    // unwraps without creating an exception.
    return stage.getClass() == CompletableFuture.class
        && ((CompletableFuture<?>) stage).isDone()
        && !((CompletableFuture<?>) stage).isCompletedExceptionally();
  }

  /**
   * Decides SUCCESS without the lock for the first success of an {@code any} or {@code race},
   * harvested by the lean starting loop (issue #12, the fixed cost per call; see "The lean path"):
   * possible while that loop's is the only place taken and every task before {@code index} has
   * settled, so that nothing is running to be cancelled, no exit is being recorded under the lock,
   * and no task after it has started. The compare-and-set that gives the place back sets STOP and
   * settles the task: this thread owns the verdict, as the last exit of an {@code all} does.
   * Returns false, having changed nothing, if it must take the locked path: the verdict is fixed
   * already, or another task runs or is recording its exit.
   */
  private boolean claimFirstSuccess(int index, Object value) {
    // Before the place is given back (see onGraceEnded). If the claim fails, the run is published
    // next, and keeps the place until its exit, which follows at once: a grace period ending in
    // between (it would have to last that long) finds neither, and the exit completes the gather.
    LOOP_HOLDER.setRelease(this, null);
    for (; ; ) {
      long c = ctl;
      // An any settles a failed task under the lock after recording it (record()), and a race
      // settles none: each of its exits decides. So a count of `index` settled, with only the
      // loop's place taken, means every earlier task has exited and been recorded.
      if (stopped(c) || active(c) != 1 || settled(c) != index) {
        return false;
      }
      if (CTL.weakCompareAndSet(this, c, (c - ACTIVE_ONE + SETTLED_ONE) | STOP)) {
        winner = value; // by the verdict's owner only (see win())
        decideOwned();
        return true;
      }
    }
  }

  /** Counts tasks harvested by the starting loop, before a task that keeps its place. */
  private void addSettled(int harvestedTasks) {
    if (harvestedTasks > 0) {
      // Cannot settle the last task: the task that keeps the place has not settled.
      CTL.getAndAdd(this, harvestedTasks * SETTLED_ONE);
    }
  }

  /**
   * Ends a run of harvested tasks: counts them and gives the place back in one compare-and-set;
   * the last task's decides SUCCESS. After a verdict the place is given back under the lock.
   */
  private void finishHarvest(TaskRun run, int harvestedTasks) {
    if (addUnlessStopped(harvestedTasks * SETTLED_ONE - ACTIVE_ONE) < 0) {
      Effects effects = new Effects(this);
      synchronized (completion) {
        if (!run.leaked) { // else its place went with the leak (R10)
          exitedAfterVerdict(effects);
        }
      }
      effects.run();
    }
  }

  /**
   * Adds {@code delta} to {@link #ctl} unless STOP is set, and returns ctl as it was, or -1 if
   * STOP was set. The change that settles the last task sets STOP with it: this thread then owns
   * the verdict, SUCCESS, and fixes it before returning.
   */
  private long addUnlessStopped(long delta) {
    for (; ; ) {
      long c = ctl;
      if (stopped(c)) {
        return -1;
      }
      long n = c + delta;
      boolean last = settled(n) == tasks.length;
      if (last) {
        n |= STOP;
      }
      if (CTL.weakCompareAndSet(this, c, n)) {
        if (last) {
          decideOwned();
        }
        return c;
      }
    }
  }

  /**
   * The common exit of a lean gather's task, without the lock (see "The lean path"); false if it
   * must take the locked path: it was recorded already, or the verdict is fixed.
   */
  private boolean exitLean(TaskRun run, Object result) {
    if (run.exited) {
      return false;
    }
    int index = run.index;
    slots[index] = mode == Mode.ALL ? result : Outcome.success(result);
    forget(run); // ordered before the compare-and-set below, read after a STOP set later
    run.exited = true;
    run.settled = true;
    long c = addUnlessStopped(SETTLED_ONE - ACTIVE_ONE);
    if (c < 0) {
      run.exited = false; // the locked path records it
      run.settled = false;
      return false;
    }
    if (next < tasks.length && active(c) >= limit) {
      drain(); // this exit freed a place that the starting loop was waiting for
    }
    return true;
  }

  /**
   * Fixes the verdict SUCCESS that the last lean exit, or the first success of an {@code any} or
   * {@code race} (see {@link #claimFirstSuccess}), claimed by setting STOP.
   */
  private void decideOwned() {
    // Without the lock (issue #12: the fixed cost per call). STOP is this thread's: no other
    // verdict can be fixed (decide() finds STOP set and changes nothing), and every task has
    // exited, so there is nothing to cancel and no grace period. What is written here is read
    // under the lock by cancel(), toString() and the gather timeout's action, which then find
    // STOP set whatever phase they read, and by await() after the completion. gatherTimer was
    // armed before the first task started, hence before the compare-and-set that made STOP ours.
    verdict = Verdict.SUCCESS;
    STOPPING_FLAG.setRelease(this, true); // no task is left to read it: no fence needed (issue #12)
    phase = DONE;
    Cancellable timer = gatherTimer;
    gatherTimer = Cancellable.NOTHING;
    if (timer != Cancellable.NOTHING) {
      runner.cancelQuietly(timer);
    }
    complete();
  }

  private void launch(TaskRun run) {
    if (run.task instanceof Task.Blocking<?> blocking) {
      if (runner.driverRunsBlockingTasks()) {
        launchOnDriver(run, blocking);
        return;
      }
      BlockingRun body = (BlockingRun) run;
      try {
        runner.driver().execute(executor, body);
      } catch (Throwable rejected) { // R20, R27: the task fails with whatever the executor threw
        if (body.claimRejected(rejected)) {
          if (Foreign.nearStackOverflow(rejected)) { // this stack is exhausted (R27)
            run.handOffLostExit();
          } else if (run.takeLostExit()) {
            onExit(run, null, rejected, false);
          }
        } else { // it threw after running (or starting) the body: not the task's, but not lost
          runner.callbackFailed(run.index, run.task.name(), rejected);
        }
      }
      if (run.hasPendingLostExit()) { // an inline executor ran the body, whose thread could
        exitElsewhere(run); // not record its exit even on a fresh stack (R27): try again
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
      Supplier<? extends CompletionStage<?>> start = ((Task.Async<?>) run.task).start();
      stage =
          observation == null
              ? start.get()
              : (CompletionStage<?>) observation.startTask(run.index, start::get);
      if (stage == null) {
        throw new NullPointerException(
            run.task.describe(run.index) + " returned a null CompletionStage");
      }
    } catch (Throwable t) {
      startFailed(run, t);
      return;
    }
    if (succeeded(stage)) {
      // Already succeeded (a cache hit, completedFuture): take the value without registering a
      // dependent stage through the driver, which would allocate a future, a callback and a
      // canceller per task (found by the benchmarks' -prof gc).
      Object value = ((CompletableFuture<?>) stage).join();
      run.markDone();
      harvested(run, value);
      return;
    }
    observe(run, stage);
  }

  /** An async task's supplier threw (or returned null): that is the task's failure. */
  private void startFailed(TaskRun run, Throwable failure) {
    run.markDone();
    if (Foreign.nearStackOverflow(failure)) { // a gather nested in it overflowed this stack (R27)
      run.exitOnFreshStack(null, failure);
    } else {
      onExit(run, null, failure, false);
    }
  }

  /** Hands a started async task's stage to the driver, which calls its exit when it completes. */
  private void observe(TaskRun run, CompletionStage<?> stage) {
    Cancellable cancel;
    try {
      cancel = runner.driver().observe(stage, exitCallback(run));
    } catch (Throwable t) {
      // The stage's own whenComplete (or toCompletableFuture) threw: that is the task's failure,
      // here and wherever this task was started from (R27). If it called back before throwing,
      // the task has its outcome, and what it threw is one failure-handler event (R11).
      run.markDone();
      if (!onExit(run, null, t, false)) {
        callbackFailed(run, t);
      }
      return;
    }
    run.setAsyncCancel(cancel);
  }

  /**
   * A blocking task that the driver runs itself (a remote backend, see {@link
   * io.github.concurrentrunner.spi.TaskDriver#runBlocking}): started and finished like an async
   * task, so that it counts as finished only when the driver reports that its body has exited.
   */
  private void launchOnDriver(TaskRun run, Task.Blocking<?> blocking) {
    if (!run.startAsync()) {
      return; // cancelled before it started
    }
    if (stopping) { // decided since this task was reserved: it never starts (R7)
      run.markDone();
      onExit(run, null, null, true);
      return;
    }
    Cancellable cancel;
    try {
      onStarted(run);
      if (run.cancelRequested) {
        // Cancelled as it started (timed out by a zero taskTimeout, or a verdict since): the
        // body is not sent to the driver at all, so it never runs (R28, R7).
        run.markDone();
        onExit(run, null, null, true);
        return;
      }
      BiConsumer<Object, Throwable> exit = exitCallback(run);
      cancel =
          observation == null
              ? runner.driver().runBlocking(blocking, run.index, blocking.name(), executor, exit)
              : (Cancellable)
                  observation.startTask(
                      run.index,
                      () ->
                          runner
                              .driver()
                              .runBlocking(blocking, run.index, blocking.name(), executor, exit));
      if (cancel == null) {
        throw new NullPointerException(
            runner.driver().getClass().getName() + ".runBlocking returned null");
      }
    } catch (Throwable rejected) { // R20, as for an executor's rejection
      run.markDone();
      onExit(run, null, rejected, false);
      return;
    }
    run.setAsyncCancel(cancel);
  }

  /**
   * The exit callback handed to the driver for an async or driver-run task. It never throws: a
   * failure inside the engine goes to the failure handler through {@link
   * EngineRunner#callbackFailed}, the one policy for the engine's callbacks (R11).
   */
  private BiConsumer<Object, Throwable> exitCallback(TaskRun run) {
    return (result, failure) -> {
      if ((int) TaskRun.STATE.getAndSet(run, TaskRun.DONE) == TaskRun.DONE) {
        // A stage that calls back twice, at once or later: the first call is its outcome, and a
        // second must not count the same exit twice (R27).
        return;
      }
      Throwable unwrapped = failure;
      try {
        unwrapped = GatherFailures.unwrap(failure);
        if (unwrapped != null && Foreign.nearStackOverflow(unwrapped)) {
          run.exitOnFreshStack(result, unwrapped); // this stack may be exhausted (R27)
        } else {
          onExit(run, result, unwrapped, false);
        }
      } catch (Throwable t) {
        // Recorded once, whichever thread gets to it: here, or above if onExit got that far.
        try {
          run.exitOnFreshStack(result, unwrapped);
          runner.callbackFailed(run.index, run.task.name(), t);
        } catch (Throwable noStackLeft) {
          // the exit is pending (R27): await() or the gather's cancellation hands it off
        }
      }
    };
  }

  /**
   * Records a blocking task's exit that its own thread failed to record (see {@link
   * TaskRun#run()}), on a thread with a fresh stack. Throws a {@code StackOverflowError}, having
   * changed nothing, if this stack has no room to hand it off: the exit stays pending.
   */
  void exitElsewhere(TaskRun run) {
    runner.handOffFromDeepStack(
        () -> {
          if (run.takeLostExit()) { // once, however many times it was handed off
            try {
              onExit(run, run.lostValue(), run.lostFailure(), false);
            } catch (Throwable t) {
              runner.callbackFailed(run.index, run.task.name(), t);
            }
          }
          runner.rescueOrphans(); // on a fresh stack: what other exhausted stacks left behind
        });
  }

  /**
   * Set when this gather's start failed for want of stack and it could not be cancelled then
   * (R27): {@link EngineRunner#rescueOrphans} cancels it from a fresh stack.
   */
  volatile boolean startFailed;

  /** Finishes what an exhausted stack left undone in this gather (R27); from a fresh stack. */
  void rescue() {
    if (startFailed) {
      if (observation != null) {
        observation.startSent(); // its start event will never be sent: its end is not deferred
      }
      cancel();
    }
    if (lostExitPending) {
      rescueLostExits();
    }
  }

  /**
   * Hands off again the exits whose hand-off failed on their own thread's exhausted stack (R27);
   * called by {@code await()}, whose stack is shallower than the body's was. On a stack still too
   * deep to hand them off it throws a {@code StackOverflowError} (see {@link #exitElsewhere}):
   * {@code await()} then fails with it instead of waiting for a hand-off that, with tasks nested
   * on an inline executor, no other thread would make.
   */
  private void rescueLostExits() {
    List<TaskRun> pending = new ArrayList<>(1);
    synchronized (completion) {
      for (TaskRun run : scanned()) {
        if (run != null) {
          pending.add(run);
        }
      }
    }
    for (TaskRun run : pending) {
      if (run.hasPendingLostExit()) {
        exitElsewhere(run);
      }
    }
  }

  /**
   * A cancellation of a task's stage threw (its {@code toCompletableFuture()} or its future's
   * {@code cancel}). If the task has not exited, it cannot be stopped and will not report, so
   * what it threw is its failure and it counts as finished (R27), instead of being waited for
   * and reported as leaked; if it has exited, that is a failure-handler event (R11).
   */
  void cancellationFailed(TaskRun run, Throwable failure) {
    run.markDone();
    if (!onExit(run, null, failure, false)) {
      // The cancellation took effect (the task has exited) and threw anyway: not the task's
      // outcome any more, so one failure-handler event for that task (R11).
      callbackFailed(run, failure);
    }
  }

  /** A timer action that never throws into the driver's timer thread (R11, as above). */
  Runnable guarded(Runnable action, TaskRun run) {
    return () -> {
      try {
        action.run();
      } catch (Throwable t) {
        runner.callbackFailed(run == null ? -1 : run.index, run == null ? null : run.task.name(), t);
      }
    };
  }

  /** Reports a failure of the engine's own code on a task's thread (the blocking body). */
  void callbackFailed(TaskRun run, Throwable failure) {
    runner.callbackFailed(run.index, run.task.name(), failure);
  }

  /** A task began running: start its own timeout, measured from now (R16). */
  void onStarted(TaskRun run) {
    if (taskTimeout == null) {
      return;
    }
    if (taskTimeout.isZero()) {
      // R28: a zero task timeout times the task out as it starts, on every backend; a timer of
      // zero would race a quick body. Its cancellation interrupts the body before it begins.
      guarded(() -> onTaskTimeout(run), run).run();
      return;
    }
    armTimer(
        taskTimeout,
        guarded(() -> onTaskTimeout(run), run),
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
    synchronized (completion) {
      needed = stillNeeded.getAsBoolean();
      if (needed) {
        keep.accept(timer);
      }
    }
    if (!needed) {
      runner.cancelQuietly(timer); // the driver's code: neither the task nor the call fails with it
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
      synchronized (completion) {
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
   * Called exactly once per run that was created, from any thread, without the lock. Returns
   * whether this call recorded the exit (false: it was recorded before).
   */
  boolean onExit(TaskRun run, Object result, Throwable failure, boolean neverStarted) {
    return onExit(run, result, failure, neverStarted, false);
  }

  /**
   * The exit of an async task whose stage had already succeeded when its supplier returned: no
   * callback, canceller or timer was made for it. When its exit is the common one (see {@link
   * #onExit}) and nothing else can hold the run (no listener, whose end claim lives on the run; no
   * task timeout, whose timer action holds it), the run is left to the next async task: a gather
   * over completed stages then allocates one run, not one per task (issue #12). Everything that
   * could reference a run reaches it through {@code runs} under the lock (a decision's
   * cancellations, the timeout and grace actions, the rescue of lost exits), and the common exit
   * happens only while running, before any decision, and removes it from there.
   */
  private void harvested(TaskRun run, Object value) {
    onExit(run, value, null, false, observation == null && taskTimeout == null);
  }

  private boolean onExit(
      TaskRun run, Object result, Throwable failure, boolean neverStarted, boolean reusable) {
    if (failure == null && !neverStarted && leanExits() && exitLean(run, result)) {
      return true;
    }
    // The failure's cause chain is foreign code: walked before the lock is taken (R27).
    boolean interruption = GatherFailures.isInterruption(run, failure);
    // Before the exit counts (R31: a task ends before its gather); once per run.
    if (observation != null && !neverStarted && run.claimExitObserved()) {
      observation.taskExited(
          run.index, failure, GatherFailures.causedByGather(run, interruption));
    }
    Effects effects = null;
    boolean startMore;
    synchronized (completion) {
      if (run.exited) {
        return false;
      }
      run.exited = true;
      if (failure == null
          && !neverStarted
          && !run.leaked
          && !run.settled
          && run.timer == null
          && phase == RUNNING
          && (mode == Mode.ALL || mode == Mode.SETTLED)
          && settled(ctl) + 1 < tasks.length) {
        // The common exit: a success that decides nothing and has no timer, so no Effects. The
        // slot's value is made before the state changes (see drain()).
        Object slot = mode == Mode.ALL ? result : Outcome.success(result);
        run.settled = true;
        forget(run);
        slots[run.index] = slot;
        long before = (long) CTL.getAndAdd(this, SETTLED_ONE - ACTIVE_ONE);
        if (reusable) {
          spare = run;
        }
        // Only an exit that frees a place under the bound can unblock drain(): drain() stops
        // early only at the bound, so without one the starting loop starts every task itself
        // and pool threads skip the contended WIP counter.
        startMore = next < tasks.length && active(before) >= limit;
      } else {
        effects = new Effects(this);
        startMore = exitLocked(run, result, failure, interruption, neverStarted, effects);
      }
    }
    if (effects != null) {
      effects.run();
    }
    if (startMore) {
      drain();
    }
    return true;
  }

  /** The general exit, with the lock held; returns whether more tasks may start. */
  private boolean exitLocked(
      TaskRun run,
      Object result,
      Throwable failure,
      boolean interruption,
      boolean neverStarted,
      Effects effects) {
    effects.cancel(run.timer);
    run.timer = null;
    if (run.leaked) {
      // The gather already gave up on it; nobody can see this outcome any more (R11).
      if (failure != null && !GatherFailures.causedByGather(run, interruption)) {
        effects.event(FailureEvent.Kind.LATE_FAILURE, run, failure);
      }
      return false;
    }
    forget(run);
    CTL.getAndAdd(this, -ACTIVE_ONE);
    if (!neverStarted) {
      if (!run.settled && phase == RUNNING) {
        run.settled = true;
        record(run, result, failure, effects);
      } else if (failure != null && !GatherFailures.causedByGather(run, interruption)) {
        failures().addExtra(run.index, failure);
      }
    }
    if (phase == RUNNING) {
      return true;
    }
    if (phase == STOPPING && active(ctl) == 0) {
      phase = DONE;
      effects.complete = true;
    }
    return false;
  }

  /**
   * A place in the bound given back without a run to record: the lean starting loop's after the
   * verdict (see {@link #finishHarvest}), or a task's leaked by its own timeout once its event was
   * handled (see {@link #onTaskGraceEnded}); with the lock held.
   */
  private void exitedAfterVerdict(Effects effects) {
    long now = (long) CTL.getAndAdd(this, -ACTIVE_ONE) - ACTIVE_ONE;
    if (phase == STOPPING && active(now) == 0) {
      phase = DONE;
      effects.complete = true;
    }
  }

  /** Settles one more task; true if that was the last. With the lock held. */
  private boolean settleOne() {
    long now = (long) CTL.getAndAdd(this, SETTLED_ONE) + SETTLED_ONE;
    return settled(now) == tasks.length;
  }

  /** The failures besides the verdict's, made when the first one comes; with the lock held. */
  private GatherFailures failures() {
    if (failures == null) {
      failures = new GatherFailures();
    }
    return failures;
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
          if (settleOne()) {
            decide(Verdict.SUCCESS, effects);
          }
        } else {
          // Not counted as settled: on the lean path a concurrent success could otherwise make
          // the count reach every task and claim SUCCESS before this verdict claims STOP (the
          // soak test found all() returning a null slot). STOP is claimed first; the count no
          // longer matters after it.
          taskFailed(index, failure, effects);
        }
      }
      case SETTLED -> {
        if (failure == null) {
          slots[index] = Outcome.success(result);
        } else {
          slots[index] = new Outcome.Failure<>(failure);
          // The outcomes are not returned if the gather is cancelled: its CancellationException
          // then carries the failure (R9), so that it reaches someone.
          failures().addBeforeVerdict(failure);
        }
        if (settleOne()) {
          decide(Verdict.SUCCESS, effects);
        }
      }
      case ANY -> {
        if (failure == null) {
          settleOne();
          win(result, effects);
        } else {
          slots[index] = failure;
          failures().addBeforeVerdict(failure);
          // Settled once recorded: the lean starting loop's claim of a first success reads the
          // count to know that every earlier task was recorded (see claimFirstSuccess).
          if (settleOne()) {
            decide(Verdict.ALL_FAILED, effects);
          }
        }
      }
      case RACE -> {
        if (failure == null) {
          win(result, effects);
        } else {
          taskFailed(index, failure, effects);
        }
      }
    }
  }

  /**
   * The verdict of {@code any} and {@code race} when a task succeeds: its value wins if this
   * decides. The winner is written only by whoever sets STOP (here, or claimFirstSuccess), so that
   * a success that comes second never overwrites it.
   */
  private void win(Object result, Effects effects) {
    long c = (long) CTL.getAndBitwiseOr(this, STOP);
    if (!stopped(c)) {
      winner = result;
      decided(Verdict.SUCCESS, c, effects);
    }
  }

  /** The verdict of {@code all} and {@code race} when a task fails (R7, R14). */
  private void taskFailed(int index, Throwable failure, Effects effects) {
    failures().taskFailed(index, failure);
    decide(Verdict.TASK_FAILED, effects);
  }

  /** The task's own timeout passed (R16). */
  private void onTaskTimeout(TaskRun run) {
    Effects effects = new Effects(this);
    synchronized (completion) {
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
        if (settleOne()) {
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
        guarded(() -> onTaskGraceEnded(run), run),
        () -> !run.exited && !run.leaked && phase == RUNNING,
        t -> run.timer = t);
  }

  /**
   * A task cancelled by its own timeout is still running after the grace period: it is reported
   * as leaked, and its place in the bound is given back only once that event is handled, so that
   * a failure handler that blocks holds back the task that would start in its place and the
   * gather's completion, as R27 says, however many leaks are handled at once.
   */
  private void onTaskGraceEnded(TaskRun run) {
    Effects effects = new Effects(this);
    synchronized (completion) {
      if (run.exited || run.leaked || phase != RUNNING) {
        return;
      }
      if (!leak(run, effects, false)) {
        return; // its thread is sending its end event: it exits, and gives its place back then
      }
    }
    try {
      effects.run();
    } finally {
      giveBackLeakedPlace();
    }
  }

  /** The place of a task leaked by its own timeout, once its event was handled. */
  private void giveBackLeakedPlace() {
    Effects effects = new Effects(this);
    boolean startMore;
    synchronized (completion) {
      startMore = phase == RUNNING;
      exitedAfterVerdict(effects); // completes a gather decided meanwhile, if it was the last
    }
    effects.run();
    if (startMore) {
      drain();
    }
  }

  private void onGatherTimeout() {
    Effects effects = new Effects(this);
    synchronized (completion) {
      if (phase != RUNNING) {
        return;
      }
      gatherTimer = Cancellable.NOTHING;
      if (mode == Mode.SETTLED) {
        TaskRun[] running = scanned();
        for (int i = 0; i < slots.length; i++) {
          if (slots[i] == null) {
            slots[i] = new Outcome.TimedOut<>();
            TaskRun run = i < running.length ? running[i] : null; // none: no run published
            if (run != null) {
              run.settled = true;
            }
          }
        }
        decide(Verdict.SUCCESS, effects);
      } else {
        decide(Verdict.TIMED_OUT, effects); // a last lean exit may have won: then it decides
      }
    }
    effects.run();
  }

  private void onGraceEnded() {
    Effects effects = new Effects(this);
    synchronized (completion) {
      if (phase != STOPPING) {
        return;
      }
      // A supplier that the lean starting loop is still calling (R10) holds that loop's place.
      // Read before the runs: the loop publishes its run, then clears loopHolder (with release
      // semantics), so that a run it has not yet published is seen here as the holder, and a
      // cleared holder makes the published run visible to the scan below. Under STOP the loop
      // reserves no further place: the holder read here and HARVESTING are one task's.
      TaskRun holder = loopHolder;
      for (TaskRun run : scanned()) {
        if (run != null && !run.leaked) {
          leak(run, effects);
        }
      }
      if (holder != null && !holder.leaked) {
        int index = (int) HARVESTING.getAcquire(this);
        holder.index = index;
        holder.task = tasks[index];
        leak(holder, effects);
      }
      if (active(ctl) == 0) {
        phase = DONE;
        effects.complete = true;
      }
    }
    effects.run();
  }

  /** Gives up on a cancelled task that ignores interruption (R10). */
  private void leak(TaskRun run, Effects effects) {
    leak(run, effects, true); // false: the run exits instead, and its exit is recorded then
  }

  /**
   * Reports a run as leaked, with the lock held; {@code givePlaceBack}: its place in the bound is
   * given back now, else by the caller once the event is handled ({@link #onTaskGraceEnded}).
   * Returns false if the run is not leaked after all: its thread is sending its end event, and
   * its exit, which follows, records it and gives its place back.
   */
  private boolean leak(TaskRun run, Effects effects, boolean givePlaceBack) {
    LeakedTaskException leaked =
        new LeakedTaskException(
            runner.backend(), run.index, run.task.name(), gracePeriod, run.thread());
    if (observation != null && !observation.claimLeak(run.index, leaked)) {
      return false; // its thread is sending its end event (R31): it exits now, not leaks
    }
    run.leaked = true;
    forget(run); // the loop's holder may not have been published
    if (givePlaceBack) {
      CTL.getAndAdd(this, -ACTIVE_ONE);
    }
    effects.cancel(run.timer);
    run.timer = null;
    failures().addLeak(leaked);
    effects.event(FailureEvent.Kind.LEAKED_TASK, run, leaked);
    return true;
  }

  /**
   * Fixes the verdict and starts stopping: cancels every running task, and arms the grace timer
   * if some are still running. Called with the lock held, while RUNNING.
   */
  private boolean decide(Verdict decided, Effects effects) {
    long c = (long) CTL.getAndBitwiseOr(this, STOP);
    if (stopped(c)) {
      // The last lean exit, or an any's or race's first success harvested by the lean loop,
      // claimed SUCCESS (see "The lean path"): it decides
      return false;
    }
    decided(decided, c, effects);
    return true;
  }

  /**
   * Fixes the verdict once STOP is set; {@code c} is {@link #ctl} as STOP found it. With the lock
   * held, while RUNNING.
   */
  private void decided(Verdict decided, long c, Effects effects) {
    if (decided == Verdict.TIMED_OUT) {
      failures().timedOut(tasks.length - settled(c));
    }
    verdict = decided;
    phase = STOPPING;
    stopping = true;
    effects.cancel(gatherTimer);
    gatherTimer = Cancellable.NOTHING;
    // Read after `stopping` was written: a run the lean loop published before it read `stopping`
    // is seen here (see "The lean path"). With no task running, there is nothing to scan.
    int claimed = 0;
    int claimedBodies = 0;
    TaskRun[] scanned = active(c) == 0 ? NO_RUNS : scanned();
    for (TaskRun run : scanned) {
      if (run != null) {
        if (run.cancelBeforeStart()) {
          // It never starts (R7), and it calls no foreign code to stop: its exit is recorded
          // here, under the lock we hold, instead of by one cancel() and one onExit() (a lock
          // round trip and an Effects) per task after the lock is released. With thousands of
          // tasks queued behind a failure, that loop was most of the fail-fast latency.
          run.exited = true;
          scanned[run.index] = null;
          claimed++;
          if (run instanceof BlockingRun) {
            claimedBodies++;
          }
        } else {
          // Only a run that started can fail with the interruption the gather causes (a claimed
          // one never runs): one volatile write per running task, not per queued one.
          run.cancelledByGather = true;
          // Interrupted by the effects, once the lock is released, not here (issue #12, fail-fast
          // latency): the interrupted thread's next step is its exit, which takes this lock, and
          // on a small machine it is often woken on this very processor, while we hold it.
          effects.cancelRun(run);
        }
      }
    }
    if (claimed > 0) {
      // After STOP, active changes only under the lock: one atomic step for every claim.
      CTL.getAndAdd(this, -claimed * ACTIVE_ONE);
    }
    if (claimedBodies >= PURGE_THRESHOLD
        && executor instanceof ThreadPoolExecutor pool
        && !runner.driverRunsBlockingTasks()) {
      effects.purge = pool;
    }
    if (active(ctl) == 0) {
      phase = DONE;
      effects.complete = true;
    } else {
      effects.armGrace = true;
    }
  }

  /** Completes the handle; called once, without the lock, after phase became DONE. */
  private void complete() {
    if (observation != null && observation.deferCompletion(this)) {
      return; // ended before its start event was sent: completed by the thread sending it (R31)
    }
    completeObserved();
  }

  /**
   * The completion itself: the finisher, the events, the end event, then the handle; here, or
   * deferred by {@link GatherObservation#deferCompletion}.
   */
  void completeObserved() {
    List<GatherFailures.Late> lateFailures =
        verdict == Verdict.SUCCESS && failures != null ? failures.extra() : null;
    if (verdict == Verdict.SUCCESS) {
      try {
        value = finisher.finish(slots, winner);
      } catch (Throwable t) { // a combiner's failure is await()'s failure, same instance
        finisherFailure = t;
      }
    }
    // Events first, as in Effects.run(): when await() returns, the handler has seen them.
    if (lateFailures != null) { // not an iterator over an empty list per call (issue #12)
      for (GatherFailures.Late late : lateFailures) {
        runner.report(
            new FailureEvent(
                runner.backend(),
                FailureEvent.Kind.LATE_FAILURE,
                late.index(),
                tasks[late.index()].name(),
                late.failure()));
      }
    }
    if (observation != null) {
      observation.gatherEnded(observedKind(), observedFailure());
    }
    runner.unregister(this);
    completion.complete(null);
  }

  /** How the gather ended, for its listener (R31). */
  private GatherListener.Kind observedKind() {
    if (finisherFailure != null) {
      return GatherListener.Kind.FAILURE;
    }
    return switch (verdict) {
      case SUCCESS -> GatherListener.Kind.SUCCESS;
      case TASK_FAILED, ALL_FAILED -> GatherListener.Kind.FAILURE;
      case TIMED_OUT -> GatherListener.Kind.TIMED_OUT;
      case CANCELLED -> GatherListener.Kind.CANCELLED;
    };
  }

  /** The failure that failed the gather, for its listener: the task's own, or the combiner's. */
  private Throwable observedFailure() {
    if (finisherFailure != null) {
      return finisherFailure;
    }
    return switch (verdict) {
      case TASK_FAILED -> failures.primary;
      case ALL_FAILED -> slots.length == 0 ? null : (Throwable) slots[0];
      default -> null;
    };
  }

  // ---------------------------------------------------------------- the handle

  @Override
  public R await() throws InterruptedException {
    if (lostExitPending && !completion.isDone()) {
      rescueLostExits();
    }
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
    if (lostExitPending && !completion.isDone()) {
      rescueLostExits();
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
    throw GatherFailures.sneaky(failure());
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
              backend, failures.failedIndex, tasks[failures.failedIndex].name(), failures.primary);
          case ALL_FAILED -> {
            List<Throwable> failures = new ArrayList<>(slots.length);
            for (Object slot : slots) {
              failures.add((Throwable) slot);
            }
            yield new AllFailedException(backend, failures);
          }
          case TIMED_OUT -> new GatherTimeoutException(
              backend, operation, timeout, failures.unfinishedAtTimeout);
          case CANCELLED -> new CancellationException(
              operation + "() over " + tasks.length + " tasks was cancelled on backend '" + backend + "'");
          case SUCCESS -> throw new AssertionError("not a failure");
        };
    synchronized (completion) {
      if (failures != null) {
        if (verdict == Verdict.TIMED_OUT || verdict == Verdict.CANCELLED) {
          // Whatever ends the gather carries the failures seen before it (R9): no failure
          // reaches no one. (For ALL_FAILED they are the AllFailedException's own.)
          failures.attachBeforeVerdict(failure);
        }
        failures.attachTo(failure);
      }
    }
    return failure;
  }

  @Override
  public boolean cancel() {
    Effects effects = new Effects(this);
    synchronized (completion) {
      if (phase != RUNNING || !decide(Verdict.CANCELLED, effects)) {
        return false;
      }
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

  /**
   * Identity equality, with a hash that costs nothing: the runner keeps its running gathers in a
   * hash set, and the identity hash code would be made, and stored in the object's header, for
   * every gather (issue #12).
   */
  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public boolean equals(Object other) {
    return this == other;
  }

  @Override
  public String toString() {
    synchronized (completion) {
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
          + active(ctl)
          + '}';
    }
  }

  /**
   * Arms the grace timer of a gather that is stopping (R10); called by {@link Effects} without the
   * lock, after the cancellations.
   */
  void armGraceTimer() {
    // The cancellations may have completed the gather already, on this thread (an async task's
    // future completes synchronously when cancelled). After close() its completion shuts the
    // driver down, whose timer then rejects a new timer (TCK R24): do not arm a grace timer for a
    // gather that is done.
    synchronized (completion) {
      if (phase == DONE) {
        return;
      }
    }
    Cancellable timer;
    try {
      timer = runner.graceTimers().start(gracePeriod, guarded(this::onGraceEnded, null));
    } catch (RejectedExecutionException e) {
      // Only possible if another thread completed the gather meanwhile (the driver shuts down
      // once the closed runner's last gather completed); anything else is a real error.
      synchronized (completion) {
        if (phase != DONE) {
          throw e;
        }
      }
      timer = Cancellable.NOTHING;
    }
    boolean late;
    synchronized (completion) {
      late = phase == DONE;
      if (!late) {
        graceTimer = timer;
      }
    }
    if (late) {
      runner.cancelQuietly(timer);
    }
  }

  /** Completes a gather whose phase became DONE; called once, by {@link Effects}. */
  void completeNow() {
    // No lock: this thread set DONE under the lock, and nothing writes graceTimer after DONE
    // (armGraceTimer checks it under the lock), nor `failures` (a late exit of a leaked task is
    // an event, not a failure of the gather's). Two lock round trips less per gather (issue #12).
    Cancellable grace = graceTimer;
    graceTimer = Cancellable.NOTHING;
    runner.cancelQuietly(grace); // may cancel a driver's timer: the handle completes all the same
    complete();
  }

  EngineRunner runner() {
    return runner;
  }
}
