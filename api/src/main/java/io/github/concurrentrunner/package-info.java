/**
 * Run tasks concurrently and gather their results, with one exact contract on every backend.
 *
 * <p>{@link io.github.concurrentrunner.ConcurrentRunner} is the entry point: {@code
 * ConcurrentRunner.create()} finds a backend with {@link java.util.ServiceLoader}, and its
 * operations ({@code all}, {@code allSettled}, {@code any}, {@code race}, {@code both}, {@code
 * bothSettled}) start {@link io.github.concurrentrunner.Task}s and return a {@link
 * io.github.concurrentrunner.GatherHandle} at once. {@link
 * io.github.concurrentrunner.GatherOptions} bound a gather in time ({@code timeout}, {@code
 * taskTimeout}) and in concurrency ({@code maxConcurrency}); {@link
 * io.github.concurrentrunner.Outcome} and {@link io.github.concurrentrunner.Pair} hold results; the
 * exceptions ({@link io.github.concurrentrunner.TaskFailedException}, {@link
 * io.github.concurrentrunner.AllFailedException}, {@link
 * io.github.concurrentrunner.GatherTimeoutException}, ...) carry the original failure, the task's
 * index and name, and the backend.
 *
 * <h2>The contract in brief</h2>
 *
 * <ul>
 *   <li>Results are in input order; a task may return {@code null}, which never means failure.
 *   <li>When the outcome is decided early (a failure in {@code all}, a success in {@code any}, a
 *       timeout, a cancellation), running tasks are cancelled with interruption, pending ones
 *       never start, and the handle completes only once the cancelled tasks have finished.
 *   <li>A task's exception reaches the caller as the very instance it threw; other failures are
 *       attached as suppressed; failures no caller can see go to the runner's {@link
 *       io.github.concurrentrunner.FailureHandler}.
 * </ul>
 *
 * <p>The Javadoc cites the contract's rules by number (R1, R2, ...); the {@code
 * concurrent-runner-tck} artifact has a test for each, run against every backend.
 *
 * <h2>Nullness</h2>
 *
 * <p>This package is {@link org.jspecify.annotations.NullMarked @NullMarked}: a type is non-null
 * unless annotated {@link org.jspecify.annotations.Nullable @Nullable}. Type parameters of tasks
 * and results admit nullable types ({@code Task<@Nullable String>}), since a task may return
 * {@code null} (rule R5). Passing {@code null} where it is not allowed throws {@link
 * NullPointerException} naming the argument, before any task starts (rule R4).
 */
@NullMarked
package io.github.concurrentrunner;

import org.jspecify.annotations.NullMarked;
