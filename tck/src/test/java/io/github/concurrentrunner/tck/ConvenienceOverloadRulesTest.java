package io.github.concurrentrunner.tck;

import io.github.concurrentrunner.ConcurrentRunner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;

/**
 * The control of {@link ConvenienceOverloadRules}: they pass against the reference runner (found
 * by discovery: this module's test class path registers only it), wired as a {@code @Nested} class
 * the way the kit wires them on its own runner.
 */
class ConvenienceOverloadRulesTest {
  ConcurrentRunner runner;

  @BeforeEach
  void createRunner() {
    runner = ConcurrentRunner.create();
  }

  @AfterEach
  void closeRunner() {
    runner.close();
  }

  @Nested
  @DisplayName("Shortcuts: the same rules through the fixed-arity and Callable forms")
  class Shortcuts extends ConvenienceOverloadRules {
    @Override
    protected ConcurrentRunner runner() {
      return runner;
    }
  }
}
