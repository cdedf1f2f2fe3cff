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

  /**
   * "implementation R7" (or "* R7" for every native runner) to a one-line description of what was
   * observed, written from the failing cases listed under the matrix.
   */
  static final Map<String, String> NOTES =
      Map.ofEntries(
          Map.entry("* R25", "not discoverable, by design: built with NativeRunners.create"),
          Map.entry("* R11", "no failure handler: a leaked task's later failure reaches no one"),
          Map.entry("* R8", "the failure names no task (index -1): no aggregate says which input failed"),
          Map.entry("* R16", "an overdue task fails with the library's own TimeoutException, not TaskTimeoutException"),
          Map.entry("* R18", "interrupting await() leaves the tasks running (Future.get semantics)"),
          Map.entry("* R24", "close() (shutdownNow) fails running gathers with the task's InterruptedException, not CancellationException"),
          Map.entry("* R26", "a throwing combiner surfaces as a task failure (TaskFailedException), not as itself"),
          Map.entry("* R4", "NullPointerException without the argument's name or the task's index"),
          Map.entry("cf-allof R3", "race over no tasks is not rejected: anyOf() of nothing never completes"),
          Map.entry("cf-allof R7", "allOf waits for every task: no fail-fast, no sibling interrupted (cancel(true) does not interrupt)"),
          Map.entry("cf-allof R17", "cancel() cannot interrupt a running task: CompletableFuture.cancel ignores mayInterruptIfRunning"),
          Map.entry("guava-allaslist R3", "race over no tasks: ArrayIndexOutOfBoundsException from inCompletionOrder"),
          Map.entry("guava-allaslist R7", "allAsList fails fast but leaves running siblings running"),
          Map.entry("guava-successfulaslist R1", "a failure becomes Success(null) in allSettled"),
          Map.entry("guava-successfulaslist R3", "race over no tasks: ArrayIndexOutOfBoundsException from inCompletionOrder"),
          Map.entry("guava-successfulaslist R7", "a failure does not fail all(): its slot is null, siblings run on"),
          Map.entry("guava-successfulaslist R8", "a failure does not fail all(): its slot is null"),
          Map.entry("guava-successfulaslist R12", "a failure becomes Success(null)"),
          Map.entry("guava-successfulaslist R16", "an overdue task becomes null in all()"),
          Map.entry("guava-successfulaslist R19", "an Error becomes null in all()"),
          Map.entry("guava-successfulaslist R24", "close() (shutdownNow): the interrupted task's slot is null"),
          Map.entry("rxjava-zip R3", "all over no tasks fails with NoSuchElementException (zip of nothing)"),
          Map.entry("rxjava-zip R5", "a null result fails the task: NullPointerException \"The callable returned a null value\""),
          Map.entry("rxjava-zip R7", "zip fails fast but does not interrupt running siblings (Schedulers.from is not interruptible)"),
          Map.entry("rxjava-zip R19", "an Error thrown by a task never reaches the gather, which hangs"),
          Map.entry("rxjava-zip R20", "the executor's RejectedExecutionException goes to RxJavaPlugins.onError; the gather hangs"),
          Map.entry("reactor-zip R3", "all over no tasks returns null (Mono.zip of nothing is empty)"),
          Map.entry("reactor-zip R5", "a null result is an empty Mono: the whole zip is empty, all() returns null"),
          Map.entry("reactor-zip R9", "later failures are dropped (Hooks.onErrorDropped), not attached as suppressed"),
          Map.entry("reactor-zip R13", "all failing: firstWithValue's NoSuchElementException, not AllFailedException"),
          Map.entry("reactor-zip R17", "toFuture().cancel() returns true after completion"),
          Map.entry("reactor-zip R19", "an Error thrown by a task never reaches the gather, which hangs"));

  /** The note of a cell, specific first, else the one for every native runner. */
  static String note(String implementation, int rule) {
    String specific = NOTES.get(implementation + " R" + rule);
    if (specific != null || !NativeRunners.isNative(implementation)) {
      return specific;
    }
    return NOTES.get("* R" + rule);
  }
}
