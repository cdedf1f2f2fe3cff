package io.github.concurrentrunner.benchmarks;

import java.util.Locale;

/** How the report writes numbers and Markdown table rows. */
final class Format {

  private Format() {}

  /** Nanoseconds (or any time or count): two decimals below 10, one below 1000, else grouped. */
  static String ns(double value) {
    if (Double.isNaN(value)) {
      return "–";
    }
    double abs = Math.abs(value);
    if (abs < 10) {
      return String.format(Locale.ROOT, "%.2f", value);
    }
    if (abs < 1000) {
      return String.format(Locale.ROOT, "%.1f", value);
    }
    return String.format(Locale.ROOT, "%,.0f", value);
  }

  /** Bytes: one decimal below 10, else grouped. */
  static String bytes(double value) {
    if (Double.isNaN(value)) {
      return "–";
    }
    return Math.abs(value) < 10
        ? String.format(Locale.ROOT, "%.1f", value)
        : String.format(Locale.ROOT, "%,.0f", value);
  }

  /** A ratio with two decimals, or a dash. */
  static String ratio(double value) {
    return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, "%.2f", value);
  }

  /** {@link #ns} with an explicit plus sign. */
  static String signed(double value) {
    return (value >= 0 ? "+" : "") + ns(value);
  }

  /** A fraction as a whole percentage. */
  static String percent(double value) {
    return String.format(Locale.ROOT, "%.0f %%", value * 100);
  }

  /** Appends one row of a Markdown table: {@code | a | b | c |}. */
  static void tableRow(StringBuilder md, Object... cells) {
    md.append('|');
    for (Object cell : cells) {
      md.append(' ').append(cell).append(" |");
    }
    md.append('\n');
  }
}
