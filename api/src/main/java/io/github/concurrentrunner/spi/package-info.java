/**
 * The service provider interface, for authors of backends.
 *
 * <p>A backend is a {@link io.github.concurrentrunner.spi.ConcurrentRunnerProvider} registered
 * both in {@code META-INF/services/io.github.concurrentrunner.spi.ConcurrentRunnerProvider} (class
 * path) and with {@code provides} in its {@code module-info.java} (module path). Its runner
 * usually extends {@link io.github.concurrentrunner.spi.AbstractConcurrentRunner}, which owns the
 * semantics of every rule of the contract (ordering, fail-fast, cancellation and waiting for
 * cancelled tasks, timeouts, leak detection, error aggregation), and supplies a {@link
 * io.github.concurrentrunner.spi.TaskDriver}: how its library dispatches a blocking task, observes
 * an async task and schedules a timer. The {@code concurrent-runner-tck} artifact proves that a
 * backend obeys the contract.
 */
package io.github.concurrentrunner.spi;
