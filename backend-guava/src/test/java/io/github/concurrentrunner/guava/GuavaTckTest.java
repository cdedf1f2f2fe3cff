package io.github.concurrentrunner.guava;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.concurrentrunner.spi.ConcurrentRunnerProvider;
import io.github.concurrentrunner.tck.ConcurrentRunnerTck;
import io.github.concurrentrunner.tck.LogCapture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Runs the TCK, unchanged, against the Guava backend. Around the whole kit it also watches Guava's
 * {@code java.util.logging} output: the runner delivers every failure of the kit (to the caller or
 * to the failure handler), so Guava must log none of them (R11, nothing logged twice).
 */
class GuavaTckTest extends ConcurrentRunnerTck {
  private static LogCapture guavaLog;

  @Override
  protected ConcurrentRunnerProvider provider() {
    return new GuavaRunnerProvider();
  }

  @BeforeAll
  static void watchGuavasLog() {
    guavaLog = LogCapture.start("com.google.common");
  }

  @AfterAll
  static void guavaLoggedNothing() {
    try {
      assertThat(guavaLog.records()).as(guavaLog.describe()).isEmpty();
    } finally {
      guavaLog.close();
    }
  }
}
