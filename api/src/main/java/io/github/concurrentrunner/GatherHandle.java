package io.github.concurrentrunner;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * A running gather, returned at once by every operation of {@link ConcurrentRunner}. Thread-safe:
 * any number of threads may await or cancel it.
 *
 * <p>A handle <em>completes</em> only when every task its gather started has finished (rule R10),
 * except tasks that ignore interruption for longer than the grace period, which are reported as
 * leaked. So when {@link #await()} returns or throws for a completed gather, no task of the gather
 * is still running.
 *
 * <p>Memory consistency: everything a task did happens-before {@code await()} returns a result
 * that includes its value (rule R22).
 *
 * @param <R> the result type: {@code List<T>}, {@code List<Outcome<T>>}, {@code T} or a {@link
 *     Pair}
 */
public interface GatherHandle<R extends @Nullable Object> {

  /**
   * Waits for the gather to complete and returns its result.
   *
   * @return the result (for {@code all}: the values in input order)
   * @throws TaskFailedException if a task failed (rules R7, R8, R14); the cause is the task's own
   *     exception
   * @throws AllFailedException if this is an {@code any} gather and no task succeeded (rule R13)
   * @throws GatherTimeoutException if the gather's timeout passed (rule R15; not for {@code
   *     allSettled}, which records {@link Outcome.TimedOut} instead)
   * @throws CancellationException if the gather was cancelled (rule R17)
   * @throws InterruptedException if the current thread was interrupted while waiting: the gather
   *     is then cancelled as by {@link #cancel()}, and the interrupt status is cleared (rule R18).
   *     This method does not wait for the cancelled tasks to finish; a later {@code await()} does.
   */
  R await() throws InterruptedException;

  /**
   * Waits at most {@code timeout} for the gather to complete and returns its result. Unlike the
   * gather's own {@link GatherOptions.Builder#timeout(Duration) timeout}, running out of time here
   * does <em>not</em> cancel the gather, as with {@link java.util.concurrent.Future#get(long,
   * java.util.concurrent.TimeUnit)}.
   *
   * @param timeout how long to wait at most: zero (do not wait) or positive; a duration beyond
   *     what a {@code long} of nanoseconds holds saturates and waits practically forever (rule
   *     R28)
   * @return the result
   * @throws TimeoutException if the gather did not complete in time; it goes on
   * @throws InterruptedException as for {@link #await()}, and the gather is cancelled
   * @throws NullPointerException if {@code timeout} is null
   * @throws IllegalArgumentException if {@code timeout} is negative (rule R28)
   * @see #await()
   */
  R await(Duration timeout) throws InterruptedException, TimeoutException;

  /**
   * Cancels the gather (rule R17): tasks not yet started never start, running blocking tasks are
   * interrupted, async tasks' futures are cancelled, and {@link #await()} throws {@link
   * CancellationException}. Does not block: the handle completes once the cancelled tasks have
   * finished (or leaked, rule R10).
   *
   * @return true if this call cancelled the gather; false, changing nothing, if its outcome was
   *     already decided (it completed, failed, timed out or was cancelled before)
   */
  boolean cancel();

  /**
   * Returns whether the handle has completed: its outcome is known and every task it started has
   * finished or leaked. After a successful {@link #cancel()} this becomes true once the cancelled
   * tasks have finished, not at once.
   *
   * @return true if {@link #await()} would not block
   */
  boolean isDone();

  /**
   * Returns a {@link CompletableFuture} that completes when this handle completes: with the
   * result, or exceptionally with the exception that {@link #await()} would throw (a {@link
   * CancellationException} for a cancelled gather). Cancelling the returned future cancels the
   * gather; so does completing it exceptionally with a {@link CancellationException}, which is how
   * {@code CompletableFuture} itself cancels (its {@code isCancelled()} then returns true).
   * Completing it by other means (a value, another exception, {@code obtrudeValue}) does not
   * affect the gather. Each call returns a new future, which this handle keeps until it completes:
   * call it once per use, not in a polling loop ({@link #isDone()} polls for free).
   *
   * @return a future view of this handle
   */
  CompletableFuture<R> toCompletableFuture();
}
