package io.github.concurrentrunner.rxjava;

import io.github.concurrentrunner.spi.Cancellable;
import io.github.concurrentrunner.spi.TaskDriver;
import io.reactivex.rxjava3.core.Maybe;
import io.reactivex.rxjava3.core.MaybeObserver;
import io.reactivex.rxjava3.core.Scheduler;
import io.reactivex.rxjava3.disposables.Disposable;
import io.reactivex.rxjava3.plugins.RxJavaPlugins;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BiConsumer;

/*
 * How RxJava is used, and where it is deliberately not.
 *
 * Async tasks: Maybe.fromCompletionStage. Maybe is RxJava's type for "at most one value", so a
 * stage that completes with null arrives as onComplete instead of the NullPointerException that
 * Single.fromCompletionStage signals: no boxing needed (rule R5). Disposing that Maybe neither
 * cancels the stage nor delivers anything afterwards (it only detaches the callback), while the
 * engine needs exactly one callback per task to know the task finished (rule R10). So the
 * subscription is never disposed; cancellation cancels the stage itself
 * (toCompletableFuture().cancel(true)), and the resulting CancellationException arrives through
 * the Maybe like any other outcome.
 *
 * Timers: a SingleScheduler owned by the runner (RxJavaPlugins.createSingleScheduler with a
 * daemon thread factory), cancelled through the Disposable of scheduleDirect. It does not touch
 * the Schedulers class, whose initialisation starts RxJava's global, JVM-lifetime threads (the
 * io scheduler's evictor): the runner starts one thread of its own, lazily, and stops it at
 * close(). Two traps of SingleScheduler are closed here: (1) it sends a rejected schedule (after
 * shutdown) and a throwing action to RxJavaPlugins.onError, so schedule() and shutdown() are
 * mutually exclusive, and every action is the engine's, which never throws; (2) its Disposable interrupts the timer thread
 * when disposed while the action runs, so a timer is claimed once, by firing or by cancelling,
 * and is disposed only when cancelling wins: a running action is never interrupted.
 *
 * Blocking tasks: executor.execute(RxJavaPlugins.onSchedule(body)), not a Scheduler made with
 * Schedulers.from(executor). ExecutorScheduler catches the executor's RejectedExecutionException,
 * sends it to RxJavaPlugins.onError and returns an empty Disposable: the task would silently
 * never run, the gather would hang (rule R20) and the host's global error handler would be hit.
 * Its interruptible mode would also interrupt bodies, which the engine does itself; its
 * ExecutorService path wraps every body in a FutureTask; and touching Schedulers starts global
 * threads. What a Scheduler adds for a body that is run exactly once is the host's
 * onSchedule hook (used for context propagation and tracing), and that hook is applied here, as
 * RxJava's own schedulers do for every task.
 */

/** The {@link TaskDriver} of the RxJava backend, made of RxJava parts. Thread-safe. */
final class RxJavaTaskDriver implements TaskDriver {
  private final Scheduler timer = RxJavaPlugins.createSingleScheduler(this::newTimerThread);

  /** The timer's thread, once started. */
  private volatile Thread timerThread;

  /** Read: scheduling; write: shutdown. Keeps a schedule from racing into a shut-down timer. */
  private final ReadWriteLock timerLock = new ReentrantReadWriteLock();

  private boolean shutdown; // guarded by timerLock

  RxJavaTaskDriver() {}

  @Override
  public void execute(Executor executor, Runnable body) {
    executor.execute(RxJavaPlugins.onSchedule(body));
  }

  @Override
  public Cancellable observe(CompletionStage<?> stage, BiConsumer<Object, Throwable> callback) {
    // The task's stage is observed here, and the Maybe observes a mirror: a stage whose own
    // whenComplete throws (rule R27) must fail its task with that very exception, thrown to the
    // engine, while Maybe.subscribe would send it to RxJavaPlugins.onError (the host's global
    // handler, or a stack trace on stderr) and throw a NullPointerException "subscribeActual
    // failed" instead.
    // The Maybe subscribes first: a stage whose whenComplete calls back and then throws has its
    // outcome delivered before the engine sees what it threw, as on every backend.
    CompletableFuture<Object> mirror = new CompletableFuture<>();
    Maybe.fromCompletionStage(mirror).subscribe(new StageObserver(callback));
    stage.whenComplete(
        (value, failure) -> {
          if (failure == null) {
            mirror.complete(value);
          } else {
            mirror.completeExceptionally(failure);
          }
        });
    return Cancellable.of(stage);
  }

  @Override
  public Cancellable schedule(Duration delay, Runnable action) {
    Timer task = new Timer(action);
    timerLock.readLock().lock();
    try {
      if (shutdown) {
        throw new RejectedExecutionException(
            "the " + RxJavaRunnerProvider.NAME + " runner's timer is shut down");
      }
      task.disposable = timer.scheduleDirect(task, nanos(delay), TimeUnit.NANOSECONDS);
    } finally {
      timerLock.readLock().unlock();
    }
    return task;
  }

  private Thread newTimerThread(Runnable runnable) {
    Thread thread =
        new Thread(runnable, "concurrent-runner-" + RxJavaRunnerProvider.NAME + "-timer");
    thread.setDaemon(true);
    timerThread = thread;
    return thread;
  }

  /**
   * Stops the timer thread; pending timers never fire. The engine calls this when the last
   * gather of a closed runner completes, which may happen in a timer action: the scheduler's
   * {@code shutdownNow} then interrupts the very thread that is finishing that action (and
   * about to call the failure handler), so that interrupt is cleared at once.
   */
  @Override
  public void shutdown() {
    boolean onTimerThread = Thread.currentThread() == timerThread;
    boolean wasInterrupted = onTimerThread && Thread.currentThread().isInterrupted();
    timerLock.writeLock().lock();
    try {
      shutdown = true;
      timer.shutdown();
    } finally {
      timerLock.writeLock().unlock();
    }
    if (onTimerThread && !wasInterrupted) {
      Thread.interrupted();
    }
  }

  /** The delay in nanoseconds, saturated: a timeout of centuries is simply never reached. */
  private static long nanos(Duration delay) {
    try {
      return Math.max(0, delay.toNanos());
    } catch (ArithmeticException overflow) {
      return delay.isNegative() ? 0 : Long.MAX_VALUE;
    }
  }

  /** Delivers a stage's outcome, from {@code Maybe.fromCompletionStage}, to the engine. */
  private static final class StageObserver implements MaybeObserver<Object> {
    private final BiConsumer<Object, Throwable> callback;

    StageObserver(BiConsumer<Object, Throwable> callback) {
      this.callback = callback;
    }

    @Override
    public void onSubscribe(Disposable d) {
      // Never disposed: see the overview.
    }

    @Override
    public void onSuccess(Object value) {
      deliver(value, null);
    }

    @Override
    public void onComplete() {
      deliver(null, null); // the stage completed with null (R5)
    }

    @Override
    public void onError(Throwable failure) {
      deliver(null, failure);
    }

    /** Calls the engine's callback, which never throws (the engine reports its own failures). */
    private void deliver(Object value, Throwable failure) {
      callback.accept(value, failure);
    }
  }

  /**
   * A timer: fires or is cancelled, once. Claiming it first keeps {@code dispose()} (which would
   * interrupt the timer thread) away from a running action.
   */
  private static final class Timer extends AtomicBoolean implements Runnable, Cancellable {
    private static final long serialVersionUID = 1L;

    private final transient Runnable action;
    transient volatile Disposable disposable;

    Timer(Runnable action) {
      this.action = action;
    }

    @Override
    public void run() {
      if (!compareAndSet(false, true)) {
        return;
      }
      action.run(); // the engine's, which never throws: nothing reaches RxJavaPlugins.onError
    }

    @Override
    public void cancel() {
      if (compareAndSet(false, true)) {
        Disposable d = disposable;
        if (d != null) {
          d.dispose();
        }
      }
    }
  }
}
