package io.github.concurrentrunner.comparison;

import java.util.Map;

/**
 * The matrix's words: the legend, and a one-line description of what an implementation does
 * instead of a rule, written from the failing cases listed under the matrix where the TCK's own
 * first message is not self-explanatory. The verdicts and counts always come from the run; a note
 * only replaces the first failing case's message, and a cell without a note shows that message.
 * When the kit or a native runner changes, check the notes against the failing cases of the new
 * run (rendering again from the kept cases takes seconds: see {@link GenerateConformanceMatrix}).
 */
final class Notes {
  private Notes() {}

  static final String LEGEND =
      """
      The TCK (`tck`, `ConcurrentRunnerTck`), unchanged, against each library's own aggregate \
      used by hand with no engine (module `comparison`, `NativeRunners`; each kit overrides \
      `build` to make the native runner) and against the three local backends. Rules R1-R31 are \
      those of the contract ([CONTRACT.md](../../CONTRACT.md)); a cell is `pass` when every test \
      case of the rule passed (each in every task mode: blocking, async, each with and without \
      `maxConcurrency`), else `fail` or `hangs` with what was observed and how many of the rule's \
      cases did not pass. Native runners refuse `maxConcurrency` where the library has no \
      bounded aggregate (CompletableFuture, Guava, `StructuredTaskScope`), which fails the \
      bounded cases of most rules; `jdk-structuredtaskscope` also refuses a gather given an \
      executor (a scope runs its forks on threads of a `ThreadFactory`, here a virtual thread \
      per fork). No library aggregate has a failure handler, a context hook or a listener (R11, \
      R30, R31), nor the contract's own exceptions, which only the engine makes: a failure \
      reaches the caller as a `TaskFailedException` (index -1) around what the library \
      delivered, and a timeout as the library's `TimeoutException` inside it. The verdicts are \
      those of the JDK below, JDK 25, the only JDK with the `jdk-structuredtaskscope` column \
      (`StructuredTaskScope` is a preview API there: compiled and run with \
      `--enable-preview`). One rule depends on the JDK: from JDK 21 the contract asks for \
      virtual threads in the default executor (R23), which the other native runners' default \
      pool (a cached pool of platform threads) is not, so they fail R23 here and pass it on JDK \
      17 (the matrix of 2026-12-02 on JDK 17, commit 07d4c8a).""";

  /** What the StructuredTaskScope runner does with a gather given an executor. */
  private static final String EXECUTOR_REFUSED =
      "a gather given an executor is refused at the call (a scope takes a ThreadFactory, not an Executor)";

  /**
   * "implementation R7" (or "* R7" for every native runner) to a one-line description of what was
   * observed, written from the failing cases listed under the matrix.
   */
  static final Map<String, String> NOTES =
      Map.ofEntries(
          Map.entry("* R4", "NullPointerException without the argument's name or the task's index"),
          Map.entry("* R8", "the failure names no task (index -1): no aggregate says which input failed"),
          Map.entry("* R9", "later failures are not attached as suppressed; a timeout is the library's TimeoutException"),
          Map.entry("* R10", "a cancelled, failed or timed-out gather completes while its tasks still run; no leak is reported"),
          Map.entry("* R11", "no failure handler: a leaked task's later failure reaches no one"),
          Map.entry("* R13", "every task failing gives a NoSuchElementException, not AllFailedException"),
          Map.entry("* R15", "the gather's timeout is the library's TimeoutException (as a task failure), not GatherTimeoutException"),
          Map.entry("* R16", "an overdue task fails with the library's TimeoutException, not TaskTimeoutException"),
          Map.entry("* R18", "interrupting await() leaves the tasks running (Future.get semantics)"),
          Map.entry("* R20", "the executor's RejectedExecutionException is thrown at the call instead of failing the task"),
          Map.entry("* R21", "an outer failure leaves the inner gather's tasks running"),
          Map.entry("* R24", "close() (shutdownNow of the runner's pool) fails running gathers with the task's InterruptedException, not CancellationException"),
          Map.entry("* R25", "not discoverable, by design: not among ConcurrentRunner.backends()"),
          Map.entry("* R26", "a throwing combiner surfaces as a task failure (TaskFailedException), not as itself"),
          Map.entry("* R27", "hostile foreign code is not contained: a broken executor, stage or exception escapes, hangs the gather or is lost (see the failing cases)"),
          Map.entry("* R28", "a zero timeout is the library's TimeoutException; a negative duration is not rejected"),
          Map.entry("* R29", "the task list is not read once as one snapshot: a list that changes or lies about its size during the call is read inconsistently"),
          Map.entry("* R30", "no context hook: no engine carries one (ConcurrentRunner.builder() options do not apply)"),
          Map.entry("* R31", "no listener: nothing observes the gather (ConcurrentRunner.builder() options do not apply)"),
          Map.entry("cf-allof R3", "race over no tasks is not rejected at the call (anyOf() of nothing never completes); any over none: NoSuchElementException"),
          Map.entry("cf-allof R7", "allOf waits for every task: no fail-fast, no sibling interrupted; the failure names no task"),
          Map.entry("cf-allof R12", "a task timeout (orTimeout) records TimedOut but interrupts nothing: the task runs on"),
          Map.entry("cf-allof R13", "every task failing gives a NoSuchElementException, not AllFailedException; the first success leaves the others running"),
          Map.entry("cf-allof R14", "the losers keep running (CompletableFuture.cancel does not interrupt); a failure names no task"),
          Map.entry("cf-allof R17", "cancel() cannot interrupt a running task: CompletableFuture.cancel ignores mayInterruptIfRunning"),
          Map.entry("guava-allaslist R3", "race over no tasks: ArrayIndexOutOfBoundsException from inCompletionOrder, not IllegalArgumentException; any over none: NoSuchElementException"),
          Map.entry("guava-allaslist R7", "allAsList fails fast but leaves running siblings running; the failure names no task"),
          Map.entry("guava-allaslist R14", "race fails with the first failure but names no task (index -1)"),
          Map.entry("guava-successfulaslist R1", "a failure becomes Success(null) in allSettled"),
          Map.entry("guava-successfulaslist R3", "race over no tasks: ArrayIndexOutOfBoundsException from inCompletionOrder, not IllegalArgumentException; any over none: NoSuchElementException"),
          Map.entry("guava-successfulaslist R7", "a failure does not fail all(): its slot is null and the siblings run on"),
          Map.entry("guava-successfulaslist R8", "a failure does not fail all(): its slot is null"),
          Map.entry("guava-successfulaslist R9", "a failure does not fail the gather (its slot is null), so no later failure is attached; a timeout is the library's TimeoutException"),
          Map.entry("guava-successfulaslist R10", "a failure does not end all() (its slot is null); a cancelled or timed-out gather completes while its tasks still run; no leak is reported"),
          Map.entry("guava-successfulaslist R12", "a failure or a timeout becomes Success(null)"),
          Map.entry("guava-successfulaslist R14", "race fails with the first failure but names no task (index -1)"),
          Map.entry("guava-successfulaslist R16", "an overdue task becomes null in all() and Success(null) in allSettled()"),
          Map.entry("guava-successfulaslist R19", "an Error becomes null in all()"),
          Map.entry("guava-successfulaslist R24", "close() (shutdownNow): the interrupted task's slot is null"),
          Map.entry("rxjava-zip R3", "all and allSettled over no tasks fail with NoSuchElementException (zip of nothing); any over none: NoSuchElementException; race over none is not rejected"),
          Map.entry("rxjava-zip R5", "a null result fails the task: NullPointerException \"The callable returned a null value\""),
          Map.entry("rxjava-zip R7", "zip fails fast but interrupts no running sibling (Schedulers.from is not interruptible); the failure names no task"),
          Map.entry("rxjava-zip R12", "a task timeout records TimedOut but does not interrupt the task"),
          Map.entry("rxjava-zip R13", "every task failing gives a NoSuchElementException, not AllFailedException; the first success leaves the others running"),
          Map.entry("rxjava-zip R14", "the losers keep running (not interrupted); a failure names no task"),
          Map.entry("rxjava-zip R17", "cancel() disposes the subscription but interrupts no running task"),
          Map.entry("rxjava-zip R19", "an Error thrown by a blocking task never reaches the gather, which hangs (async tasks pass)"),
          Map.entry("rxjava-zip R20", "an executor's rejection never reaches the gather, which hangs"),
          Map.entry("reactor-zip R3", "all and allSettled over no tasks return null (Mono.zip of nothing is empty); any over none returns null; race over none is not rejected"),
          Map.entry("reactor-zip R5", "a null result is an empty Mono: the whole zip is empty and all() returns null; bounded (flatMapSequential), the slot is dropped"),
          Map.entry("reactor-zip R7", "zip fails fast and cancels the siblings, but the failure names no task (index -1)"),
          Map.entry("reactor-zip R13", "every task failing gives firstWithValue's NoSuchElementException, not AllFailedException; the first success leaves the others running"),
          Map.entry("reactor-zip R14", "race fails with the first failure but names no task (index -1)"),
          Map.entry("reactor-zip R17", "cancel() returns true after completion (toFuture().cancel)"),
          Map.entry("reactor-zip R19", "an Error thrown by a blocking task never reaches the gather, which hangs (async tasks pass)"),
          Map.entry("reactor-zip R20", "a rejecting executor gives Reactor's ReactorRejectedExecutionException (\"Scheduler unavailable\"), not the executor's own; the failure names no task"),
          Map.entry("jdk-structuredtaskscope R1", EXECUTOR_REFUSED),
          Map.entry("jdk-structuredtaskscope R3", "any over none: NoSuchElementException (FailedException's cause), not AllFailedException; race over none is not rejected at the call (its joiner fails with NoSuchElementException)"),
          Map.entry("jdk-structuredtaskscope R4", "a null task or list is not rejected at the call (the gather's owner thread fails instead); a null argument is a NullPointerException without its name"),
          Map.entry("jdk-structuredtaskscope R7", "fails fast and interrupts the running siblings (the scope is cancelled), but the failure names no task (index -1); " + EXECUTOR_REFUSED),
          Map.entry("jdk-structuredtaskscope R9", "every failing unbounded case gives the gather an executor: " + EXECUTOR_REFUSED),
          Map.entry("jdk-structuredtaskscope R10", "a task that ignores interruption holds a timed-out gather until it ends (close() waits for every fork: it hangs); no leak is reported; a timeout is the library's TimeoutException"),
          Map.entry("jdk-structuredtaskscope R13", "every task failing gives one of the failures (FailedException's cause), not AllFailedException with each; " + EXECUTOR_REFUSED),
          Map.entry("jdk-structuredtaskscope R14", "race (a joiner of its own) fails with the first failure and interrupts the losers, but names no task (index -1)"),
          Map.entry("jdk-structuredtaskscope R20", EXECUTOR_REFUSED + ", so no executor can reject a task"),
          Map.entry("jdk-structuredtaskscope R21", "an outer failure leaves the inner gather's tasks running: each gather's scope has an owner thread of its own, so a gather started in a fork is no child of the fork's scope"),
          Map.entry("jdk-structuredtaskscope R23", "forks run on virtual threads named concurrent-runner-jdk-structuredtaskscope-<n>, but " + EXECUTOR_REFUSED),
          Map.entry("reactor-zip R28", "a huge duration overflows (ArithmeticException: long overflow); a zero timeout is the library's TimeoutException; a negative duration is not rejected"));

  /** The note of a cell, specific first, else the one for every native runner. */
  static String note(String implementation, int rule) {
    String specific = NOTES.get(implementation + " R" + rule);
    if (specific != null || !NativeRunners.isNative(implementation)) {
      return specific;
    }
    return NOTES.get("* R" + rule);
  }
}
