/**
 * Runnable programs to read first. Each has a {@code main} and a {@code run(PrintStream)} that
 * prints what happens and returns what it found, so that the tests can check it on every backend.
 * The backend is chosen with {@code -Dconcurrentrunner.backend=<name>} (or the environment
 * variable {@code CONCURRENT_RUNNER_BACKEND}); without it, the available backend with the highest
 * priority runs.
 *
 * <ol>
 *   <li>{@link io.github.concurrentrunner.examples.TwoTasks}: two tasks at once, the wall time of
 *       the longer one.
 *   <li>{@link io.github.concurrentrunner.examples.OneFails}: {@code allSettled} versus {@code
 *       all} when a task fails.
 *   <li>{@link io.github.concurrentrunner.examples.AnyAndRace}: first success versus first to
 *       settle.
 *   <li>{@link io.github.concurrentrunner.examples.ThousandTasks}: a bounded gather over 1,000
 *       tasks.
 *   <li>{@link io.github.concurrentrunner.examples.HttpAsync}: async tasks on {@code
 *       java.net.http.HttpClient}.
 *   <li>{@link io.github.concurrentrunner.examples.QuickStart}: the snippets of the README.
 *   <li>{@link io.github.concurrentrunner.examples.AllExamples}: runs them all.
 * </ol>
 */
package io.github.concurrentrunner.examples;
