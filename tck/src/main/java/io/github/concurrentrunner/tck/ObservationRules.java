package io.github.concurrentrunner.tck;

import static io.github.concurrentrunner.tck.TckChecks.await;
import static io.github.concurrentrunner.tck.TckChecks.awaitLatch;
import static io.github.concurrentrunner.tck.TckChecks.failureOf;
import static io.github.concurrentrunner.tck.TckChecks.within;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.concurrentrunner.ConcurrentRunner;
import io.github.concurrentrunner.FailureEvent;
import io.github.concurrentrunner.GatherHandle;
import io.github.concurrentrunner.GatherListener;
import io.github.concurrentrunner.GatherListener.GatherEnded;
import io.github.concurrentrunner.GatherListener.GatherStarted;
import io.github.concurrentrunner.GatherListener.Kind;
import io.github.concurrentrunner.GatherListener.TaskEnded;
import io.github.concurrentrunner.GatherListener.TaskLeaked;
import io.github.concurrentrunner.GatherListener.TaskStarted;
import io.github.concurrentrunner.LeakedTaskException;
import io.github.concurrentrunner.Outcome;
import io.github.concurrentrunner.Task;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The rule of the kit on observation (R31): a listener receives exactly one start and one end
 * event per gather and per started task, task ends before the gather's end, and a listener that
 * throws changes nothing but failure-handler events.
 *
 * <p>One link of the chain of abstract classes that {@link ConcurrentRunnerTck} closes: its
 * {@code @Nested} group reaches the harness as its enclosing instance.
 */
abstract class ObservationRules extends ContextRules {

  /**
   * Checks the shape every gather's events must have: one start first, one end last, and per
   * task either nothing (never started) or a start, then (if leaked) its leak, then one end; no
   * task lasted longer than its gather. Returns the end.
   */
  static GatherEnded assertWellFormed(RecordingListener listener, String operation, int tasks) {
    List<Object> events = listener.events();
    assertThat(events).as("events").isNotEmpty();
    assertThat(events.get(0))
        .as("the first event")
        .isInstanceOfSatisfying(
            GatherStarted.class,
            s -> {
              assertThat(s.operation()).isEqualTo(operation);
              assertThat(s.taskCount()).isEqualTo(tasks);
            });
    assertThat(listener.events(GatherStarted.class)).as("gather start events").hasSize(1);
    assertThat(listener.events(GatherEnded.class)).as("gather end events").hasSize(1);
    Object last = events.get(events.size() - 1);
    assertThat(last).as("the last event, after every task event").isInstanceOf(GatherEnded.class);
    GatherEnded end = (GatherEnded) last;
    assertThat(end.operation()).isEqualTo(operation);
    assertThat(end.taskCount()).isEqualTo(tasks);
    assertThat(end.backend()).isEqualTo(((GatherStarted) events.get(0)).backend());
    for (int i = 0; i < tasks; i++) {
      List<Object> taskEvents = listener.taskEvents(i);
      if (taskEvents.isEmpty()) {
        continue;
      }
      assertThat(taskEvents.get(0)).as("task %d's first event", i).isInstanceOf(TaskStarted.class);
      Object taskLast = taskEvents.get(taskEvents.size() - 1);
      assertThat(taskLast).as("task %d's last event", i).isInstanceOf(TaskEnded.class);
      TaskEnded ended = (TaskEnded) taskLast;
      assertThat(taskEvents)
          .as("task %d's events", i)
          .hasSize(ended.kind() == Kind.LEAKED ? 3 : 2);
      assertThat(ended.durationNanos()).as("task %d's duration", i).isBetween(0L, end.durationNanos());
    }
    return end;
  }

  // ================================================================== R31

  @Nested
  @DisplayName("R31: a listener sees one start and one end per gather and per started task")
  class Rule31 {

    /**
     * {@code allSettled} over a success, a failure, a null and a named task: a start and an end
     * for the gather and for each task, with operation, backend, count, index, name and kind, the
     * very exception of the failure, and every task end before the gather's end, which the
     * listener has seen when {@code await()} returns. If an event is missing or doubled, the
     * runner emits it on a path that not every task takes.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(TaskMode.class)
    void rule31_oneStartAndOneEndPerGatherAndPerStartedTask(TaskMode mode) throws Exception {
      RecordingListener listener = new RecordingListener();
      IOException boom = new IOException("boom");
      try (ConcurrentRunner observed = observedRunner(b -> b.listener(listener))) {
        List<Outcome<String>> outcomes =
            await(
                observed.allSettled(
                    List.of(
                        task(mode, () -> "a"),
                        task(
                            mode,
                            () -> {
                              throw boom;
                            }),
                        task(mode, () -> null),
                        task(mode, "named", () -> "d")),
                    options(mode).build()));
        assertThat(outcomes).hasSize(4);
        GatherEnded end = assertWellFormed(listener, "allSettled", 4);
        assertThat(end.kind()).isEqualTo(Kind.SUCCESS);
        assertThat(end.failure()).isNull();
        assertThat(end.backend()).isEqualTo(observed.backend());
      }
      for (int i = 0; i < 4; i++) {
        assertThat(listener.taskEvents(i)).as("task %d's events", i).hasSize(2);
      }
      assertThat(listener.ended(0).kind()).isEqualTo(Kind.SUCCESS);
      assertThat(listener.ended(1).kind()).isEqualTo(Kind.FAILURE);
      profile().assertSameFailure(listener.ended(1).failure(), boom);
      assertThat(listener.ended(2).kind()).isEqualTo(Kind.SUCCESS);
      assertThat(listener.ended(3).name()).isEqualTo("named");
      assertThat(listener.events(TaskStarted.class, s -> s.index() == 3).get(0).name())
          .isEqualTo("named");
    }

    /**
     * {@code all} whose second task fails once the first has started: the gather ends with
     * {@code FAILURE} and the very exception; the first task, stopped by its gather, ends {@code
     * CANCELLED}; under the bound, the third task never starts and has no events. If the third
     * task has events, the runner emits them for tasks it never started.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(TaskMode.class)
    void rule31_failedGatherAndItsCancelledAndUnstartedTasks(TaskMode mode) throws Exception {
      RecordingListener listener = new RecordingListener();
      IOException boom = new IOException("boom");
      try (ConcurrentRunner observed = observedRunner(b -> b.listener(listener))) {
        Blocker blocker = new Blocker();
        Throwable failure =
            failureOf(
                observed.all(
                    List.of(
                        task(mode, blocker::call),
                        failingOnceStarted(mode, blocker, boom),
                        task(mode, () -> "third")),
                    options(mode).build()));
        assertTaskFailed(failure, boom, 1);
      }
      GatherEnded end = assertWellFormed(listener, "all", 3);
      assertThat(end.kind()).isEqualTo(Kind.FAILURE);
      profile().assertSameFailure(end.failure(), boom);
      assertThat(listener.ended(0).kind()).isEqualTo(Kind.CANCELLED);
      assertThat(listener.ended(1).kind()).isEqualTo(Kind.FAILURE);
      profile().assertSameFailure(listener.ended(1).failure(), boom);
      if (mode.bounded()) {
        assertThat(listener.taskEvents(2)).as("events of the task that never started").isEmpty();
      }
    }

    /**
     * A gather that times out ends {@code TIMED_OUT}; one that is cancelled ends {@code
     * CANCELLED}; the tasks they stopped end {@code CANCELLED}.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(TaskMode.class)
    void rule31_timedOutAndCancelledGathers(TaskMode mode) throws Exception {
      RecordingListener timing = new RecordingListener();
      try (ConcurrentRunner observed = observedRunner(b -> b.listener(timing))) {
        Blocker blocker = new Blocker();
        failureOf(
            observed.all(
                List.of(task(mode, blocker::call)), options(mode).timeout(Delays.SHORT).build()));
      }
      assertThat(assertWellFormed(timing, "all", 1).kind()).isEqualTo(Kind.TIMED_OUT);
      assertThat(timing.ended(0).kind()).isEqualTo(Kind.CANCELLED);

      RecordingListener cancelling = new RecordingListener();
      try (ConcurrentRunner observed = observedRunner(b -> b.listener(cancelling))) {
        Blocker blocker = new Blocker();
        GatherHandle<String> handle = observed.any(List.of(task(mode, blocker::call)), options(mode).build());
        blocker.awaitStarted();
        handle.cancel();
        failureOf(handle);
      }
      assertThat(assertWellFormed(cancelling, "any", 1).kind()).isEqualTo(Kind.CANCELLED);
      assertThat(cancelling.ended(0).kind()).isEqualTo(Kind.CANCELLED);
    }

    /**
     * A task that ignores its cancellation past the grace period: a start, a leak event carrying
     * the very {@code LeakedTaskException} the failure holds, an end with {@code LEAKED}, all
     * before the gather's end; nothing more when the task returns later. If the leaked task's
     * late return sends an event, the runner does not remember that it gave up on it.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(TaskMode.class)
    void rule31_leakedTaskHasALeakAndAnEndBeforeTheGathersEnd(TaskMode mode) throws Exception {
      RecordingListener listener = new RecordingListener();
      Stubborn stubborn = new Stubborn(() -> "late");
      try (ConcurrentRunner observed = observedRunner(b -> b.listener(listener))) {
        GatherHandle<List<String>> handle =
            observed.all(List.of(stubborn.task(mode)), options(mode).gracePeriod(Delays.GRACE).build());
        stubborn.awaitEntered();
        handle.cancel();
        Throwable failure = failureOf(handle);
        assertThat(failure.getSuppressed()).hasSize(1);
        List<Object> events = listener.taskEvents(0);
        assertThat(events).hasSize(3);
        assertThat(events.get(1))
            .isInstanceOfSatisfying(
                TaskLeaked.class, l -> assertThat(l.leak()).isSameAs(failure.getSuppressed()[0]));
        assertThat(((TaskEnded) events.get(2)).kind()).isEqualTo(Kind.LEAKED);
        assertThat(assertWellFormed(listener, "all", 1).kind()).isEqualTo(Kind.CANCELLED);
        int before = listener.events().size();
        stubborn.letGo.countDown();
        within("the leaked task to finish", () -> assertThat(probe.running()).isZero());
        assertThat(listener.events()).as("events after the leaked task returned").hasSize(before);
      }
      assertThat(failures.take())
          .extracting(FailureEvent::failure)
          .hasOnlyElementsOfType(LeakedTaskException.class)
          .hasSize(1);
    }

    /**
     * Under {@code maxConcurrency(1)}, a task cancelled by its own {@code taskTimeout} returns at
     * once, and its end event is still being reported (the listener's {@code taskEnded} blocks)
     * when its grace period ends: it is not leaked, and its place stays taken until its exit is
     * recorded, so the next task does not start meanwhile and the gather does not complete. If
     * the next task starts, or the gather completes, while the end is being reported, the grace
     * period's end gave back a place that the task's exit then gave back again.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(
        value = TaskMode.class,
        names = {"BLOCKING", "ASYNC"})
    void rule31_aTaskWhoseEndIsBeingReportedWhenItsGraceEndsKeepsItsPlace(TaskMode mode)
        throws Exception {
      CountDownLatch endEntered = new CountDownLatch(1);
      CountDownLatch releaseEnd = new CountDownLatch(1);
      GatherListener blockingEnd =
          gather ->
              new GatherListener.Observer() {
                @Override
                public void taskEnded(TaskEnded task) {
                  if (task.index() == 0) {
                    endEntered.countDown();
                    Hostile.awaitUninterruptibly(releaseEnd);
                  }
                }
              };
      Blocker first = new Blocker(e -> "interrupted");
      CountDownLatch nextStarted = new CountDownLatch(1);
      try (ConcurrentRunner observed = observedRunner(b -> b.listener(blockingEnd))) {
        GatherHandle<List<Outcome<String>>> handle =
            observed.allSettled(
                List.of(
                    task(mode, first::call),
                    task(
                        mode,
                        () -> {
                          nextStarted.countDown();
                          return "next";
                        })),
                options(mode)
                    .maxConcurrency(1)
                    .taskTimeout(Delays.TICK)
                    .gracePeriod(Delays.TICK)
                    .build());
        try {
          TckChecks.awaitLatch(endEntered, "the timed-out task's end to reach the listener");
          // Its grace period (one TICK) ends meanwhile; nothing signals that, so wait SHORT.
          assertThat(nextStarted.await(Delays.SHORT.toNanos(), TimeUnit.NANOSECONDS))
              .as("the next task started while the first one's end was being reported")
              .isFalse();
          assertThat(handle.isDone()).as("done while a task's end was being reported").isFalse();
        } finally {
          releaseEnd.countDown();
        }
        assertThat(await(handle)).containsExactly(new Outcome.TimedOut<>(), Outcome.success("next"));
      }
      assertThat(failures.take()).as("failure handler events (no leak)").isEmpty();
    }

    /**
     * An observer that throws from every callback: the results are the same, and every throw
     * is one {@code CALLBACK_FAILURE} event (task events name their task). A listener whose
     * {@code gatherStarted} throws costs its gather one event and no more events. If a result
     * changes or an event is missing, the runner does not guard the listener.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(TaskMode.class)
    void rule31_throwingListenerChangesNothingButFailureHandlerEvents(TaskMode mode)
        throws Exception {
      IllegalStateException thrown = new IllegalStateException("listener");
      GatherListener.Observer throwing =
          new GatherListener.Observer() {
            @Override
            public void taskStarted(TaskStarted task) {
              throw thrown;
            }

            @Override
            public void taskEnded(TaskEnded task) {
              throw thrown;
            }

            @Override
            public void gatherEnded(GatherEnded gather) {
              throw thrown;
            }
          };
      try (ConcurrentRunner observed = observedRunner(b -> b.listener(g -> throwing))) {
        assertThat(
                await(
                    observed.all(
                        List.of(task(mode, () -> "a"), task(mode, "b", () -> "b")),
                        options(mode).build())))
            .containsExactly("a", "b");
      }
      List<FailureEvent> events = failures.take();
      assertThat(events).as("one event per throw: 2 starts, 2 ends, 1 gather end").hasSize(5);
      assertThat(events).allSatisfy(e -> {
        assertThat(e.kind()).isEqualTo(FailureEvent.Kind.CALLBACK_FAILURE);
        assertThat(e.failure()).isSameAs(thrown);
      });
      assertThat(events)
          .extracting(FailureEvent::taskIndex)
          .containsExactlyInAnyOrder(0, 0, 1, 1, -1);

      try (ConcurrentRunner observed =
          observedRunner(
              b ->
                  b.listener(
                      g -> {
                        throw thrown;
                      }))) {
        assertThat(await(observed.all(List.of(task(mode, () -> "a")), options(mode).build())))
            .containsExactly("a");
      }
      assertThat(failures.take()).extracting(FailureEvent::failure).containsExactly(thrown);
    }

    /**
     * A runner closed while a gather's start event is being handled, from the listener itself or
     * from another thread meanwhile, cancels that gather before any of its tasks starts: the
     * gather still has one start and then one end, {@code CANCELLED}, delivered to the observer
     * that its start returned. If the end is missing, the runner completed the gather before that
     * observer was known and sent the end to nobody.
     */
    @Test
    void rule31_aRunnerClosedWhileAGathersStartIsHandledStillEndsIt() throws Exception {
      RecordingListener fromListener = new RecordingListener();
      AtomicReference<ConcurrentRunner> closing = new AtomicReference<>();
      try (ConcurrentRunner observed =
          observedRunner(
              b ->
                  b.listener(
                      gather -> {
                        closing.get().close();
                        return fromListener.gatherStarted(gather);
                      }))) {
        closing.set(observed);
        assertThat(failureOf(observed.all(List.of(task(TaskMode.BLOCKING, () -> "a")))))
            .isInstanceOf(CancellationException.class);
      }
      assertThat(assertWellFormed(fromListener, "all", 1).kind()).isEqualTo(Kind.CANCELLED);
      assertThat(fromListener.taskEvents(0)).as("events of the task that never started").isEmpty();

      RecordingListener fromAnotherThread = new RecordingListener();
      CountDownLatch starting = new CountDownLatch(1);
      CountDownLatch closed = new CountDownLatch(1);
      try (ConcurrentRunner observed =
          observedRunner(
              b ->
                  b.listener(
                      gather -> {
                        starting.countDown();
                        awaitUninterruptibly(closed, "the runner to be closed");
                        return fromAnotherThread.gatherStarted(gather);
                      }))) {
        closing.set(observed);
        Thread closer =
            new Thread(
                () -> {
                  awaitUninterruptibly(starting, "the gather's start event");
                  closing.get().close();
                  closed.countDown();
                },
                "tck-closer");
        closer.start();
        assertThat(failureOf(observed.any(List.of(task(TaskMode.BLOCKING, () -> "a")))))
            .isInstanceOf(CancellationException.class);
        closer.join(Delays.LONG.toMillis());
        assertThat(closer.isAlive()).as("the closing thread still runs").isFalse();
      }
      assertThat(assertWellFormed(fromAnotherThread, "any", 1).kind()).isEqualTo(Kind.CANCELLED);
      assertThat(fromAnotherThread.taskEvents(0))
          .as("events of the task that never started")
          .isEmpty();
    }

    /** Waits for a latch, at most {@code Delays.LONG}, where no exception can be thrown. */
    private static void awaitUninterruptibly(CountDownLatch latch, String what) {
      try {
        awaitLatch(latch, what);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for " + what, e);
      }
    }

    /**
     * Over no tasks there is still one start and one end: {@code all} succeeds, {@code any}
     * fails.
     */
    @Test
    void rule31_gathersOverNoTasksStartAndEnd() throws Exception {
      RecordingListener all = new RecordingListener();
      try (ConcurrentRunner observed = observedRunner(b -> b.listener(all))) {
        assertThat(await(observed.all(List.<Task<String>>of()))).isEmpty();
      }
      assertThat(assertWellFormed(all, "all", 0).kind()).isEqualTo(Kind.SUCCESS);
      RecordingListener any = new RecordingListener();
      try (ConcurrentRunner observed = observedRunner(b -> b.listener(any))) {
        failureOf(observed.any(List.<Task<String>>of()));
      }
      assertThat(assertWellFormed(any, "any", 0).kind()).isEqualTo(Kind.FAILURE);
    }
  }
}
