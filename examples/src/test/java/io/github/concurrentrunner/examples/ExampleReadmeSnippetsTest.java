package io.github.concurrentrunner.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the README and the Javadoc honest: every {@code ```java} block of the README, and every
 * {@code <pre>{@code ...}</pre>} example in the libraries' Javadoc, must appear, line for line
 * (ignoring indentation and blank lines), in one Java source file of the project, where the
 * compiler checks it and the tests run it ({@link JavadocExamplesTest} holds the Javadoc's). A
 * line starting with {@code // ...} marks an elision: the parts around it must appear in that
 * order in the same file. Edit the example first, then copy the lines into the documentation.
 */
class ExampleReadmeSnippetsTest {
  private static final Pattern JAVA_BLOCK =
      Pattern.compile("^[ \\t]*```java\\R(.*?)^[ \\t]*```", Pattern.MULTILINE | Pattern.DOTALL);
  private static final Pattern JAVADOC_EXAMPLE =
      Pattern.compile(
          "<pre>\\{@code\\R(.*?)^[ \\t]*\\*[ \\t]*}</pre>", Pattern.MULTILINE | Pattern.DOTALL);
  private static final Pattern COMMENT_MARGIN = Pattern.compile("(?m)^[ \\t]*\\*[ \\t]?");

  @Test
  void everyJavaSnippetOfTheReadmeIsInTheSources() throws IOException {
    Path root = projectRoot();
    String readme = Files.readString(root.resolve("README.md"), StandardCharsets.UTF_8);
    List<List<String>> sources = javaSources(root);

    List<String> snippets = new ArrayList<>();
    Matcher matcher = JAVA_BLOCK.matcher(readme);
    while (matcher.find()) {
      snippets.add(matcher.group(1));
    }

    assertThat(snippets).as("java snippets in README.md").hasSizeGreaterThanOrEqualTo(10);
    for (String snippet : snippets) {
      List<String> lines = normalize(snippet);
      assertThat(sources.stream().anyMatch(source -> contains(source, lines)))
          .as("README.md snippet not found in any src/**/*.java:%n%s", snippet)
          .isTrue();
    }
  }

  @Test
  void everyJavadocExampleOfTheLibrariesIsInTheSources() throws IOException {
    Path root = projectRoot();
    Map<Path, String> texts = new LinkedHashMap<>();
    for (Path path : javaFiles(root)) {
      texts.put(path, read(path));
    }

    int examples = 0;
    for (Map.Entry<Path, String> file : texts.entrySet()) {
      if (!isLibrarySource(root.relativize(file.getKey()))) {
        continue;
      }
      for (String example : javadocExamples(file.getValue())) {
        examples++;
        List<String> lines = normalize(example);
        boolean found =
            texts.entrySet().stream()
                .filter(other -> !other.getKey().equals(file.getKey()))
                .anyMatch(other -> contains(normalize(other.getValue()), lines));
        assertThat(found)
            .as(
                "Javadoc example of %s not found in any other src/**/*.java:%n%s",
                root.relativize(file.getKey()),
                example)
            .isTrue();
      }
    }
    assertThat(examples).as("Javadoc examples in the libraries").isGreaterThanOrEqualTo(15);
  }

  /** The main sources of the published libraries: the API, the TCK and the backends. */
  private static boolean isLibrarySource(Path relative) {
    String module = relative.getName(0).toString();
    return (module.equals("api")
            || module.equals("tck")
            || module.startsWith("backend-")
            || module.equals("micrometer"))
        && relative.startsWith(Path.of(module, "src", "main", "java"));
  }

  /** The bodies of the {@code <pre>{@code ...}</pre>} blocks of a file's comments. */
  private static List<String> javadocExamples(String source) {
    List<String> examples = new ArrayList<>();
    Matcher matcher = JAVADOC_EXAMPLE.matcher(source);
    while (matcher.find()) {
      examples.add(COMMENT_MARGIN.matcher(matcher.group(1)).replaceAll(""));
    }
    return examples;
  }

  /** The repository root: the parent of this module's directory. */
  private static Path projectRoot() {
    Path module = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
    Path root = module.toAbsolutePath().getParent();
    assertThat(root.resolve("README.md")).exists();
    return root;
  }

  private static List<List<String>> javaSources(Path root) throws IOException {
    return javaFiles(root).stream()
        .map(ExampleReadmeSnippetsTest::read)
        .map(ExampleReadmeSnippetsTest::normalize)
        .toList();
  }

  private static List<Path> javaFiles(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return files
          .filter(path -> path.toString().endsWith(".java"))
          .filter(path -> root.relativize(path).toString().contains("src"))
          .filter(path -> !root.relativize(path).toString().contains("target"))
          .filter(path -> !root.relativize(path).startsWith(".git"))
          .sorted()
          .toList();
    }
  }

  private static String read(Path path) {
    try {
      return Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> normalize(String text) {
    return text.lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
  }

  /** Whether the parts of {@code lines} between elisions appear in {@code source}, in order. */
  private static boolean contains(List<String> source, List<String> lines) {
    int from = 0;
    List<String> part = new ArrayList<>();
    for (int i = 0; i <= lines.size(); i++) {
      if (i < lines.size() && !lines.get(i).startsWith("// ...")) {
        part.add(lines.get(i));
        continue;
      }
      if (!part.isEmpty()) {
        int at = Collections.indexOfSubList(source.subList(from, source.size()), part);
        if (at < 0) {
          return false;
        }
        from += at + part.size();
        part.clear();
      }
    }
    return true;
  }
}
