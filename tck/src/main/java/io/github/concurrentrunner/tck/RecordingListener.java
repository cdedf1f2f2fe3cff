package io.github.concurrentrunner.tck;

import io.github.concurrentrunner.GatherListener;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A listener that records every event of every gather in the order they were delivered, for the
 * kit's assertions (rule R31). Events of one gather are records of {@link GatherListener}.
 */
final class RecordingListener implements GatherListener {
  private final List<Object> events = new ArrayList<>();

  @Override
  public Observer gatherStarted(GatherStarted gather) {
    add(gather);
    return new Observer() {
      @Override
      public void taskStarted(TaskStarted task) {
        add(task);
      }

      @Override
      public void taskEnded(TaskEnded task) {
        add(task);
      }

      @Override
      public void taskLeaked(TaskLeaked task) {
        add(task);
      }

      @Override
      public void gatherEnded(GatherEnded gather) {
        add(gather);
      }
    };
  }

  private synchronized void add(Object event) {
    events.add(event);
  }

  /** Every event so far, in delivery order. */
  synchronized List<Object> events() {
    return List.copyOf(events);
  }

  /** The events so far of one type that match. */
  <E> List<E> events(Class<E> type, Predicate<? super E> filter) {
    List<E> matching = new ArrayList<>();
    for (Object event : events()) {
      if (type.isInstance(event) && filter.test(type.cast(event))) {
        matching.add(type.cast(event));
      }
    }
    return matching;
  }

  /** The events so far of one type. */
  <E> List<E> events(Class<E> type) {
    return events(type, e -> true);
  }

  /** The task events (started, ended, leaked) of the task at {@code index}, in order. */
  List<Object> taskEvents(int index) {
    List<Object> matching = new ArrayList<>();
    for (Object event : events()) {
      if ((event instanceof TaskStarted s && s.index() == index)
          || (event instanceof TaskEnded e && e.index() == index)
          || (event instanceof TaskLeaked l && l.index() == index)) {
        matching.add(event);
      }
    }
    return matching;
  }

  /** The one end event of the task at {@code index}. */
  TaskEnded ended(int index) {
    List<TaskEnded> ended = events(TaskEnded.class, e -> e.index() == index);
    if (ended.size() != 1) {
      throw new AssertionError(
          "task " + index + " has " + ended.size() + " end events, not one: " + events());
    }
    return ended.get(0);
  }
}
