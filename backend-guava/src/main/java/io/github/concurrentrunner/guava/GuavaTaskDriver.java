package io.github.concurrentrunner.guava;

import static com.google.common.util.concurrent.MoreExecutors.directExecutor;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.SettableFuture;
import io.github.concurrentrunner.spi.Cancellable;
import io.github.concurrentrunner.spi.JdkTaskDriver;
import io.github.concurrentrunner.spi.TaskDriver;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;

/*
 * Why this driver is small, and why it does not use Guava's aggregates
 *
 * The engine shared by every backend decides every outcome; this driver moves work and
 * signals with Guava's primitives where they do something, and with the JDK's where Guava would
 * only allocate (JdkTaskDriver, which it extends):
 *
 * - A blocking body goes to the gather's executor with execute(), a ListeningExecutorService's
 *   too. It used to be Futures.submit / ListeningExecutorService.submit: a
 *   TrustedListenableFutureTask per task (213 B per task against 86 for the other backends,
 *   benchmarks/results of 2026-11-25) that nothing ever read. The engine does not watch that
 *   future (the body is the engine's, which never throws), must not cancel it (the engine
 *   interrupts the body's thread itself, only while the body runs this task; cancel(true) would
 *   add an interrupter its bookkeeping does not know of, and a cancel before start would drop a
 *   body the engine counts on running), and gets a RejectedExecutionException synchronously from
 *   execute() as from submit() (R20). A careful Guava user who needs no future calls execute().
 * - An async task's stage is mirrored into a SettableFuture (whenComplete -> set/setException)
 *   and delivered with Futures.addCallback(..., directExecutor()). Cancellation goes to the
 *   source (toCompletableFuture().cancel(true)), never to the mirror: the mirror completes when
 *   the operation does, so the engine still waits for an operation it could not stop, and
 *   reports it as leaked after the grace period (R10) instead of believing it stopped.
 * - Timers use the DaemonScheduler of JdkTaskDriver (one named daemon thread per runner,
 *   concurrent-runner-guava-timer): nobody listens to a timer, so a
 *   ListeningScheduledExecutorService would only add two objects per timer, and keeping timers
 *   identical across backends keeps them out of the benchmark comparison.
 *
 * Futures.allAsList / successfulAsList / whenAllComplete / inCompletionOrder / withTimeout are not
 * used for the gather itself: they need every input future to exist up front (no bounded lazy
 * start, R2); allAsList completes on the first failure without waiting for, or cancelling, the
 * siblings (R7, R10) and logs every later failure at SEVERE (R11: logged twice); successfulAsList
 * turns a failure into null (R5, R12); withTimeout cancels the input but does not wait for it to
 * stop. The engine provides all of that once, for every backend.
 */

/** The {@link TaskDriver} of the Guava backend. Thread-safe. */
final class GuavaTaskDriver extends JdkTaskDriver {

  GuavaTaskDriver() {
    super(GuavaRunnerProvider.NAME);
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
