package io.github.concurrentrunner.guava;

import static com.google.common.util.concurrent.MoreExecutors.directExecutor;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.ListeningExecutorService;
import com.google.common.util.concurrent.SettableFuture;
import io.github.concurrentrunner.spi.Cancellable;
import io.github.concurrentrunner.spi.DaemonScheduler;
import io.github.concurrentrunner.spi.TaskDriver;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;

/*
 * Why this driver is small, and why it does not use Guava's aggregates
 *
 * The engine shared by every backend decides every outcome; this driver moves work and
 * signals with Guava's primitives:
 *
 * - A blocking body becomes a ListenableFuture through ListeningExecutorService.submit (when the
 *   gather's executor is one) or Futures.submit(Runnable, Executor), which is what
 *   MoreExecutors.listeningDecorator(...).submit does for any Executor: a
 *   TrustedListenableFutureTask handed to execute(), so a RejectedExecutionException still
 *   surfaces synchronously (R20). That future is never cancelled: the engine interrupts the
 *   body's thread itself, only while the body runs this task, and clears that interrupt before
 *   the thread goes back to its pool; cancel(true) would add an interrupter its bookkeeping does
 *   not know of, and a cancel before start would drop a body the engine counts on running.
 *   The future is not watched: the body is the engine's, which never throws (it catches every
 *   Throwable of the task, and reports a failure of its own to the runner's failure handler).
 * - An async task's stage is mirrored into a SettableFuture (whenComplete -> set/setException)
 *   and delivered with Futures.addCallback(..., directExecutor()). Cancellation goes to the
 *   source (toCompletableFuture().cancel(true)), never to the mirror: the mirror completes when
 *   the operation does, so the engine still waits for an operation it could not stop, and
 *   reports it as leaked after the grace period (R10) instead of believing it stopped.
 * - Timers use DaemonScheduler (see schedule()).
 *
 * Futures.allAsList / successfulAsList / whenAllComplete / inCompletionOrder / withTimeout are not
 * used for the gather itself: they need every input future to exist up front (no bounded lazy
 * start, R2); allAsList completes on the first failure without waiting for, or cancelling, the
 * siblings (R7, R10) and logs every later failure at SEVERE (R11: logged twice); successfulAsList
 * turns a failure into null (R5, R12); withTimeout cancels the input but does not wait for it to
 * stop. The engine provides all of that once, for every backend.
 */

/** The {@link TaskDriver} of the Guava backend. Thread-safe. */
final class GuavaTaskDriver implements TaskDriver {
  /**
   * One timer thread per runner, the {@link DaemonScheduler} every backend uses: nobody listens to
   * a timer, so a {@code ListeningScheduledExecutorService} would only add two objects per timer;
   * {@link DaemonScheduler} already has the named daemon thread ({@code
   * concurrent-runner-guava-timer}), removal on cancel, exit when idle and {@code shutdownNow} at
   * close, and keeping timers identical across backends keeps them out of the benchmark comparison.
   */
  private final DaemonScheduler timer = DaemonScheduler.create(GuavaRunnerProvider.NAME);

  GuavaTaskDriver() {}

  @Override
  public void execute(Executor executor, Runnable body) {
    if (executor instanceof ListeningExecutorService listening) {
      listening.submit(body);
    } else {
      Futures.submit(body, executor);
    }
  }

  @Override
  public Cancellable observe(CompletionStage<?> stage, BiConsumer<Object, Throwable> callback) {
    SettableFuture<Object> mirror = SettableFuture.create();
    // The delivery first: a stage whose whenComplete calls back and then throws (rule R27) has
    // its outcome delivered before the engine sees what it threw, as on every backend.
    Futures.addCallback(mirror, new Delivery(callback), directExecutor());
    stage.whenComplete(
        (value, failure) -> {
          if (failure == null) {
            mirror.set(value);
          } else {
            mirror.setException(failure);
          }
        });
    return Cancellable.of(stage);
  }

  @Override
  public Cancellable schedule(Duration delay, Runnable action) {
    return timer.schedule(delay, action);
  }

  @Override
  public void shutdown() {
    timer.shutdown();
  }

  /** Hands an async task's outcome to the engine, whose callback never throws. */
  private static final class Delivery implements FutureCallback<Object> {
    private final BiConsumer<Object, Throwable> callback;

    Delivery(BiConsumer<Object, Throwable> callback) {
      this.callback = callback;
    }

    @Override
    public void onSuccess(Object value) {
      callback.accept(value, null);
    }

    @Override
    public void onFailure(Throwable failure) {
      callback.accept(null, failure);
    }
  }
}
