package io.github.concurrentrunner;

import java.lang.reflect.Method;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The default executor of a runner (rule R23): a virtual thread per task on JDK 21+, else a
 * cached pool of daemon threads; threads are named {@code concurrent-runner-<backend>-<n>}. Never
 * {@code ForkJoinPool.commonPool()}, whose parallelism is one on a two-core machine.
 */
final class DefaultExecutors {
  private DefaultExecutors() {}

  static ExecutorService create(String backend) {
    String prefix = "concurrent-runner-" + backend + "-";
    ExecutorService virtual = virtualThreadPerTask(prefix);
    if (virtual != null) {
      return virtual;
    }
    AtomicLong counter = new AtomicLong();
    return Executors.newCachedThreadPool(
        runnable -> {
          Thread thread = new Thread(runnable, prefix + counter.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        });
  }

  /**
   * Reflection, because the library compiles with {@code --release 17}: {@code
   * Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name(prefix, 1).factory())}.
   */
  private static ExecutorService virtualThreadPerTask(String prefix) {
    try {
      Method ofVirtual = Thread.class.getMethod("ofVirtual");
      Class<?> builder = Class.forName("java.lang.Thread$Builder");
      Object virtual = ofVirtual.invoke(null);
      virtual = builder.getMethod("name", String.class, long.class).invoke(virtual, prefix, 1L);
      ThreadFactory factory = (ThreadFactory) builder.getMethod("factory").invoke(virtual);
      return (ExecutorService)
          Executors.class
              .getMethod("newThreadPerTaskExecutor", ThreadFactory.class)
              .invoke(null, factory);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null; // JDK 17-20: no virtual threads (or preview only)
    }
  }
}
