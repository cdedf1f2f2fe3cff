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
import java.util.function.Supplier;
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
        provider(
            "failing-shutdown",
            () ->
                new JdkTaskDriver("failing-shutdown") {
                  @Override
                  public void shutdown() {
                    super.shutdown();
                    throw broken;
                  }
                });
    return ConcurrentRunner.builder().provider(provider).failureHandler(events::add).build();
  }

  /**
   * A provider whose {@code createDriver()} throws, and one whose driver throws while the runner
   * is built: {@code build()} throws an {@code IllegalStateException} that names the provider, with
   * the very exception as its cause, and the driver created is shut down (its threads stop).
   */
  @Test
  void aProviderOrDriverFailingWhileTheRunnerIsBuiltIsNamedAndItsDriverShutDown() {
    IllegalStateException noDriver = new IllegalStateException("no driver today");
    ConcurrentRunnerProvider failingCreate =
        provider(
            "failing-create",
            () -> {
              throw noDriver;
            });
    assertThatThrownBy(() -> ConcurrentRunner.builder().provider(failingCreate).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'failing-create'")
        .hasMessageContaining("no driver today")
        .cause()
        .isSameAs(noDriver);

    IllegalStateException unsure = new IllegalStateException("cannot say");
    CountDownLatch shutDown = new CountDownLatch(1);
    TaskDriver unsureDriver =
        new JdkTaskDriver("unsure") {
          @Override
          public boolean requiresSerializableTasks() {
            throw unsure;
          }

          @Override
          public void shutdown() {
            super.shutdown();
            shutDown.countDown();
          }
        };
    assertThatThrownBy(
            () ->
                ConcurrentRunner.builder()
                    .provider(provider("unsure", () -> unsureDriver))
                    .build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'unsure'")
        .hasMessageContaining("cannot say")
        .cause()
        .isSameAs(unsure);
    assertThat(shutDown.getCount()).as("the driver created was shut down").isZero();
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

  /** A provider named {@code name} whose {@code createDriver()} is {@code create}. */
  private static ConcurrentRunnerProvider provider(String name, Supplier<TaskDriver> create) {
    return new ConcurrentRunnerProvider() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public int priority() {
        return 0;
      }

      @Override
      public TaskDriver createDriver() {
        return create.get();
      }
    };
  }
}
