package io.github.concurrentrunner.tck;

import io.github.concurrentrunner.FailureEvent;
import io.github.concurrentrunner.FailureHandler;
import java.util.ArrayList;
import java.util.List;

/** A failure handler that records every event, for the kit's assertions (rule R11). */
final class RecordingFailureHandler implements FailureHandler {
  private final List<FailureEvent> events = new ArrayList<>();

  @Override
  public synchronized void handle(FailureEvent event) {
    events.add(event);
  }

  /** The events received so far. */
  synchronized List<FailureEvent> events() {
    return List.copyOf(events);
  }

  /** Returns the events received so far and forgets them: the test has checked them. */
  synchronized List<FailureEvent> take() {
    List<FailureEvent> taken = List.copyOf(events);
    events.clear();
    return taken;
  }
}
