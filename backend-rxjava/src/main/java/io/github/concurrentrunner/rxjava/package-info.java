/**
 * The RxJava 3 backend of concurrent-runner, and its interop with RxJava.
 *
 * <p>Add {@code io.github.concurrentrunner:concurrent-runner-rxjava} and choose the backend with
 * {@code ConcurrentRunner.create("rxjava")}, with {@code -Dconcurrentrunner.backend=rxjava}, or by
 * having no higher-priority backend on the path. It obeys the same contract (rules R1-R31) as
 * every other backend; {@link io.github.concurrentrunner.rxjava.RxGathers} turns a running
 * gather into a {@code Single} or a {@code Maybe}.
 *
 * <p>The backend never calls {@code RxJavaPlugins.onError} and never installs or replaces a
 * global {@code RxJavaPlugins} hook: every failure reaches the caller once, or the runner's
 * {@code FailureHandler} (rules R9-R11), never the host application's global error handler.
 * {@link io.github.concurrentrunner.rxjava.RxTasks} and {@link
 * io.github.concurrentrunner.rxjava.RxGathers}, which hold no runner, log what no caller can see
 * through the {@link System.Logger} named {@code io.github.concurrentrunner.rxjava} at {@code
 * WARNING} instead. What still reaches the global handler is sent by RxJava itself: what a
 * {@code Completable}'s {@code subscribeActual} throws, and an error a source meets after its
 * disposal (see {@code RxTasks}).
 */
package io.github.concurrentrunner.rxjava;
