package io.github.concurrentrunner.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.concurrentrunner.ConcurrentRunner;
import java.io.File;
import java.io.IOException;
import java.lang.module.FindException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Proves that discovery works on the module path (rule R25), for real: each test starts a new JVM
 * (the JDK running the tests) with {@code java --module-path ... --module
 * io.github.concurrentrunner.examples/io.github.concurrentrunner.examples.WhichBackend}. The module
 * path is built from this test's class path: every concurrent-runner module on it (the API, the
 * backends, the examples; all explicit modules, with a {@code module-info.class}) and the modules
 * they require (Guava, RxJava...), and nothing else: no test library. On the module path {@code
 * ServiceLoader} ignores the {@code META-INF/services} files of named modules, so a backend is
 * found only through its {@code provides} clause; its provider class then lives in a named module,
 * which {@code WhichBackend} prints, and the runner is the API module's own.
 */
class ExampleModulePathTest {
  private static final String API = "io.github.concurrentrunner";
  private static final String EXAMPLES = "io.github.concurrentrunner.examples";
  private static final String CF = "io.github.concurrentrunner.completablefuture";
  private static final String MAIN = EXAMPLES + "/" + EXAMPLES + ".WhichBackend";

  /** The concurrent-runner modules on the test class path and what they require, by name. */
  private static Map<String, Path> modules;

  @TempDir Path temp;

  @BeforeAll
  static void findModules() {
    modules = closure(modulesOn(System.getProperty("java.class.path")), API);
    assertThat(modules).containsKeys(API, CF, EXAMPLES);
  }

  @Test
  void createFindsTheBackendThroughProvidesOnTheModulePath() throws Exception {
    Result result = java(modules.values(), null);

    assertThat(result.exitCode()).as(result.toString()).isZero();
    Map<String, String> printed = result.keyValues();
    String chosen = ConcurrentRunner.backends().get(0); // the same choice as on the class path
    assertThat(printed)
        .containsEntry("backend", chosen)
        .containsEntry("apiModule", API)
        .containsEntry("backends", ConcurrentRunner.backends().toString())
        .containsEntry("result", "[1, 2]");
    assertThat(printed.get("providerModule")).startsWith(API + ".");
    assertThat(printed).containsEntry("runnerModule", API);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.github.concurrentrunner.examples.ExamplesTest#backends")
  void everyBackendIsFoundByNameOnTheModulePath(String backend) throws Exception {
    Result result = java(modules.values(), backend);

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.keyValues())
        .containsEntry("backend", backend)
        .containsEntry("result", "[1, 2]");
    assertThat(result.keyValues().get("providerModule")).startsWith(API + ".");
    assertThat(result.keyValues()).containsEntry("runnerModule", API);
  }

  @Test
  void onlyTheBackendsOnTheModulePathAreFound() throws Exception {
    Result result = java(List.of(modules.get(API), modules.get(CF), modules.get(EXAMPLES)), null);

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.keyValues())
        .containsEntry("backend", "completablefuture")
        .containsEntry("providerModule", CF)
        .containsEntry("backends", "[completablefuture]");
  }

  @Test
  void withoutABackendModuleTheErrorSaysWhatToAdd() throws Exception {
    Result result = java(List.of(modules.get(API), modules.get(EXAMPLES)), null);

    assertThat(result.exitCode()).as(result.toString()).isNotZero();
    assertThat(result.stderr())
        .contains("IllegalStateException")
        .contains("No concurrent-runner backend found")
        .contains("io.github.concurrentrunner:concurrent-runner-completablefuture");
  }

  /** Runs {@code WhichBackend} in a new JVM on the module path. */
  private Result java(Iterable<Path> modulePath, String backend)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    if (backend != null) {
      command.add("-Dconcurrentrunner.backend=" + backend);
    }
    command.add("--module-path");
    List<String> entries = new ArrayList<>();
    modulePath.forEach(entry -> entries.add(entry.toString()));
    command.add(String.join(File.pathSeparator, entries));
    command.add("--module");
    command.add(MAIN);

    Path stdout = temp.resolve("stdout.txt");
    Path stderr = temp.resolve("stderr.txt");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectInput(ProcessBuilder.Redirect.from(new File(nullDevice())))
            .redirectOutput(stdout.toFile())
            .redirectError(stderr.toFile());
    builder.environment().remove("CONCURRENT_RUNNER_BACKEND"); // the property alone decides
    builder.environment().remove("JAVA_TOOL_OPTIONS");
    Process process = builder.start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
      throw new AssertionError("the JVM did not exit within 60 s: " + command);
    }
    return new Result(
        command,
        process.exitValue(),
        Files.readString(stdout, StandardCharsets.UTF_8),
        Files.readString(stderr, StandardCharsets.UTF_8));
  }

  private static String nullDevice() {
    return System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null";
  }

  /**
   * The class path entries that are modules, by name: directories with a {@code
   * module-info.class} and jars (with a module descriptor, or automatic modules). Plain
   * directories, such as the test classes, are left out.
   */
  static Map<String, ModuleReference> modulesOn(String classPath) {
    Map<String, ModuleReference> found = new LinkedHashMap<>();
    for (String element : classPath.split(File.pathSeparator)) {
      Path entry = Path.of(element);
      if (element.isBlank()
          || !Files.exists(entry)
          || (Files.isDirectory(entry) && !Files.exists(entry.resolve("module-info.class")))) {
        continue; // ModuleFinder would read a plain directory as a directory of modules
      }
      try {
        for (ModuleReference reference : ModuleFinder.of(entry).findAll()) {
          found.putIfAbsent(reference.descriptor().name(), reference);
        }
      } catch (FindException notAModule) {
        // e.g. a jar whose automatic module name would be invalid: leave it out
      }
    }
    return found;
  }

  /**
   * The modules whose names start with {@code prefix}, which must be explicit modules, and every
   * module on the class path they require, transitively, except {@code requires static} ones
   * (optional at run time). Modules not found (JDK modules) are skipped; the JVM reports any that
   * is really missing.
   */
  static Map<String, Path> closure(Map<String, ModuleReference> all, String prefix) {
    Map<String, Path> chosen = new LinkedHashMap<>();
    List<String> pending = new ArrayList<>();
    for (ModuleReference reference : all.values()) {
      String name = reference.descriptor().name();
      if (name.equals(prefix) || name.startsWith(prefix + ".")) {
        assertThat(reference.descriptor().isAutomatic())
            .as("%s must be an explicit module, with a module-info.class", name)
            .isFalse();
        pending.add(name);
      }
    }
    while (!pending.isEmpty()) {
      ModuleReference reference = all.get(pending.remove(pending.size() - 1));
      if (reference == null || chosen.containsKey(reference.descriptor().name())) {
        continue;
      }
      chosen.put(reference.descriptor().name(), Path.of(reference.location().orElseThrow()));
      for (ModuleDescriptor.Requires required : reference.descriptor().requires()) {
        if (!required.modifiers().contains(ModuleDescriptor.Requires.Modifier.STATIC)) {
          pending.add(required.name()); // optional (static) dependencies are not needed to run
        }
      }
    }
    return chosen;
  }

  /** What the JVM did. */
  record Result(List<String> command, int exitCode, String stdout, String stderr) {
    Map<String, String> keyValues() {
      return stdout
          .lines()
          .filter(line -> line.contains("="))
          .collect(
              Collectors.toMap(
                  line -> line.substring(0, line.indexOf('=')),
                  line -> line.substring(line.indexOf('=') + 1),
                  (first, second) -> second,
                  LinkedHashMap::new));
    }

    @Override
    public String toString() {
      return "command: "
          + String.join(" ", command)
          + "\nexit code: "
          + exitCode
          + "\nstdout:\n"
          + stdout
          + "\nstderr:\n"
          + stderr;
    }
  }
}
