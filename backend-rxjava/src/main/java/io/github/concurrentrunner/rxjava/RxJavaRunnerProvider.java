package io.github.concurrentrunner.rxjava;

import io.github.concurrentrunner.spi.ConcurrentRunnerProvider;
import io.github.concurrentrunner.spi.TaskDriver;

/**
 * Provides the {@value #NAME} backend, on RxJava 3. Its priority ({@value #PRIORITY}) is below
 * the reference {@code completablefuture} backend's (100): {@code ConcurrentRunner.create()}
 * picks it only when it is named ({@code create("rxjava")}, the system property {@code
 * concurrentrunner.backend} or the environment variable {@code CONCURRENT_RUNNER_BACKEND}) or when
 * no higher-priority backend is present.
 *
 * <p>A runner of this backend owns, besides the default executor of every backend, one daemon
 * timer thread ({@code concurrent-runner-rxjava-timer}, an RxJava {@code Scheduler} of its own),
 * started on first use and stopped when the closed runner's last gather has completed. It starts
 * none of RxJava's global scheduler threads, never calls {@code RxJavaPlugins.onError} and never
 * installs a global {@code RxJavaPlugins} hook; it applies the host's {@code onSchedule} hook to
 * the bodies of blocking tasks, as RxJava's own schedulers do.
 */
public final class RxJavaRunnerProvider implements ConcurrentRunnerProvider {
  /** The backend's name. */
  public static final String NAME = "rxjava";

  /** The backend's priority. */
  public static final int PRIORITY = 40;

  /** Creates the provider; called by {@link java.util.ServiceLoader}. Cheap: starts nothing. */
  public RxJavaRunnerProvider() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int priority() {
    return PRIORITY;
  }

  @Override
  public TaskDriver createDriver() {
    return new RxJavaTaskDriver();
  }
}
