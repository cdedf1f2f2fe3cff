package io.github.concurrentrunner.completablefuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.concurrentrunner.ConcurrentRunner;
import io.github.concurrentrunner.FailureEvent;
import io.github.concurrentrunner.GatherHandle;
import io.github.concurrentrunner.Task;
import io.github.concurrentrunner.spi.ConcurrentRunnerProvider;
import io.github.concurrentrunner.spi.JdkTaskDriver;
import io.github.concurrentrunner.spi.TaskDriver;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A driver whose {@code shutdown()} throws (rule R27, the SPI's {@code TaskDriver.shutdown()}):
 * {@code close()} does not throw it, the closed runner's last gather still completes, and the
 * exception is one {@code CALLBACK_FAILURE} event.
 */
class DriverShutdownTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final IllegalStateException broken =
      new IllegalStateException("shutdown() fails (deliberately, for DriverShutdownTest)");
  private final List<FailureEvent> events = new CopyOnWriteArrayList<>();

  private ConcurrentRunner runner() {
    ConcurrentRunnerProvider provider =
        new ConcurrentRunnerProvider() {
          @Override
          public String name() {
            return "failing-shutdown";
          }

          @Override
          public int priority() {
            return 0;
          }

          @Override
          public TaskDriver createDriver() {
            return new JdkTaskDriver("failing-shutdown") {
              @Override
              public void shutdown() {
                super.shutdown();
                throw broken;
              }
            };
          }
        };
    return ConcurrentRunner.builder().provider(provider).failureHandler(events::add).build();
  }

  @Test
  void theLastGatherOfAClosedRunnerCompletesAndTheFailureIsAnEvent() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    ConcurrentRunner runner = runner();
    GatherHandle<List<String>> handle =
        runner.all(
            List.of(
                Task.of(
                    () -> {
                      started.countDown();
                      Thread.sleep(WAIT.toMillis()); // until close() interrupts it
                      return "never";
                    })));
    assertThat(started.await(WAIT.toNanos(), TimeUnit.NANOSECONDS)).isTrue();
    runner.close();
    assertThatThrownBy(() -> handle.await(WAIT)).isInstanceOf(CancellationException.class);
    assertThat(events)
        .singleElement()
        .satisfies(
            event -> {
              assertThat(event.kind()).isEqualTo(FailureEvent.Kind.CALLBACK_FAILURE);
              assertThat(event.failure()).isSameAs(broken);
            });
  }

  @Test
  void closeWithNoGatherRunningDoesNotThrowTheDriversFailure() {
    ConcurrentRunner runner = runner();
    runner.close();
    assertThat(events).extracting(FailureEvent::failure).containsExactly(broken);
    runner.close(); // idempotent: the driver is shut down once
    assertThat(events).hasSize(1);
  }
}
