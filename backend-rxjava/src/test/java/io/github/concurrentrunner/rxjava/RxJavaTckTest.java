package io.github.concurrentrunner.rxjava;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.concurrentrunner.spi.ConcurrentRunnerProvider;
import io.github.concurrentrunner.tck.ConcurrentRunnerTck;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Runs the TCK, unchanged, against the {@code rxjava} backend, and proves that the whole run never
 * reaches RxJava's global error handler: a probe is installed before the first test of the kit
 * and checked after the last one (JUnit runs the kit's {@code @Nested} groups inside this class's
 * {@code @BeforeAll}/{@code @AfterAll}), so any error sent to {@code RxJavaPlugins.onError} by
 * any rule's scenario, or a backend that replaced the global handler, fails this class.
 *
 * <p>No {@link #isLibraryThread(Thread)} override: the backend starts no RxJava global thread
 * (it never touches {@code Schedulers}), only its own timer thread, which stops at close.
 */
class RxJavaTckTest extends ConcurrentRunnerTck {
  private static RxJavaPluginsProbe globalHandler;

  @BeforeAll
  static void installGlobalHandlerProbe() {
    globalHandler = RxJavaPluginsProbe.install();
  }

  @AfterAll
  static void theWholeKitNeverReachedRxJavaPluginsOnError() {
    boolean stillInstalled = globalHandler.uninstall();
    assertThat(globalHandler.errors())
        .as("errors that reached RxJavaPlugins.onError while the TCK ran on rxjava")
        .isEmpty();
    assertThat(stillInstalled)
        .as("the global RxJavaPlugins error handler was replaced while the TCK ran")
        .isTrue();
  }

  @Override
  protected ConcurrentRunnerProvider provider() {
    return new RxJavaRunnerProvider();
  }
}
