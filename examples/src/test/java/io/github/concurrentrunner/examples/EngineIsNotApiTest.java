package io.github.concurrentrunner.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.concurrentrunner.ConcurrentRunner;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine is not public API: an application compiled against the api jar can neither subclass
 * nor construct the runner the API builds, nor create the exceptions only the engine creates. Each
 * test compiles a small source with the JDK's {@code javac} (in a new process, with {@code
 * -XDrawDiagnostics} so that errors carry their stable codes) against the api on the class path
 * (the api jar in a reactor build) and asserts the diagnostics; a control proves that the same
 * setup compiles what an application may write.
 */
class EngineIsNotApiTest {
  @TempDir Path out;

  /** Where the api's classes come from: its jar, or its classes directory in an IDE. */
  private static final String API =
      Path.of(
              URI.create(
                  ConcurrentRunner.class
                      .getProtectionDomain()
                      .getCodeSource()
                      .getLocation()
                      .toString()))
          .toString();

  @Test
  void theControlCompiles() throws Exception {
    List<String> errors =
        compile(
            """
            import io.github.concurrentrunner.ConcurrentRunner;
            import io.github.concurrentrunner.spi.ConcurrentRunnerProvider;
            class App {
              ConcurrentRunner build(ConcurrentRunnerProvider provider) {
                return ConcurrentRunner.builder().provider(provider).build();
              }
            }
            """);

    assertThat(errors).as(describe(errors)).isEmpty();
  }

  @Test
  void anApplicationCannotSubclassTheEngine() throws Exception {
    List<String> errors =
        compile(
            """
            class App extends io.github.concurrentrunner.EngineRunner {}
            """);

    assertThat(codes(errors)).as(describe(errors)).contains("compiler.err.not.def.public.cant.access");
    assertThat(describe(errors)).contains("EngineRunner");
  }

  @Test
  void anApplicationCannotConstructTheEngineOrAGather() throws Exception {
    List<String> errors =
        compile(
            """
            class App {
              Object runner = new io.github.concurrentrunner.EngineRunner(null, null, null, null);
              Class<?> gather = io.github.concurrentrunner.GatherRun.class;
              Class<?> task = io.github.concurrentrunner.TaskRun.class;
            }
            """);

    assertThat(codes(errors))
        .as(describe(errors))
        .hasSize(3)
        .containsOnly("compiler.err.not.def.public.cant.access");
    assertThat(describe(errors)).contains("EngineRunner", "GatherRun", "TaskRun");
  }

  @Test
  void anApplicationCannotCreateTheEnginesExceptions() throws Exception {
    List<String> errors =
        compile(
            """
            import io.github.concurrentrunner.*;
            import java.time.Duration;
            import java.util.List;
            class App {
              Object[] made = {
                new TaskFailedException("b", 0, null, new RuntimeException()),
                new TaskTimeoutException("b", 0, null, Duration.ZERO),
                new LeakedTaskException("b", 0, null, Duration.ZERO, null),
                new GatherTimeoutException("b", "all", Duration.ZERO, 1),
                new AllFailedException("b", List.of()),
              };
            }
            """);

    assertThat(codes(errors))
        .as(describe(errors))
        .hasSize(5)
        .containsOnly("compiler.err.not.def.public.cant.access");
    assertThat(describe(errors))
        .contains(
            "TaskFailedException(java.lang.String,int,java.lang.String,java.lang.Throwable)",
            "TaskTimeoutException(java.lang.String,int,java.lang.String,java.time.Duration)",
            "LeakedTaskException(",
            "GatherTimeoutException(",
            "AllFailedException(");
  }

  @Test
  void anApplicationCannotSubclassTheExceptions() throws Exception {
    List<String> errors =
        compile(
            """
            class App extends io.github.concurrentrunner.TaskFailedException {
              App() {
                super(null, 0, null, null);
              }
            }
            """);

    assertThat(codes(errors)).as(describe(errors)).contains("compiler.err.cant.inherit.from.final");
  }

  /** Javac's raw diagnostic of an error: {@code App.java:1:19: compiler.err.<code>: <args>}. */
  private static final Pattern ERROR =
      Pattern.compile("^App\\.java:\\d+:\\d+: (compiler\\.err\\.[^:]+): (.*)$");

  /** Compiles {@code App.java} against the api alone; returns its errors as "code: arguments". */
  private List<String> compile(String source) throws IOException, InterruptedException {
    Path app = Files.writeString(out.resolve("App.java"), source, StandardCharsets.UTF_8);
    Path classes = Files.createDirectories(out.resolve("classes"));
    Path log = out.resolve("javac.txt");
    List<String> command =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "javac").toString(),
            "--release",
            "17",
            "-XDrawDiagnostics",
            "-proc:none",
            "-classpath",
            API,
            "-d",
            classes.toString(),
            app.toString());
    ProcessBuilder builder =
        new ProcessBuilder(command).directory(out.toFile()).redirectErrorStream(true);
    builder.environment().remove("JAVA_TOOL_OPTIONS");
    Process javac = builder.redirectOutput(log.toFile()).start();
    if (!javac.waitFor(60, TimeUnit.SECONDS)) {
      javac.destroyForcibly().waitFor();
      throw new AssertionError("javac did not exit within 60 s: " + command);
    }
    List<String> errors = new ArrayList<>();
    for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
      Matcher matcher = ERROR.matcher(line.replace(app.toString(), "App.java"));
      if (matcher.matches()) {
        errors.add(matcher.group(1) + ": " + matcher.group(2));
      }
    }
    if (errors.isEmpty() && javac.exitValue() != 0) {
      throw new AssertionError("javac failed without a parsable error: " + Files.readString(log));
    }
    return errors;
  }

  private static List<String> codes(List<String> errors) {
    return errors.stream().map(error -> error.substring(0, error.indexOf(':'))).toList();
  }

  private static String describe(List<String> errors) {
    return String.join(" | ", errors);
  }
}
