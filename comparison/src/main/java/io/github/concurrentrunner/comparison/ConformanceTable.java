package io.github.concurrentrunner.comparison;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the verdicts of a generated conformance matrix ({@code CONFORMANCE.md}): for each
 * implementation, each rule's word, {@code pass}, {@code fail}, {@code hangs} or {@code none} (no
 * TCK test for the rule yet). The benchmark report shows them beside the numbers; the test that
 * keeps the matrix honest compares them with a new run.
 */
public final class ConformanceTable {

  private static final Pattern RULE_ROW = Pattern.compile("^\\| R(\\d+) \\|");

  private ConformanceTable() {}

  /**
   * Reads the matrix.
   *
   * @param file the Markdown file
   * @return implementation to rule number to verdict word, in the file's order
   * @throws IOException if the file cannot be read
   */
  public static Map<String, Map<Integer, String>> read(Path file) throws IOException {
    Map<String, Map<Integer, String>> verdicts = new LinkedHashMap<>();
    List<String> header = null;
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (header != null && line.startsWith("#")) {
        break; // the matrix is the first table; the sections after it list the failing cases
      }
      if (line.startsWith("| rule |")) {
        header = cells(line);
        for (String impl : header.subList(1, header.size())) {
          verdicts.put(impl.replace("`", ""), new LinkedHashMap<>());
        }
        continue;
      }
      Matcher rule = RULE_ROW.matcher(line);
      if (header != null && rule.find()) {
        List<String> row = cells(line);
        for (int i = 1; i < header.size() && i < row.size(); i++) {
          verdicts
              .get(header.get(i).replace("`", ""))
              .put(Integer.parseInt(rule.group(1)), word(row.get(i)));
        }
      }
    }
    return verdicts;
  }

  /**
   * The verdict word of a cell: {@code "fail: R5: ..."} is {@code fail}, {@code "no TCK test
   * yet"} is {@code none}.
   *
   * @param cell the cell's text
   * @return pass, fail, hangs or none
   */
  public static String word(String cell) {
    String t = cell.trim();
    if (t.startsWith("no TCK test")) {
      return "none";
    }
    int colon = t.indexOf(':');
    return (colon < 0 ? t : t.substring(0, colon)).trim();
  }

  private static List<String> cells(String line) {
    List<String> cells = new ArrayList<>();
    for (String cell : line.substring(1, line.length() - 1).split("\\|", -1)) {
      cells.add(cell.trim());
    }
    return cells;
  }
}
