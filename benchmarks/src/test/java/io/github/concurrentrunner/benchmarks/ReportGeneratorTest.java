package io.github.concurrentrunner.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportGeneratorTest {

  @TempDir Path out;

  private static Path fixture() throws URISyntaxException {
    return Path.of(
        Objects.requireNonNull(ReportGeneratorTest.class.getResource("/jmh-fixture.json")).toURI());
  }

  private ReportGenerator.Result generate() throws Exception {
    Map<String, String> info = new LinkedHashMap<>();
    info.put("mode", "fixture");
    info.put("machine", "2 cores (test)");
    return ReportGenerator.generate(List.of(fixture()), out, info);
  }

  @Test
  void readsScoresInNanosecondsAllocationAndMeanCountersPerIteration() throws Exception {
    List<Row> rows = ResultReader.fromJson(List.of(fixture())).rows();

    assertThat(rows).hasSize(15);
    Row blocking =
        rows.stream().filter(r -> r.scenario().equals("Blocking") && r.kind().equals("backend"))
            .findFirst().orElseThrow();
    assertThat(blocking.op()).isEqualTo("all");
    assertThat(blocking.impl()).isEqualTo("completablefuture");
    assertThat(blocking.n()).isEqualTo(4096);
    assertThat(blocking.nsPerOp()).isEqualTo(819_200.0); // us/op converted
    assertThat(blocking.nsPerTask()).isEqualTo(200.0);
    assertThat(blocking.bytesPerTask()).isEqualTo(150.0);

    Row scale =
        rows.stream().filter(r -> r.scenario().equals("Scale")).findFirst().orElseThrow();
    assertThat(scale.n()).isEqualTo(ScaleBenchmark.N);
    assertThat(scale.nsPerOp()).isEqualTo(500e6);
    // JMH sums EVENTS counters over iterations; the report shows the mean per shot.
    assertThat(scale.secondary()).containsEntry("peakHeapMiB", 50.0);

    // Shots of 200, 300 and 700 us: the mean per shot, and the median shot beside it.
    Row failFast =
        rows.stream().filter(r -> r.scenario().equals("FailFast") && r.kind().equals("backend"))
            .findFirst().orElseThrow();
    assertThat(failFast.secondary())
        .containsEntry("failureToThrowNanos", 400_000.0)
        .containsEntry("failureToThrowNanos" + ResultReader.MEDIAN, 300_000.0);
    Row floor =
        rows.stream().filter(r -> r.scenario().equals("FailFast") && r.kind().equals("floor"))
            .findFirst().orElseThrow();
    assertThat(floor.impl()).isEqualTo("floor");
    assertThat(floor.n()).isEqualTo(FailFastBenchmark.N);

    Row raw =
        rows.stream().filter(r -> r.kind().equals("raw")).findFirst().orElseThrow();
    assertThat(raw.impl()).isEqualTo("raw completablefuture");
  }

  @Test
  void writesTablesWithRatiosToRawAndFloor() throws Exception {
    ReportGenerator.Result result = generate();

    String report = Files.readString(out.resolve("REPORT.md"), StandardCharsets.UTF_8);
    assertThat(report).isEqualTo(result.markdown());
    assertThat(report)
        .contains("| mode | fixture |")
        .contains("| JDK | 17.0.99, OpenJDK 64-Bit Server VM 17.0.99+1 |")
        // backend all at N = 64: 1280 ns/op, 20 ns/task, 100 B/task, 2.00 x raw, 10.00 x floor
        .contains("| all | 64 | **completablefuture** | 1,280 | 1.50 | 20.0 | 6,400 | 100 | 2.00 | 10.00 |")
        .contains("| all | 64 | raw completablefuture | 640.0 | 1.50 | 10.0 | 1,792 | 28 | – | 5.00 |")
        .contains("| all | 64 | floor | 128.0 | 1.50 | 2.00 | 256 | 4.0 | – | – |")
        // any is compared with the floor of all
        .contains("| any | 64 | **completablefuture** | 256.0 | 1.50 | 4.00 | 512 | 8.0 | – | 2.00 |")
        .contains("## Fail-fast latency")
        // three shots of 200, 300 and 700 us against the floor's 150, 200 and 250
        .contains("| completablefuture | 5,000 | 400.0 | 2.00 | 300.0 | 1.50 | 1.00 | 1,000,000 |")
        .contains("| floor | 5,000 | 200.0 |  | 200.0 |  | 1.00 | 1,000,000 |")
        .contains("## Scale")
        .contains("| completablefuture | 500.0 | 500.0 | 50.0 | 200,000,000 | 200 |");
  }

  @Test
  void marksEveryTargetMetOrNotWithNumbers() throws Exception {
    String report = generate().markdown();

    assertThat(report)
        // 40,960 ns at N = 4096 for both: exactly 1.00 x raw, which the target allows
        .containsPattern("\\| Completed `all`, N = 4096: ≤ 1.0 × raw `allOf` \\+ collect \\| "
            + "completablefuture \\| met \\| 1.00 × raw \\(10.0 vs 10.0 ns/task\\) \\|")
        // 163,840 B / 4096 = 40 B per task: 12 over the 28 allowed
        .containsPattern("≤ 28 B/task \\| completablefuture \\| \\*\\*not met\\*\\* \\| "
            + "40 B/task; raw `allOf` \\+ collect 28, over by 12 B/task \\|")
        // 100 ns against 20 ns at N = 2
        .containsPattern("N = 2: ≤ 3 × raw `allOf` \\+ collect \\| completablefuture \\| "
            + "\\*\\*not met\\*\\* \\| 5.00 × raw \\(50.0 vs 10.0 ns/task\\), over by 2.00×")
        // any at N = 64: 256 ns against all's 1,280; allSettled was not measured
        .containsPattern("≤ 1.2 × completed `all` \\| completablefuture \\| met \\| "
            + "any N=64: 0.20 × all \\|")
        // 819.2 us against raw supplyAsync + allOf's 800 us
        .containsPattern("≤ 1.1 × raw `supplyAsync` \\+ `allOf` \\| completablefuture \\| met \\| "
            + "1.02 × raw")
        // JMH sums the counter over the three shots: 1,200,000 ns is 400 us per shot
        .containsPattern("≤ 200 µs \\| completablefuture \\| \\*\\*not met\\*\\* \\| "
            + "400.0 µs from the failure to `await\\(\\)` throwing \\(mean of the shots\\), "
            + "over by 200.0 µs; median shot 300.0 µs; the JDK by hand \\(floor\\) in this run: "
            + "mean 200.0 µs, median 200.0 µs; so 2.00 × floor \\(mean\\), 1.50 × \\(median\\) \\|")
        .containsPattern("in `-Xmx64m` \\| completablefuture \\| met \\| completed in 500.0 ms");
  }

  @Test
  void writesPngAndSvgCharts() throws Exception {
    ReportGenerator.Result result = generate();

    assertThat(result.charts())
        .extracting(p -> p.getFileName().toString())
        .containsExactly(
            "completed-all-ns.png", "completed-all-ns.svg",
            "completed-all-bytes.png", "completed-all-bytes.svg",
            "blocking-all-ns.png", "blocking-all-ns.svg",
            "times-raw-4096.png", "times-raw-4096.svg");
    for (Path chart : result.charts()) {
      assertThat(chart).isRegularFile();
      assertThat(Files.size(chart)).isGreaterThan(1000);
    }
    try (InputStream png = Files.newInputStream(out.resolve("charts/completed-all-ns.png"))) {
      assertThat(png.readNBytes(4)).containsExactly(0x89, 'P', 'N', 'G');
    }
    assertThat(Files.readString(out.resolve("charts/blocking-all-ns.svg"))).contains("<svg");
    assertThat(result.markdown()).contains("![all(): completed tasks, ns per task (± 99.9 % CI)]"
        + "(charts/completed-all-ns.png) ([SVG](charts/completed-all-ns.svg))");
  }

  @Test
  void quickRunGivesFiguresButNoVerdicts() throws Exception {
    Map<String, String> info = new LinkedHashMap<>();
    info.put("mode", "quick");
    ReportGenerator.Result result = ReportGenerator.generate(List.of(fixture()), out, info);

    assertThat(result.markdown())
        .doesNotContain("not met")
        .containsPattern("≤ 200 µs \\| completablefuture \\| n/a \\| 400.0 µs .*"
            + "\\(quick run: figures only, a verdict needs a full run");
    assertThat(result.summary()).doesNotContain("NOT MET").contains("target verdicts need a full run");
  }

  @Test
  void nativeRunnersAreComparedWithTheirLibraryAndShowTheirConformance() throws Exception {
    Path json = out.resolve("native.json");
    String fixture = Files.readString(fixture(), StandardCharsets.UTF_8);
    // The backend's CompletedBenchmark all at N = 64, as if run by the native CompletableFuture
    // runner, and a matrix in which it fails R5.
    Files.writeString(json, fixture.replace("\"backend\": \"completablefuture\"",
        "\"backend\": \"cf-allof\""), StandardCharsets.UTF_8);
    Files.writeString(out.resolve("CONFORMANCE.md"),
        "| rule | `cf-allof` |\n|---|---|\n| R1 | pass |\n| R5 | fail: a failure becomes null |\n"
            + "| R27 | no TCK test yet |\n", StandardCharsets.UTF_8);

    String report = ReportGenerator.generate(List.of(json), out, Map.of()).markdown();

    assertThat(report)
        .contains("| all | 64 | *cf-allof* (native) | 1,280 | 1.50 | 20.0 | 6,400 | 100 | 2.00 | "
            + "10.00 | 1/2, fails R5 |")
        .contains("| all | 64 | raw completablefuture | 640.0 | 1.50 | 10.0 | 1,792 | 28 | – | 5.00 | – |")
        .contains("[conformance matrix](CONFORMANCE.md)");
  }

  @Test
  void rejectsMalformedJson() throws IOException {
    Path broken = out.resolve("broken.json");
    Files.writeString(broken, "[{\"benchmark\": ");

    assertThatThrownBy(() -> ResultReader.fromJson(List.of(broken)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("malformed JMH JSON");
  }
}
