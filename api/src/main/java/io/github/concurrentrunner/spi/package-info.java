/**
 * The service provider interface, for authors of backends.
 *
 * <p>A backend is a {@link io.github.concurrentrunner.spi.ConcurrentRunnerProvider}: a name, a
 * priority and a {@link io.github.concurrentrunner.spi.TaskDriver}. The api builds the runner: one
 * engine, shared by every backend and not part of the public API, owns the semantics of every rule
 * of the contract (ordering, bounded lazy start, fail-fast, cancellation and waiting for cancelled
 * tasks, timeouts, leak detection, error aggregation, failure reporting). The driver says how the
 * backend's library dispatches a blocking task, observes an async task and schedules a timer. A
 * provider is three one-line methods: {@code name()}, {@code priority()} and {@code
 * createDriver()}.
 *
 * <p>Register the provider in {@code
 * META-INF/services/io.github.concurrentrunner.spi.ConcurrentRunnerProvider} (class path) and with
 * {@code provides} in its {@code module-info.java} (module path), or let applications pass an
 * instance to {@code ConcurrentRunner.builder().provider(...)}. The {@code concurrent-runner-tck}
 * artifact proves that a backend obeys the contract.
 *
 * <h2>Failures inside the engine's callbacks</h2>
 *
 * The callbacks the engine hands a driver never throw: the engine catches what goes wrong inside
 * them in one place and sends it to the runner's failure handler as one {@code CALLBACK_FAILURE}
 * event (rule R11), the same on every backend. Drivers need no failure handler and log nothing.
 *
 * <h2>Remote backends (the REMOTE profile)</h2>
 *
 * A backend whose blocking tasks run in another JVM overrides three default methods of {@link
 * io.github.concurrentrunner.spi.TaskDriver}:
 *
 * <ul>
 *   <li>{@code runsBlockingTasks()} returns true, and {@code runBlocking(task, taskIndex,
 *       taskName, executor, exit)} sends the task's callable away, calls {@code exit} exactly once
 *       when the remote body has exited, and returns a {@link
 *       io.github.concurrentrunner.spi.Cancellable} that requests its interruption. The engine
 *       counts such a task as finished only when {@code exit} arrives: a cancelled remote task
 *       whose body does not exit within the grace period is reported as leaked, as locally.
 *   <li>{@code requiresSerializableTasks()} returns true: the engine then rejects, at the call and
 *       before any task starts, a blocking task whose callable does not serialize, with an {@code
 *       IllegalArgumentException} naming its index.
 * </ul>
 *
 * <p>Such a provider is typically constructed by the application around its cluster client and
 * passed to {@code ConcurrentRunner.builder().provider(...)}.
 */
package io.github.concurrentrunner.spi;
