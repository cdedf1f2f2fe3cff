package io.github.concurrentrunner.tck;

import static io.github.concurrentrunner.tck.TckChecks.await;
import static io.github.concurrentrunner.tck.TckChecks.within;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.concurrentrunner.ConcurrentRunner;
import io.github.concurrentrunner.ContextHook;
import io.github.concurrentrunner.FailureEvent;
import io.github.concurrentrunner.GatherOptions;
import io.github.concurrentrunner.Outcome;
import io.github.concurrentrunner.Task;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The rule of the kit on context (R30): a context hook captures the caller's context once per
 * gather, on the caller's thread, and wraps every task start, blocking or async, on whichever
 * thread starts it.
 *
 * <p>One link of the chain of abstract classes that {@link ConcurrentRunnerTck} closes: its
 * {@code @Nested} group reaches the harness as its enclosing instance.
 */
abstract class ContextRules extends HostileInputRules {

  /** The context the kit carries: one thread-local value. */
  static final ThreadLocal<String> CONTEXT = new ThreadLocal<>();

  /**
   * A runner of the backend under test with the kit's failure handler, configured further by
   * {@code configure}; the caller closes it.
   */
  ConcurrentRunner observedRunner(UnaryOperator<ConcurrentRunner.Builder> configure) {
    return configure
        .apply(ConcurrentRunner.builder().provider(provider()).failureHandler(failures))
        .build();
  }

  /** A task of the mode that returns the {@link #CONTEXT} it sees where it starts. */
  Task<String> contextTask(TaskMode mode) {
    if (!mode.async()) {
      return Task.of(profile().body(probe.wrap(CONTEXT::get)));
    }
    return Task.async(
        () -> {
          String seen = CONTEXT.get(); // the supplier is the async task's start
          return startAsync(() -> seen);
        });
  }

  /**
   * The {@link #CONTEXT} a task of the mode sees where it starts when the hook carries {@code
   * carried}: that value, except for a blocking task in the REMOTE profile, whose body runs on a
   * member (another JVM) while the hook wraps its submission on this side, so that it sees no
   * context of the caller (see the contract's REMOTE profile).
   */
  String contextSeen(TaskMode mode, String carried) {
    return !mode.async() && profile() == TckProfile.REMOTE ? null : carried;
  }

  /** A hook for {@link #CONTEXT} that counts what the runner calls, and where. */
  static final class CountingHook implements ContextHook {
    final List<Thread> captures = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger activations = new AtomicInteger();
    final AtomicInteger closes = new AtomicInteger();
    private final ContextHook delegate = ContextHook.ofThreadLocal(CONTEXT);

    @Override
    public Captured capture() {
      captures.add(Thread.currentThread());
      Captured captured = delegate.capture();
      return () -> {
        activations.incrementAndGet();
        Scope scope = captured.activate();
        return () -> {
          closes.incrementAndGet();
          scope.close();
        };
      };
    }
  }

  // ================================================================== R30

  @Nested
  @DisplayName("R30: a context hook captures on the caller's thread and wraps every task start")
  class Rule30 {

    /**
     * Six tasks; each sees the caller's context where it starts (blocking: on the executor's
     * thread; async: in its supplier, which under the bound the thread completing an earlier task
     * calls). The hook captured once, on the caller's thread, and activated and closed once per
     * task. If a task sees no context, the runner does not activate the captured context around
     * that start (often: only around the first tasks, started by the caller).
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(TaskMode.class)
    void rule30_hookCarriesTheCallersContextIntoEveryTaskStart(TaskMode mode) throws Exception {
      CountingHook hook = new CountingHook();
      List<Task<String>> tasks = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        tasks.add(contextTask(mode));
      }
      CONTEXT.set("caller");
      try (ConcurrentRunner observed = observedRunner(b -> b.contextHook(hook))) {
        assertThat(await(observed.all(tasks, options(mode).build())))
            .as("the context each task saw where it started")
            .containsOnly(contextSeen(mode, "caller"))
            .hasSize(6);
        assertThat(CONTEXT.get()).as("the caller's own context after the gather").isEqualTo("caller");
      } finally {
        CONTEXT.remove();
      }
      assertThat(hook.captures).as("capture() calls, and their thread").containsExactly(Thread.currentThread());
      assertThat(hook.activations).as("activate() calls: one per task start").hasValue(6);
      if (!mode.async() && profile() == TckProfile.REMOTE) {
        // The scope wraps the submission to the cluster, whose call may return after the remote
        // task has ended and the gather with it (see the contract's REMOTE profile).
        within("scopes closed: one per activation", () -> assertThat(hook.closes).hasValue(6));
      } else {
        assertThat(hook.closes).as("scopes closed: one per activation").hasValue(6);
      }
    }

    /**
     * On a one-thread executor whose thread has a context of its own, each task sees the
     * caller's, and afterwards the thread has its own back. If it keeps the caller's, the runner
     * did not close the scope on the thread that activated it.
     */
    @Test
    void rule30_scopeIsClosedOnTheThreadThatStartedTheTask() throws Exception {
      assumeGivenExecutorRunsBlockingTasks(TaskMode.BLOCKING);
      ExecutorService single = Executors.newSingleThreadExecutor();
      try (ConcurrentRunner observed =
          observedRunner(b -> b.contextHook(ContextHook.ofThreadLocal(CONTEXT)))) {
        single.submit(() -> CONTEXT.set("pool's own")).get(Delays.LONG.toNanos(), TimeUnit.NANOSECONDS);
        CONTEXT.set("caller");
        List<String> seen =
            await(
                observed.all(
                    List.of(contextTask(TaskMode.BLOCKING), contextTask(TaskMode.BLOCKING)),
                    GatherOptions.builder().executor(single).maxConcurrency(1).build()));
        assertThat(seen).containsExactly("caller", "caller");
        assertThat(single.submit(CONTEXT::get).get(Delays.LONG.toNanos(), TimeUnit.NANOSECONDS))
            .as("the pool thread's context after the tasks")
            .isEqualTo("pool's own");
      } finally {
        CONTEXT.remove();
        single.shutdownNow();
      }
    }

    /**
     * A gather's own hook replaces the runner's: the runner's hook is never called. If it is, the
     * runner ignores {@code GatherOptions.contextHook}.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(TaskMode.class)
    void rule30_gatherHookReplacesTheRunnersHook(TaskMode mode) throws Exception {
      CountingHook runnerHook = new CountingHook();
      ContextHook gatherHook = () -> () -> {
        String previous = CONTEXT.get();
        CONTEXT.set("from the gather's hook");
        return () -> CONTEXT.set(previous);
      };
      try (ConcurrentRunner observed = observedRunner(b -> b.contextHook(runnerHook))) {
        List<String> seen =
            await(
                observed.all(
                    List.of(contextTask(mode), contextTask(mode), contextTask(mode)),
                    options(mode).contextHook(gatherHook).build()));
        assertThat(seen).containsOnly(contextSeen(mode, "from the gather's hook"));
      } finally {
        CONTEXT.remove();
      }
      assertThat(runnerHook.captures).as("calls of the runner's hook").isEmpty();
    }

    /**
     * A hook that throws fails only what it owns (R27): {@code capture()} fails the call before
     * any task starts; {@code activate()} fails the one task it was starting, with the very
     * exception; {@code close()} changes no outcome and becomes a {@code CALLBACK_FAILURE} event
     * naming the task. If a failure is lost or fails more than this, the runner does not guard the
     * hook.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(TaskMode.class)
    void rule30_throwingHookFailsOnlyWhatItOwns(TaskMode mode) throws Exception {
      IllegalStateException captureFailure = new IllegalStateException("capture");
      try (ConcurrentRunner observed =
          observedRunner(
              b ->
                  b.contextHook(
                      () -> {
                        throw captureFailure;
                      }))) {
        Throwable thrown = catchThrowable(() -> observed.all(List.of(contextTask(mode))));
        assertThat(thrown).as("what the call threw").isSameAs(captureFailure);
        assertThat(probe.entered()).as("task bodies started").isZero();
      }

      IllegalStateException activateFailure = new IllegalStateException("activate");
      AtomicInteger starts = new AtomicInteger();
      ContextHook failsSecondStart = () -> () -> {
        if (starts.incrementAndGet() == 2) {
          throw activateFailure;
        }
        return () -> {};
      };
      try (ConcurrentRunner observed = observedRunner(b -> b.contextHook(failsSecondStart))) {
        List<Outcome<String>> outcomes =
            await(
                observed.allSettled(
                    List.of(contextTask(mode), contextTask(mode), contextTask(mode)),
                    options(mode).build()));
        assertThat(outcomes).filteredOn(Outcome::isSuccess).hasSize(2);
        assertThat(outcomes)
            .filteredOn(o -> !o.isSuccess())
            .containsExactly(new Outcome.Failure<>(activateFailure));
      }

      IllegalStateException closeFailure = new IllegalStateException("close");
      ContextHook failsClose = () -> () -> () -> {
        throw closeFailure;
      };
      try (ConcurrentRunner observed = observedRunner(b -> b.contextHook(failsClose))) {
        List<String> seen =
            await(
                observed.all(
                    List.of(contextTask(mode), Task.of("named", profile().body(() -> "b"))), options(mode).build()));
        assertThat(seen).as("results, unchanged by close() failing").containsExactly(null, "b");
      }
      List<FailureEvent> events = failures.take();
      assertThat(events).hasSize(2);
      assertThat(events).allSatisfy(e -> {
        assertThat(e.kind()).isEqualTo(FailureEvent.Kind.CALLBACK_FAILURE);
        assertThat(e.failure()).isSameAs(closeFailure);
      });
      assertThat(events).extracting(FailureEvent::taskIndex).containsExactlyInAnyOrder(0, 1);
      assertThat(events).extracting(FailureEvent::taskName).containsExactlyInAnyOrder(null, "named");
    }
  }
}
