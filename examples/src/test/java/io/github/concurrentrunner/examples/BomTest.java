package io.github.concurrentrunner.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The BOM lists every published module of the reactor, and nothing else: a module is published
 * unless it sets {@code concurrentrunner.internal} to true (see the parent POM). A new library
 * module that the BOM forgets fails this test.
 */
class BomTest {
  private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");
  private static final Pattern OWN_ARTIFACT =
      Pattern.compile("</parent>\\s*<artifactId>([^<]+)</artifactId>");
  private static final Pattern MANAGED_ARTIFACT =
      Pattern.compile("<artifactId>(concurrent-runner-[^<]+)</artifactId>");

  @Test
  void bomListsEveryPublishedModule() throws IOException {
    Path root =
        Path.of(System.getProperty("basedir", System.getProperty("user.dir")))
            .toAbsolutePath()
            .getParent();
    List<String> published = new ArrayList<>();
    for (String module : all(MODULE, Files.readString(root.resolve("pom.xml")))) {
      String pom = Files.readString(root.resolve(module).resolve("pom.xml"));
      boolean internal =
          pom.contains("<concurrentrunner.internal>true</concurrentrunner.internal>");
      if (!internal && !pom.contains("<packaging>pom</packaging>")) {
        published.addAll(all(OWN_ARTIFACT, pom));
      }
    }
    String bom = Files.readString(root.resolve("bom/pom.xml"));
    String managed =
        bom.substring(
            bom.indexOf("<dependencyManagement>"), bom.indexOf("</dependencyManagement>"));

    assertThat(published)
        .contains(
            "concurrent-runner-api",
            "concurrent-runner-tck",
            "concurrent-runner-completablefuture")
        .doesNotContain("concurrent-runner-examples", "concurrent-runner-benchmarks");
    assertThat(all(MANAGED_ARTIFACT, managed)).containsExactlyInAnyOrderElementsOf(published);
  }

  private static List<String> all(Pattern pattern, String text) {
    List<String> found = new ArrayList<>();
    Matcher matcher = pattern.matcher(text);
    while (matcher.find()) {
      found.add(matcher.group(1).strip());
    }
    return found;
  }
}
