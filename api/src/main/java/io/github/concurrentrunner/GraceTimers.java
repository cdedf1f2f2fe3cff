package io.github.concurrentrunner;

import io.github.concurrentrunner.spi.Cancellable;
import io.github.concurrentrunner.spi.TaskDriver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * The grace periods of one runner's gathers (rule R10), on as few of the driver's timers as
 * their deadlines need.
 *
 * <p>A gather whose verdict leaves tasks running waits for them until its grace period ends. Each
 * gather once armed a timer of its own with the driver and cancelled it when its tasks had
 * exited, usually long before it fired. Arming a timer that is due before every other one wakes
 * the driver's timer thread (a {@code ScheduledThreadPoolExecutor} signals it to wait less), and
 * on a small machine that thread then competes for a processor with the task being interrupted
 * and the caller the completion wakes (issue #12: fail-fast latency). Here a gather's grace period
 * is an entry with a deadline, removed when the gather completes, and a driver timer is armed only
 * for a deadline that no armed timer precedes. A timer is not cancelled when the entries it was
 * armed for are removed: it fires, finds them gone and arms the next one only if an entry still
 * needs it. With the same grace period for every gather, a runner that keeps failing fast arms
 * one timer per grace period instead of one per verdict.
 *
 * <p>When a timer armed for a deadline fires, every entry due by that deadline ends, as the
 * gather's own timer would have: the driver decides when a deadline has come, not a clock read
 * here. Each ending is handed off to the runner's callbacks (R27: it reports events, which run
 * user code), one per gather, as before.
 *
 * <p>Timers left armed hold this object, not the gathers, and are cancelled when the runner's
 * driver shuts down, and when no entry is left while one of them is due more than {@link
 * #KEEP_NANOS} away (a huge grace period would otherwise hold the timer's thread for as long).
 */
final class GraceTimers {
  /**
   * How far in the future a timer left without entries may be due and still be kept: a minute,
   * far beyond the default grace period of a second. A timer kept holds the driver's timer thread
   * until it fires.
   */
  static final long KEEP_NANOS = TimeUnit.MINUTES.toNanos(1);

  /**
   * The longest delay kept as it is: deadlines are {@code System.nanoTime()} plus a delay, and
   * compared by their difference, which must not overflow (about 73 years).
   */
  private static final long MAX_DELAY_NANOS = Long.MAX_VALUE / 4;

  /** Deadlines in the order of {@code System.nanoTime()}: by difference, as the JDK compares. */
  private static final Comparator<Long> BY_TIME = (a, b) -> Long.signum(a - b);

  private final EngineRunner runner;
  private final TaskDriver driver;

  /** The gathers in their grace period, by deadline. Guarded by {@code this}. */
  private final TreeSet<Entry> entries =
      new TreeSet<>(
          Comparator.comparing(Entry::deadline, BY_TIME).thenComparingLong(Entry::sequence));

  /** The driver's timers armed and not yet fired, by deadline. Guarded by {@code this}. */
  private final TreeMap<Long, Cancellable> armed = new TreeMap<>(BY_TIME);

  /** Tells entries with the same deadline apart. Guarded by {@code this}. */
  private long sequence;

  /** Set once the driver shuts down: nothing is armed any more. Guarded by {@code this}. */
  private boolean shutdown;

  private record Entry(long deadline, long sequence, Runnable onEnd) {}

  GraceTimers(EngineRunner runner, TaskDriver driver) {
    this.runner = runner;
    this.driver = driver;
  }

  /**
   * Starts a grace period.
   *
   * @param grace its length, saturated (R28)
   * @param onEnd what runs when it ends, handed off to the runner's callbacks; guarded already
   * @return removes the entry; {@code onEnd} does not run once it has returned, unless it had
   *     already been handed off
   * @throws RuntimeException what the driver's {@code schedule} threw (a rejection once it has
   *     shut down); nothing is then armed
   */
  Cancellable start(Duration grace, Runnable onEnd) {
    long delay = Math.min(Foreign.saturatedNanos(grace), MAX_DELAY_NANOS);
    long now = System.nanoTime();
    Entry entry;
    boolean arm;
    synchronized (this) {
      entry = new Entry(now + delay, sequence++, onEnd);
      entries.add(entry);
      arm = armed.isEmpty() || entry.deadline() - armed.firstKey() < 0;
      if (arm) {
        armed.put(entry.deadline(), Cancellable.NOTHING); // the timer, once the driver returns it
      }
    }
    if (arm) {
      try {
        arm(entry.deadline(), delay);
      } catch (RuntimeException | Error e) {
        synchronized (this) {
          entries.remove(entry);
        }
        throw e;
      }
    }
    return () -> remove(entry);
  }

  /** Asks the driver for a timer due at {@code deadline}, already in {@link #armed}. */
  private void arm(long deadline, long delay) {
    Cancellable timer;
    try {
      timer = driver.schedule(Duration.ofNanos(delay), () -> fire(deadline));
    } catch (RuntimeException | Error e) {
      synchronized (this) {
        armed.remove(deadline);
      }
      throw e;
    }
    boolean late;
    synchronized (this) {
      // Fired already (cancelling it then does nothing), cancelled meanwhile by remove() for
      // being due far away, or the driver shuts down.
      late = shutdown || !armed.containsKey(deadline);
      if (!late) {
        armed.put(deadline, timer);
      }
    }
    if (late) {
      runner.cancelQuietly(timer);
    }
  }

  private void remove(Entry entry) {
    List<Cancellable> idle = null;
    synchronized (this) {
      if (!entries.remove(entry) || !entries.isEmpty() || armed.isEmpty()) {
        return;
      }
      long now = System.nanoTime();
      while (!armed.isEmpty() && armed.lastKey() - now > KEEP_NANOS) {
        if (idle == null) {
          idle = new ArrayList<>(1);
        }
        idle.add(armed.pollLastEntry().getValue());
      }
    }
    if (idle != null) {
      idle.forEach(runner::cancelQuietly); // on a gather's completion, which must happen (R27)
    }
  }

  /** A timer armed for {@code deadline} fired: ends what was due by then, arms the next one. */
  private void fire(long deadline) {
    List<Runnable> due = new ArrayList<>(1);
    long next = 0;
    boolean arm = false;
    synchronized (this) {
      armed.remove(deadline);
      while (!entries.isEmpty() && entries.first().deadline() - deadline <= 0) {
        due.add(entries.pollFirst().onEnd());
      }
      if (!shutdown
          && !entries.isEmpty()
          && (armed.isEmpty() || entries.first().deadline() - armed.firstKey() < 0)) {
        next = entries.first().deadline();
        armed.put(next, Cancellable.NOTHING);
        arm = true;
      }
    }
    due.forEach(runner::handOff);
    if (arm) {
      try {
        arm(next, Math.max(0, next - System.nanoTime()));
      } catch (Throwable t) {
        // No timer for the entries left: a driver that refuses one now has shut down, which it
        // does only once the runner has no gather left (their entries are gone). Anything else
        // is reported; those gathers then end when their tasks exit.
        runner.callbackFailed(-1, null, t);
      }
    }
  }

  /** The driver shuts down: cancels the timers left armed, arms none any more. */
  void shutdown() {
    List<Cancellable> timers;
    synchronized (this) {
      shutdown = true;
      timers = new ArrayList<>(armed.values());
      armed.clear();
    }
    timers.forEach(runner::cancelQuietly); // each one, whichever throws
  }
}
