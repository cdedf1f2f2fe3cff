package io.github.concurrentrunner.tck;

import io.github.concurrentrunner.FailureEvent;
import io.github.concurrentrunner.FailureHandler;
import java.util.ArrayList;
import java.util.List;

/**
 * A failure handler that records every event, for the kit's assertions (rule R11) and a backend's
 * own tests.
 */
public final class RecordingFailureHandler implements FailureHandler {
  private final List<FailureEvent> events = new ArrayList<>();

  /** Creates a handler that has recorded nothing. */
  public RecordingFailureHandler() {}

  @Override
  public synchronized void handle(FailureEvent event) {
    events.add(event);
  }

  /**
   * Returns the events received so far.
   *
   * @return a copy, in the order received
   */
  public synchronized List<FailureEvent> events() {
    return List.copyOf(events);
  }

  /**
   * Returns the events received so far and forgets them: the test has checked them.
   *
   * @return a copy, in the order received
   */
  public synchronized List<FailureEvent> take() {
    List<FailureEvent> taken = List.copyOf(events);
    events.clear();
    return taken;
  }
}
