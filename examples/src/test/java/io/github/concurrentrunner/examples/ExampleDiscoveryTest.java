package io.github.concurrentrunner.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.concurrentrunner.ConcurrentRunner;
import org.junit.jupiter.api.Test;

/**
 * What a user sees when the backend they name is not there (rule R25): an {@link
 * IllegalStateException} that names what was requested and how, lists the available backends,
 * and says which artifact to add.
 */
class ExampleDiscoveryTest {

  @Test
  void aMissingBackendNamedInTheBuilderListsTheAvailableOnes() {
    assertThatThrownBy(() -> ConcurrentRunner.create("no-such-backend"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("No concurrent-runner backend named 'no-such-backend'")
        .hasMessageContaining("requested by the builder")
        .hasMessageContaining("Available: " + ConcurrentRunner.backends())
        .hasMessageContaining("io.github.concurrentrunner:concurrent-runner-<name>");
  }

  @Test
  void aMissingBackendNamedByTheSystemPropertyListsTheAvailableOnes() throws Exception {
    String before = System.getProperty(OnBackend.PROPERTY);
    assertThatThrownBy(
            () -> OnBackend.run("no-such-backend", out -> ConcurrentRunner.create()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("No concurrent-runner backend named 'no-such-backend'")
        .hasMessageContaining("requested by system property concurrentrunner.backend")
        .hasMessageContaining("Available: " + ConcurrentRunner.backends());
    assertThat(System.getProperty(OnBackend.PROPERTY)).isEqualTo(before); // restored
  }

  @Test
  void theNameIsCaseInsensitive() throws Exception {
    try (ConcurrentRunner runner = ConcurrentRunner.create("CompletableFuture")) {
      assertThat(runner.backend()).isEqualTo("completablefuture");
    }
  }
}
