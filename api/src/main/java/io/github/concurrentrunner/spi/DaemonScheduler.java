package io.github.concurrentrunner.spi;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A timer for {@link TaskDriver#schedule(Duration, Runnable)}: one daemon thread named {@code
 * concurrent-runner-<backend>-timer}, started on first use, gone after 10 idle seconds or at
 * {@link #shutdown()}. Cancelled timers are removed at once, so a long timeout holds no memory
 * after its gather completed.
 */
public final class DaemonScheduler {
  private final ScheduledThreadPoolExecutor executor;

  private DaemonScheduler(String backend) {
    String name = "concurrent-runner-" + backend + "-timer";
    executor =
        new ScheduledThreadPoolExecutor(
            1,
            runnable -> {
              Thread thread = new Thread(runnable, name);
              thread.setDaemon(true);
              return thread;
            });
    executor.setRemoveOnCancelPolicy(true);
    executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    executor.setKeepAliveTime(10, TimeUnit.SECONDS);
    executor.allowCoreThreadTimeOut(true);
  }

  /**
   * Creates a scheduler for a backend.
   *
   * @param backend the backend's name, used in the thread's name
   * @return a new scheduler; its thread starts on first use
   */
  public static DaemonScheduler create(String backend) {
    return new DaemonScheduler(backend);
  }

  /**
   * Schedules {@code action} after {@code delay}.
   *
   * @param delay how long to wait; a delay beyond what a {@code long} of nanoseconds holds
   *     saturates (practically never), a negative one means none
   * @param action what to run
   * @return cancels the timer
   */
  public Cancellable schedule(Duration delay, Runnable action) {
    ScheduledFuture<?> future =
        executor.schedule(action, nanos(delay), TimeUnit.NANOSECONDS);
    return () -> future.cancel(false);
  }

  /** The delay in nanoseconds, saturated as {@code TimeUnit.convert} does (rule R28). */
  private static long nanos(Duration delay) {
    if (delay.isNegative()) {
      return 0;
    }
    try {
      return delay.toNanos();
    } catch (ArithmeticException overflow) {
      return Long.MAX_VALUE;
    }
  }

  /**
   * Stops the thread; pending timers never fire. It does not interrupt: the last action may be
   * running on the timer thread itself (a gather completing in its grace timer after close()).
   */
  public void shutdown() {
    executor.shutdown();
  }
}
