package io.github.concurrentrunner.comparison;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.platform.engine.Filter;
import org.junit.platform.engine.FilterResult;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.PostDiscoveryFilter;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.EventType;

/**
 * Runs the TCK against one implementation and maps every finished test to its rule. Generic on
 * purpose, so that it survives the TCK's reorganisation: it selects the kit class and nothing
 * else, and finds a test's rule from its method name ({@code rule07_...}) or, failing that, from
 * the display name of the test or of an enclosing container ({@code "R7: ..."}).
 *
 * <p>Every test is bounded by JUnit's default timeout ({@value #TIMEOUT_PROPERTY}): a test that
 * would hang is interrupted and recorded as hanging, as is a test that failed because the TCK's
 * own bounded wait for a gather ran out ("it hangs").
 */
final class ConformanceRun {

  /** JUnit's configuration parameter for the default timeout of every test. */
  static final String TIMEOUT_PROPERTY = "junit.jupiter.execution.timeout.default";

  /** The bound of one test. */
  static final Duration TIMEOUT = Duration.ofSeconds(30);

  private static final Pattern METHOD_RULE = Pattern.compile("^rule(\\d+)_");
  private static final Pattern DISPLAY_RULE = Pattern.compile("^R(\\d+):");

  private ConformanceRun() {}

  /** How one test case (one invocation) ended. */
  enum Verdict {
    PASS,
    FAIL,
    HANGS
  }

  /**
   * One finished test case.
   *
   * @param rule the rule number
   * @param test the method name and, for a parameterized test, the invocation's display name
   * @param verdict how it ended
   * @param observed what happened, in one line (empty if it passed)
   * @param duration how long it ran
   */
  record Case(int rule, String test, Verdict verdict, String observed, Duration duration) {

    /** The case as one tab-separated line (its test name and observation hold no tab). */
    String toLine() {
      return rule + "\t" + verdict + "\t" + duration.toMillis() + "\t" + clean(test) + "\t"
          + clean(observed);
    }

    /** The case of a line written by {@link #toLine()}. */
    static Case parse(String line) {
      String[] f = line.split("\t", 5);
      if (f.length != 5) {
        throw new IllegalArgumentException("not a case line: " + line);
      }
      return new Case(Integer.parseInt(f[0]), f[3], Verdict.valueOf(f[1]), f[4],
          Duration.ofMillis(Long.parseLong(f[2])));
    }

    private static String clean(String text) {
      return text.replaceAll("\\s+", " ");
    }
  }

  /**
   * Runs the kit.
   *
   * @param kit the kit class
   * @param rules the rules to run, or empty for all
   * @return every finished test case, in execution order
   */
  static List<Case> run(Class<?> kit, Set<Integer> rules) {
    EngineTestKit.Builder builder =
        EngineTestKit.engine("junit-jupiter")
            .selectors(DiscoverySelectors.selectClass(kit))
            .configurationParameter(TIMEOUT_PROPERTY, TIMEOUT.toSeconds() + " s");
    if (!rules.isEmpty()) {
      builder.filters(ruleFilter(rules));
    }
    Map<String, Instant> started = new TreeMap<>();
    List<Case> cases = new ArrayList<>();
    for (Event event : builder.execute().allEvents().list()) {
      TestDescriptor descriptor = event.getTestDescriptor();
      String id = descriptor.getUniqueId().toString();
      if (event.getType() == EventType.STARTED) {
        started.put(id, event.getTimestamp());
        continue;
      }
      if (event.getType() != EventType.FINISHED) {
        continue;
      }
      Optional<Integer> rule = rule(descriptor);
      TestExecutionResult result = event.getRequiredPayload(TestExecutionResult.class);
      // A container counts only when it failed (e.g. a rule group's setup).
      if (rule.isEmpty()
          || (!descriptor.isTest() && result.getStatus() == TestExecutionResult.Status.SUCCESSFUL)) {
        continue;
      }
      Duration duration =
          Duration.between(started.getOrDefault(id, event.getTimestamp()), event.getTimestamp());
      cases.add(toCase(rule.get(), descriptor, result, duration));
    }
    return cases;
  }

  private static Case toCase(
      int rule, TestDescriptor descriptor, TestExecutionResult result, Duration duration) {
    String test = testName(descriptor);
    if (result.getStatus() == TestExecutionResult.Status.SUCCESSFUL) {
      return new Case(rule, test, Verdict.PASS, "", duration);
    }
    Throwable failure = result.getThrowable().orElse(null);
    boolean hangs =
        failure instanceof TimeoutException
            || (failure != null && String.valueOf(failure.getMessage()).contains("(it hangs)"));
    return new Case(rule, test, hangs ? Verdict.HANGS : Verdict.FAIL, oneLine(failure), duration);
  }

  private static String testName(TestDescriptor descriptor) {
    String method =
        descriptor
            .getSource()
            .filter(MethodSource.class::isInstance)
            .map(source -> ((MethodSource) source).getMethodName())
            .orElse(descriptor.getDisplayName());
    Optional<TestDescriptor> parent = descriptor.getParent();
    boolean invocation =
        parent.isPresent()
            && parent.get().getUniqueId().getLastSegment().getType().equals("test-template");
    return invocation ? method + " [" + descriptor.getDisplayName() + "]" : method;
  }

  /** The rule of a test: its method name, else its display name or an enclosing container's. */
  static Optional<Integer> rule(TestDescriptor descriptor) {
    Optional<String> method =
        descriptor
            .getSource()
            .filter(MethodSource.class::isInstance)
            .map(source -> ((MethodSource) source).getMethodName());
    if (method.isPresent()) {
      Matcher m = METHOD_RULE.matcher(method.get());
      if (m.find()) {
        return Optional.of(Integer.parseInt(m.group(1)));
      }
    }
    for (Optional<TestDescriptor> d = Optional.of(descriptor); d.isPresent(); d = d.get().getParent()) {
      Matcher m = DISPLAY_RULE.matcher(d.get().getDisplayName());
      if (m.find()) {
        return Optional.of(Integer.parseInt(m.group(1)));
      }
    }
    return Optional.empty();
  }

  private static Filter<TestDescriptor> ruleFilter(Set<Integer> rules) {
    return (PostDiscoveryFilter)
        descriptor -> {
          Optional<Integer> rule = rule(descriptor);
          return rule.isPresent() && rules.contains(rule.get())
              ? FilterResult.included("rule " + rule.get())
              : FilterResult.excluded("not one of rules " + rules);
        };
  }

  /**
   * A failure in one line: its message (AssertJ's description and expectation joined), else its
   * class, at most 200 characters.
   */
  static String oneLine(Throwable failure) {
    if (failure == null) {
      return "failed without an exception";
    }
    String message = failure.getMessage();
    String text =
        message == null || message.isBlank()
            ? failure.getClass().getName()
            : failure instanceof AssertionError
                ? message
                : failure.getClass().getSimpleName() + ": " + message;
    text = text.replaceAll("\\s+", " ").replace("|", "/").trim();
    return text.length() <= 200 ? text : text.substring(0, 197) + "...";
  }

  /** A duration in seconds with one decimal. */
  static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.1f", d.toMillis() / 1000.0);
  }
}
