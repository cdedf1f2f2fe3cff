package io.github.concurrentrunner.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps CONTRACT.md, the project's contract page, in step with the repository: every rule R1-R31
 * has an anchor; every rule number cited anywhere in the sources and documents resolves to one of
 * them; and every rule names TCK tests that exist (in the rule group files it links), unless it is
 * marked planned with its issue.
 */
class ContractPageTest {
  private static final int RULES = 31;
  private static final Pattern ANCHOR = Pattern.compile("<a id=\"r(\\d+)\"></a>R(\\d+):");
  private static final Pattern CITED = Pattern.compile("\\bR(\\d{1,3})\\b");
  private static final Pattern TEST_NAME = Pattern.compile("`(rule\\d\\d_\\w+)`");
  private static final Pattern PLANNED = Pattern.compile("\\*\\*Planned\\*\\*: issue #\\d+");
  private static final Pattern TCK_FILE = Pattern.compile("\\]\\((tck/src/main/java/[\\w/]+\\.java)\\)");

  @Test
  void everyRuleHasAnAnchorNamedAfterIt() throws IOException {
    Map<Integer, String> sections = sections(read(root().resolve("CONTRACT.md")));

    assertThat(sections.keySet())
        .as("rules with an anchor on CONTRACT.md")
        .containsExactlyElementsOf(
            Stream.iterate(1, n -> n + 1).limit(RULES).collect(Collectors.toList()));
    assertThat(read(root().resolve("CONTRACT.md"))).contains("<a id=\"remote\"></a>");
  }

  @Test
  void everyRuleCitedInTheRepositoryIsOnTheContractPage() throws IOException {
    Set<Integer> onThePage = sections(read(root().resolve("CONTRACT.md"))).keySet();
    Map<Integer, List<String>> cited = new LinkedHashMap<>();
    for (Path file : files(root())) {
      Matcher matcher = CITED.matcher(read(file));
      while (matcher.find()) {
        cited
            .computeIfAbsent(Integer.parseInt(matcher.group(1)), n -> new ArrayList<>())
            .add(root().relativize(file).toString());
      }
    }

    cited.keySet().removeAll(onThePage);
    assertThat(cited).as("rules cited in the repository but missing on CONTRACT.md").isEmpty();
  }

  @Test
  void everyRuleNamesExistingTckTestsOrIsPlanned() throws IOException {
    Map<Integer, String> sections = sections(read(root().resolve("CONTRACT.md")));
    String tck = tckSources();

    for (Map.Entry<Integer, String> rule : sections.entrySet()) {
      String section = rule.getValue();
      Set<String> named = new TreeSet<>();
      Matcher matcher = TEST_NAME.matcher(section);
      while (matcher.find()) {
        named.add(matcher.group(1));
      }
      boolean planned = PLANNED.matcher(section).find();
      assertThat(!named.isEmpty() || planned)
          .as("R%d names no TCK test and is not marked planned", rule.getKey())
          .isTrue();
      StringBuilder linked = new StringBuilder();
      Matcher link = TCK_FILE.matcher(section);
      while (link.find()) {
        linked.append(read(root().resolve(link.group(1))));
      }
      String declaring = linked.length() == 0 ? tck : linked.toString();
      String prefix = String.format("rule%02d_", rule.getKey());
      for (String test : named) {
        assertThat(test).as("a test named on R%d's section", rule.getKey()).startsWith(prefix);
        assertThat(declaring)
            .as("R%d names %s, which none of its linked TCK files declares", rule.getKey(), test)
            .containsPattern("void " + test + "\\(");
      }
    }
  }

  /** The text of each rule's section, by rule number, from its anchor to the next heading. */
  private static Map<Integer, String> sections(String page) {
    Map<Integer, String> sections = new LinkedHashMap<>();
    Matcher matcher = ANCHOR.matcher(page);
    while (matcher.find()) {
      assertThat(matcher.group(1)).as("anchor and title of a rule").isEqualTo(matcher.group(2));
      int end = page.indexOf("\n#", matcher.end());
      sections.put(
          Integer.parseInt(matcher.group(1)),
          page.substring(matcher.end(), end < 0 ? page.length() : end));
    }
    return sections;
  }

  private static String tckSources() throws IOException {
    StringBuilder all = new StringBuilder();
    for (Path file : files(root().resolve("tck"))) {
      if (file.toString().endsWith(".java")) {
        all.append(read(file)).append('\n');
      }
    }
    return all.toString();
  }

  /** The project's Java sources and Markdown documents, outside build output. */
  private static List<Path> files(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile)
          .filter(path -> path.toString().endsWith(".java") || path.toString().endsWith(".md"))
          .filter(path -> !path.toString().contains("/target/"))
          .filter(path -> !path.toString().contains("/.git/"))
          .filter(path -> !path.toString().contains("/node_modules/"))
          .sorted()
          .toList();
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path root() {
    Path module = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
    Path root = module.toAbsolutePath().getParent();
    assertThat(root.resolve("CONTRACT.md")).exists();
    return root;
  }
}
