package io.github.concurrentrunner.tck;

import static io.github.concurrentrunner.tck.TckChecks.awaitLatch;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * Makes n tasks complete in an order other than input order: unbounded, task i waits for task
 * i+1 (reverse order); bounded to 2, task 2j waits for task 2j+1 (pairs swapped).
 */
final class Scramble {
  private final int n;
  private final boolean pairs;
  private final CountDownLatch[] done;
  private final List<Integer> order = Collections.synchronizedList(new ArrayList<>());

  /** A scramble of n tasks: reverse order, or pairs swapped if {@code pairs}. */
  Scramble(int n, boolean pairs) {
    this.n = n;
    this.pairs = pairs;
    this.done = new CountDownLatch[n];
    for (int i = 0; i < n; i++) {
      done[i] = new CountDownLatch(1);
    }
  }

  /** Runs task i's body once the task it waits for (if any) has finished. */
  <T> T run(int i, Callable<T> body) throws Exception {
    int waitFor = i + 1 < n && (!pairs || i % 2 == 0) ? i + 1 : -1;
    if (waitFor >= 0) {
      awaitLatch(done[waitFor], "task " + waitFor + " to finish first");
    }
    try {
      return body.call();
    } finally {
      order.add(i);
      done[i].countDown();
    }
  }

  /** The number of tasks. */
  int size() {
    return n;
  }

  /** The indices of the tasks in the order they finished. */
  List<Integer> completionOrder() {
    return List.copyOf(order);
  }
}
