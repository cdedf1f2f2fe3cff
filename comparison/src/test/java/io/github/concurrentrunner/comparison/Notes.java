package io.github.concurrentrunner.comparison;

import java.util.Map;

/**
 * The matrix's words: the legend, and a one-line description of what an implementation does
 * instead of a rule, where the TCK's own first message is not self-explanatory. The verdicts
 * themselves always come from the run.
 */
final class Notes {
  private Notes() {}

  static final String LEGEND =
      """
      The TCK (`tck`, `ConcurrentRunnerTck`), unchanged, against each library's own aggregate \
      used by hand with no engine (module `comparison`, `NativeRunners`) and against the three \
      backends. Rules R1-R31 are those of the contract; a cell is `pass` when every test case of \
      the rule passed (each in every task mode: blocking, async, each with and without \
      `maxConcurrency`), else `fail` or `hangs` with what was observed, and how many of the \
      rule's cases did not pass. Native runners refuse `maxConcurrency` where the library has no \
      bounded aggregate (CompletableFuture, Guava), which fails the bounded cases of many rules.""";

  /** "implementation R7" to a one-line description. */
  static final Map<String, String> NOTES = Map.of();
}
