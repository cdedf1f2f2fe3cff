package io.github.concurrentrunner.completablefuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.concurrentrunner.ConcurrentRunner;
import io.github.concurrentrunner.Task;
import io.github.concurrentrunner.spi.ConcurrentRunnerProvider;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Discovery on the class path (rule R25): this module's test class path holds the
 * CompletableFuture backend's {@code META-INF/services} entry and a test-only entry naming {@link
 * BrokenProvider}, whose constructor throws.
 */
class DiscoveryTest {
  private static final String PROPERTY = "concurrentrunner.backend";

  private String savedProperty;

  @BeforeEach
  void saveProperty() {
    savedProperty = System.getProperty(PROPERTY);
    System.clearProperty(PROPERTY);
  }

  @AfterEach
  void restoreProperty() {
    if (savedProperty == null) {
      System.clearProperty(PROPERTY);
    } else {
      System.setProperty(PROPERTY, savedProperty);
    }
  }

  @Test
  void backendsListsTheCompletableFutureBackendButNotTheBrokenOne() {
    assertThat(ConcurrentRunner.backends()).containsExactly("completablefuture");
  }

  @Test
  void createPicksTheBestAvailableBackend() throws Exception {
    try (ConcurrentRunner runner = ConcurrentRunner.create()) {
      assertThat(runner.backend()).isEqualTo("completablefuture");
      assertThat(runner.all(List.of(Task.of(() -> "works"))).await(Duration.ofSeconds(10)))
          .containsExactly("works");
    }
  }

  @Test
  void createByNamePicksThatBackend() {
    try (ConcurrentRunner runner = ConcurrentRunner.create("completablefuture")) {
      assertThat(runner.backend()).isEqualTo("completablefuture");
    }
  }

  @Test
  void createByNameIgnoresCaseAndSurroundingBlanks() {
    try (ConcurrentRunner runner = ConcurrentRunner.create(" CompletableFuture ")) {
      assertThat(runner.backend()).isEqualTo("completablefuture");
    }
  }

  @Test
  void aBlankNameIsRejectedNamingTheArgumentInsteadOfFallingBackToTheEnvironment() {
    for (String blank : new String[] {"", "   ", "\t"}) {
      assertThatThrownBy(() -> ConcurrentRunner.create(blank))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("backend must name a backend");
      assertThatThrownBy(() -> ConcurrentRunner.builder().backend(blank))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("backend must name a backend");
    }
  }

  @Test
  void providersWhoseNamesCannotBeLookedUpAreListedAsBrokenAndHideNoOther(@TempDir Path dir)
      throws Exception {
    withProvidersShown(
        dir,
        List.of(NullNameProvider.class, UpperCaseNameProvider.class, DuplicateNameProvider.class),
        () -> {
          assertThat(ConcurrentRunner.backends()).containsExactly("completablefuture");
          try (ConcurrentRunner runner = ConcurrentRunner.create("completablefuture")) {
            assertThat(runner.all(List.of(Task.of(() -> "ok"))).await()).containsExactly("ok");
          }
          try (ConcurrentRunner runner = ConcurrentRunner.create()) {
            assertThat(runner.backend()).isEqualTo("completablefuture");
          }
          assertThatThrownBy(() -> ConcurrentRunner.create("mybackend"))
              .isInstanceOf(IllegalStateException.class)
              .hasMessageContaining("Available: [completablefuture]")
              .hasMessageContaining(NullNameProvider.class.getName() + " has no name")
              .hasMessageContaining(
                  UpperCaseNameProvider.class.getName()
                      + " has a name that cannot be looked up: name() returned 'MyBackend'")
              .hasMessageContaining(
                  DuplicateNameProvider.class.getName()
                      + ": ignored, its name 'completablefuture' is taken by "
                      + CompletableFutureRunnerProvider.class.getName());
        });
    assertThatThrownBy(
            () -> ConcurrentRunner.builder().provider(new UpperCaseNameProvider()).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("lower case, without surrounding blanks");
    assertThatThrownBy(() -> ConcurrentRunner.builder().provider(new NullNameProvider()).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("has no name");
  }

  @Test
  void providersWhoseOwnCodeThrowsAnythingAreListedAsBrokenAndAskedOnce(@TempDir Path dir)
      throws Exception {
    withProvidersShown(
        dir,
        List.of(
            FickleProvider.class, AssertingNameProvider.class, UnprintableFailureProvider.class),
        () -> {
          // Listed and sorted by what each said once: a second question would throw.
          assertThat(ConcurrentRunner.backends()).containsExactly("completablefuture", "fickle");
          try (ConcurrentRunner runner = ConcurrentRunner.create()) {
            assertThat(runner.backend()).isEqualTo("completablefuture");
          }
          // Chosen by name with the name it gave discovery, not asked again.
          try (ConcurrentRunner runner = ConcurrentRunner.create("fickle")) {
            assertThat(runner.backend()).isEqualTo("fickle");
          }
          assertThatThrownBy(() -> ConcurrentRunner.create("mybackend"))
              .isInstanceOf(IllegalStateException.class)
              .hasMessageContaining("Available: [completablefuture, fickle]")
              .hasMessageContaining(
                  AssertingNameProvider.class.getName()
                      + " has no name: name() threw java.lang.AssertionError")
              .hasMessageContaining(
                  UnprintableFailureProvider.class.getName() + " could not be instantiated")
              .hasMessageContaining(
                  "caused by " + UnprintableFailureProvider.Unprintable.class.getName());
        });
  }

  /** A body that may throw. */
  private interface Body {
    void run() throws Exception;
  }

  /**
   * Runs {@code body} while discovery also sees a service file listing {@code providers}, shown
   * by the thread's context class loader (discovery looks through it too).
   */
  private static void withProvidersShown(Path dir, List<Class<?>> providers, Body body)
      throws Exception {
    String service = "META-INF/services/" + ConcurrentRunnerProvider.class.getName();
    Path file = dir.resolve("providers");
    Files.writeString(
        file, String.join("\n", providers.stream().map(Class::getName).toList()));
    URL url = file.toUri().toURL();
    ClassLoader showingThem =
        new ClassLoader(DiscoveryTest.class.getClassLoader()) {
          @Override
          public Enumeration<URL> getResources(String name) throws IOException {
            return name.equals(service)
                ? Collections.enumeration(List.of(url))
                : super.getResources(name);
          }
        };
    Thread thread = Thread.currentThread();
    ClassLoader saved = thread.getContextClassLoader();
    thread.setContextClassLoader(showingThem);
    try {
      body.run();
    } finally {
      thread.setContextClassLoader(saved);
    }
  }

  @Test
  void unknownNameListsTheAvailableBackendsTheBrokenProviderAndWhatToAdd() {
    assertThatThrownBy(() -> ConcurrentRunner.create("nope"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'nope'")
        .hasMessageContaining("Available: [completablefuture]")
        .hasMessageContaining(BrokenProvider.class.getName())
        .hasMessageContaining("io.github.concurrentrunner:concurrent-runner-");
  }

  @Test
  void missingFirstPartyBackendNamesItsArtifact() {
    assertThatThrownBy(() -> ConcurrentRunner.create("guava"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Available: [completablefuture]")
        .hasMessageContaining("io.github.concurrentrunner:concurrent-runner-guava");
  }

  @Test
  void systemPropertyChoosesTheBackend() {
    System.setProperty(PROPERTY, "completablefuture");
    try (ConcurrentRunner runner = ConcurrentRunner.create()) {
      assertThat(runner.backend()).isEqualTo("completablefuture");
    }
    System.setProperty(PROPERTY, "nope");
    assertThatThrownBy(ConcurrentRunner::create)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'nope'")
        .hasMessageContaining("system property " + PROPERTY)
        .hasMessageContaining("completablefuture");
  }

  @Test
  void builderNameWinsOverTheSystemProperty() {
    System.setProperty(PROPERTY, "nope");
    try (ConcurrentRunner runner = ConcurrentRunner.create("completablefuture")) {
      assertThat(runner.backend()).isEqualTo("completablefuture");
    }
  }

  @Test
  void nullNameIsRejected() {
    assertThatThrownBy(() -> ConcurrentRunner.create(null)).isInstanceOf(NullPointerException.class);
  }
}
