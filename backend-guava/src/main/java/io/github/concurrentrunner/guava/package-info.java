/**
 * The Guava backend of concurrent-runner, and interop with Guava's {@link
 * com.google.common.util.concurrent.ListenableFuture}.
 *
 * <h2>Using it</h2>
 *
 * Add {@code io.github.concurrentrunner:concurrent-runner-guava} and create the runner by name,
 * {@code ConcurrentRunner.create("guava")} (or set {@code -Dconcurrentrunner.backend=guava}); its
 * priority is below the reference {@code completablefuture} backend's. {@link
 * io.github.concurrentrunner.guava.GuavaGathers#toListenableFuture GuavaGathers.toListenableFuture}
 * turns a gather into a {@code ListenableFuture}; {@link
 * io.github.concurrentrunner.guava.GuavaTasks GuavaTasks.async} turns an operation that returns a
 * {@code ListenableFuture} into a task. Blocking tasks may run on a {@code
 * ListeningExecutorService}: pass it as the runner's or the gather's executor.
 *
 * <h2>What Guava does here, and what it does not</h2>
 *
 * The semantics of every operation (input order, bounded lazy start, fail-fast with sibling
 * cancellation, waiting for the cancelled siblings, timeouts, leaks, lossless errors) belong to the
 * engine shared by all backends (the api builds every runner around a backend's {@link
 * io.github.concurrentrunner.spi.TaskDriver}), so they are the same as on every other
 * backend by construction, and the TCK proves it. Guava supplies the moving parts: each blocking
 * task is submitted as a {@code ListenableFuture} task ({@code ListeningExecutorService.submit}, or
 * {@code Futures.submit} on a plain {@code Executor}, so a rejection still fails the task at once),
 * and each async task's {@code CompletionStage} is observed as a {@code ListenableFuture} with
 * {@code Futures.addCallback}.
 *
 * <p>Guava's aggregates are deliberately not used to gather, because each breaks a rule of the
 * contract: {@code Futures.allAsList} needs every future created up front (no {@code
 * maxConcurrency}, rule R2), completes on the first failure without cancelling the other inputs or
 * waiting for them (R7, R10), and logs every later failure at {@code SEVERE} through {@code
 * java.util.logging} although the caller already has the first (R11); {@code
 * Futures.successfulAsList} turns a failure into {@code null}, indistinguishable from a {@code
 * null} result (R5, R12); {@code whenAllComplete} and {@code inCompletionOrder} also need every
 * future up front, and {@code Futures.withTimeout} cancels its input without waiting for it to
 * stop. This backend therefore never logs through Guava: a failure reaches the caller once, and
 * failures nobody can see go to the runner's {@link io.github.concurrentrunner.FailureHandler}.
 */
package io.github.concurrentrunner.guava;
