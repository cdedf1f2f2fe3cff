package io.github.concurrentrunner.guava;

import com.google.common.util.concurrent.AbstractFuture;
import com.google.common.util.concurrent.ListenableFuture;
import io.github.concurrentrunner.GatherHandle;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Views of a gather for code built on Guava's {@link ListenableFuture}. They work with a handle of
 * any backend.
 *
 * <pre>{@code
 * ListenableFuture<List<String>> pages =
 *     GuavaGathers.toListenableFuture(
 *         runner.all(List.of(Task.of(() -> fetch("a")), Task.of(() -> fetch("b")))));
 * ListenableFuture<Integer> count =
 *     FluentFuture.from(pages).transform(List::size, directExecutor());
 * }</pre>
 *
 * <p>A view is cancelled only if its gather was: cancelled by its handle, by the runner's {@code
 * close()} or through the view itself. It then keeps what {@code await()} would throw, the
 * gather's {@code CancellationException} with the failures seen before the cancellation, as the
 * cause of the {@code CancellationException} its {@code get()} throws, where Guava's {@code
 * AbstractFuture} would by default keep no cause for a cancellation. A {@code
 * CancellationException} that a {@code both} combiner throws is a failure like any other: it fails
 * the view, which is not cancelled. See {@link #toListenableFuture(GatherHandle)}.
 */
public final class GuavaGathers {
  private GuavaGathers() {}

  /**
   * Returns a {@link ListenableFuture} view of a gather, for the code that already composes Guava
   * futures ({@code Futures.transform}, {@code FluentFuture}, {@code Futures.addCallback}).
   *
   * <ul>
   *   <li>It succeeds with the value {@link GatherHandle#await()} returns, when the handle
   *       completes, that is once every task the gather started has finished (or leaked).
   *   <li>It fails with the exception {@code await()} would throw, as the cause of {@link
   *       java.util.concurrent.ExecutionException} from {@code get()} (and as the argument of
   *       {@code FutureCallback.onFailure}): a {@link
   *       io.github.concurrentrunner.TaskFailedException} whose cause is the task's own exception,
   *       an {@link io.github.concurrentrunner.AllFailedException}, a {@link
   *       io.github.concurrentrunner.GatherTimeoutException}, or a {@code both} combiner's
   *       exception, with the same suppressed exceptions. Each view holds its own instance, so its
   *       stack trace is not the one a later {@code await()} shows. A combiner's exception is the
   *       view's failure even when it is a {@link CancellationException}: the gather was not
   *       cancelled, so neither is the view ({@code isCancelled()} is false), and {@code get()}
   *       throws an {@code ExecutionException} whose cause is that very instance.
   *   <li>If the gather was cancelled (by {@link GatherHandle#cancel()}, an interrupted {@code
   *       await()}, the runner's {@code close()} or the view's own {@code cancel}), the view is
   *       cancelled too, Guava's way: {@code isCancelled()} is true and {@code get()} throws a new
   *       {@link CancellationException} at each call. Once the gather has completed, that
   *       exception's <em>cause</em> is the {@code CancellationException} that {@code await()}
   *       throws, which carries as suppressed the task failures seen before the cancellation (rule
   *       R9), so that they reach whoever reads the view, {@code FutureCallback.onFailure} and
   *       {@code Futures.catching} included. The futures Guava derives from the view and cancels
   *       with it ({@code Futures.transform} and the like) are cancelled Guava's way, by default
   *       without a cause: read the view itself for the failures.
   *   <li>Cancelling the view, with or without {@code mayInterruptIfRunning}, cancels the gather as
   *       {@link GatherHandle#cancel()} does (running tasks are interrupted either way). As for
   *       every {@code Future}, the view is done at once, and its {@code get()} throws Guava's own
   *       {@code CancellationException} until the gather completes, when its cancelled tasks have
   *       finished, which {@code handle.await()} waits for.
   * </ul>
   *
   * <p>Listeners of the view run when the handle completes, on the thread that completed it (a
   * task's thread or one of the runner's threads, never its timer thread) when added with {@code
   * directExecutor()}, so they should be quick. A listener's executor that throws an {@code Error}
   * stops Guava from running the listeners after it, as it does for any future; where plain Guava
   * would throw that error to the code completing the future, the view logs it through {@link
   * System.Logger} at {@code WARNING}, since no caller of the runner could see it. Each call
   * returns a new view.
   *
   * @param handle the gather
   * @param <R> the gather's result type
   * @return a view of the gather
   * @throws NullPointerException if {@code handle} is null
   */
  public static <R> ListenableFuture<R> toListenableFuture(GatherHandle<R> handle) {
    Objects.requireNonNull(handle, "handle");
    HandleFuture<R> view = new HandleFuture<>(handle);
    handle.toCompletableFuture().whenComplete(view::complete);
    return view;
  }

  /** A gather as a {@code ListenableFuture}; its cancellation cancels the gather. */
  private static final class HandleFuture<R> extends AbstractFuture<R> {
    private static final System.Logger LOGGER =
        System.getLogger("io.github.concurrentrunner.guava");

    private final GatherHandle<R> handle;

    /**
     * The {@code CancellationException} of the gather, once it has completed cancelled: the cause
     * of what {@code get()} throws, since Guava's cancellation keeps none (rule R9).
     */
    private volatile CancellationException gatherCancellation;

    HandleFuture(GatherHandle<R> handle) {
      this.handle = handle;
    }

    @Override
    public R get() throws InterruptedException, ExecutionException {
      try {
        return super.get();
      } catch (CancellationException cancelled) {
        throw withGathersCause(cancelled);
      }
    }

    @Override
    public R get(long timeout, TimeUnit unit)
        throws InterruptedException, TimeoutException, ExecutionException {
      try {
        return super.get(timeout, unit);
      } catch (CancellationException cancelled) {
        throw withGathersCause(cancelled);
      }
    }

    /**
     * Guava's {@code CancellationException}, made anew by each {@code get()}, as it is while the
     * gather has not completed cancelled; then a new one whose cause is the gather's, so that the
     * failures it carries reach whoever reads the view, {@code FutureCallback.onFailure} included
     * (Guava's own exception has its cause set already, to null, and cannot take another).
     */
    private CancellationException withGathersCause(CancellationException guavas) {
      CancellationException gathers = gatherCancellation;
      if (gathers == null) {
        return guavas;
      }
      CancellationException cancelled =
          new CancellationException(
              "Task was cancelled: the gather was cancelled (the cause is the exception its"
                  + " await() throws)");
      cancelled.initCause(gathers);
      return cancelled;
    }

    /**
     * Completes from the handle's {@code CompletableFuture} view, which completes with the very
     * exception {@code await()} builds, unwrapped.
     */
    void complete(R value, Throwable failure) {
      try {
        if (failure == null) {
          set(value);
        } else if (failure instanceof CancellationException cancellation
            && gatherWasCancelled(cancellation)) {
          // Before cancel(), which wakes the waiters in get(): they see it (see get()).
          gatherCancellation = cancellation;
          cancel(false);
        } else {
          setException(failure);
        }
      } catch (Throwable listenerFailure) {
        // Guava runs the listeners inside set(): an executor that throws an Error ends there.
        // Plain Guava throws it to the code completing the future; here that code is the handle's
        // completion, which nobody reads, so the error is logged rather than lost.
        logListenerFailure(listenerFailure);
      }
    }

    /**
     * Whether the {@code CancellationException} the handle completed with is the gather's own
     * (the gather was cancelled), rather than one a {@code both} combiner threw, which is the
     * gather's failure like any other exception of the combiner's. The public API tells them
     * apart by identity only: the runner makes a gather's own {@code CancellationException}
     * anew at each read of the handle (its stack trace is the reader's), whereas a combiner's
     * exception is the very instance at each read ({@code await()} throws that same exception).
     * So the handle, complete by now, is read once more: another instance means a cancelled
     * gather. A handle that cannot be read again counts as cancelled, the view's former reading.
     * Either way the exception is kept (as the cause of the cancellation, or as the failure), so
     * a handle of another kind that would be misread loses nothing.
     */
    private boolean gatherWasCancelled(CancellationException cancellation) {
      Throwable again;
      try {
        again = handle.toCompletableFuture().handle((ignored, failure) -> failure).getNow(null);
      } catch (Throwable unreadable) {
        return true;
      }
      return again != cancellation;
    }

    private void logListenerFailure(Throwable listenerFailure) {
      try {
        LOGGER.log(
            System.Logger.Level.WARNING,
            "concurrent-runner: a listener of a GuavaGathers.toListenableFuture view threw while"
                + " the view completed; the listeners after it did not run",
            listenerFailure);
      } catch (Throwable loggerFailure) {
        // Nowhere left to report to.
      }
    }

    @Override
    protected void afterDone() {
      if (isCancelled()) {
        handle.cancel(); // false, and harmless, when the gather was cancelled first
      }
    }

    @Override
    protected String pendingToString() {
      return "handle=[" + handle + "]";
    }
  }
}
