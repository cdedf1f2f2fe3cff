package io.github.concurrentrunner.stress;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An executor that runs nothing by itself: it keeps the bodies the gather hands over, so that a
 * jcstress actor runs a blocking task's body on its own thread, racing the other actor. This puts
 * the coordinator's own body ({@code TaskRun}: start claim, thread recording, interruption, its
 * clearing, exit) inside the race window, whatever wrapper the backend's driver adds.
 */
public final class CapturingExecutor implements Executor {
  private final ConcurrentLinkedQueue<Runnable> bodies = new ConcurrentLinkedQueue<>();
  private final AtomicInteger handedOver = new AtomicInteger();

  /** Creates an empty executor. */
  public CapturingExecutor() {}

  @Override
  public void execute(Runnable command) {
    handedOver.incrementAndGet();
    bodies.add(command);
  }

  /**
   * Runs the oldest body handed over, if any, on the calling thread.
   *
   * @return whether a body ran
   */
  public boolean runNext() {
    Runnable body = bodies.poll();
    if (body == null) {
      return false;
    }
    body.run();
    return true;
  }

  /**
   * Runs every body handed over, on the calling thread, including those handed over meanwhile.
   */
  public void runAll() {
    while (runNext()) {
      // the next one
    }
  }

  /**
   * Returns how many bodies were handed over so far.
   *
   * @return the count
   */
  public int handedOver() {
    return handedOver.get();
  }
}
