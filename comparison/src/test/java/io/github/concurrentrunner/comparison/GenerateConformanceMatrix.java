package io.github.concurrentrunner.comparison;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.concurrentrunner.comparison.ConformanceRun.Case;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Generates {@code benchmarks/results/CONFORMANCE.md}: the whole TCK against every native runner
 * and every backend (about 10 minutes on 2 cores). Not part of the build: its name matches none
 * of surefire's patterns, so it runs only when named, with the command in {@link
 * ConformanceMatrix#COMMAND}. The output path is the system property {@code conformance.out}.
 */
class GenerateConformanceMatrix {

  @Test
  void generate() throws Exception {
    Path out =
        Path.of(System.getProperty("conformance.out", "../benchmarks/results/CONFORMANCE.md"));
    Instant start = Instant.now();
    ConformanceMatrix matrix = new ConformanceMatrix();
    Map<String, List<Case>> all = new LinkedHashMap<>();
    // -Dconformance.only=cf-allof,guava: a partial matrix, while working on one implementation
    String only = System.getProperty("conformance.only", "");
    Kits.all().forEach((impl, kit) -> {
      if (!only.isEmpty() && !List.of(only.split(",")).contains(impl)) {
        return;
      }
      Instant t = Instant.now();
      List<Case> cases = ConformanceRun.run(kit, Set.of());
      System.out.printf("%-24s %4d cases, %3d not passing, %s s%n", impl, cases.size(),
          cases.stream().filter(c -> c.verdict() != ConformanceRun.Verdict.PASS).count(),
          ConformanceRun.seconds(Duration.between(t, Instant.now())));
      all.put(impl, cases);
      matrix.add(impl, cases, true);
    });
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("date (UTC)", start.truncatedTo(ChronoUnit.SECONDS).toString());
    facts.put("JDK", System.getProperty("java.version") + ", " + System.getProperty("java.vm.name"));
    facts.put("machine", Runtime.getRuntime().availableProcessors() + " cores, "
        + System.getProperty("os.name") + " " + System.getProperty("os.arch"));
    facts.put("duration", ConformanceRun.seconds(Duration.between(start, Instant.now())) + " s");
    facts.put("bound per test", ConformanceRun.TIMEOUT.toSeconds() + " s (JUnit's "
        + ConformanceRun.TIMEOUT_PROPERTY + "); a gather the TCK waits for in vain is \"hangs\"");
    facts.put("errors delivered to no one", Kits.UNDELIVERABLE.get()
        + " (RxJavaPlugins.onError and Reactor's onErrorDropped, counted over the whole run)");
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, matrix.markdown(facts, all, Notes.LEGEND), StandardCharsets.UTF_8);
    System.out.println("Conformance matrix: " + out.toAbsolutePath().normalize());

    if (only.isEmpty()) {
      assertThat(all.keySet()).containsAll(Kits.BACKENDS);
    }
    assertThat(all.values()).allSatisfy(cases -> assertThat(cases).isNotEmpty());
  }
}
