package io.github.concurrentrunner.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.concurrentrunner.ConcurrentRunner;
import io.github.concurrentrunner.Task;
import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ContextSnapshotFactory;
import io.micrometer.context.integration.Slf4jThreadLocalAccessor;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/**
 * The examples of the READMEs and of {@link ContextSnapshotHook}'s Javadoc, line for line (see
 * {@code ExampleReadmeSnippetsTest} in examples), run against the real Micrometer.
 */
class MicrometerReadmeExamplesTest {

  @Test
  void readmeSetsUpContextAndMetricsInOneBuilder() throws Exception {
    MeterRegistry meterRegistry = new SimpleMeterRegistry();
    ObservationRegistry observationRegistry = TestObservationRegistry.create();
    ConcurrentRunner runner = ConcurrentRunner.builder()
        .contextHook(ContextSnapshotHook.create())   // MDC, Observation, span: all that is registered
        .listener(MicrometerGatherListener.of(meterRegistry, observationRegistry))
        .build();
    try (runner) {
      assertThat(runner.all(List.of(Task.of(() -> "a"))).await()).containsExactly("a");
    }
    assertThat(meterRegistry.get(MicrometerGatherListener.GATHERS).timer().count()).isEqualTo(1);
  }

  @Test
  void javadocRegistersTheMdcAccessor() throws Exception {
    ContextRegistry registry = new ContextRegistry()
        .registerThreadLocalAccessor(new Slf4jThreadLocalAccessor());
    ConcurrentRunner runner = ConcurrentRunner.builder()
        .contextHook(ContextSnapshotHook.of(
            ContextSnapshotFactory.builder().contextRegistry(registry).build()))
        .build();
    try (runner) {
      MDC.put("user", "ada");
      assertThat(runner.all(List.of(Task.of(() -> MDC.get("user")))).await()).containsExactly("ada");
    } finally {
      MDC.clear();
    }
  }
}
