package io.github.concurrentrunner.guava;

import static com.google.common.util.concurrent.MoreExecutors.directExecutor;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.ListeningExecutorService;
import com.google.common.util.concurrent.MoreExecutors;
import io.github.concurrentrunner.ConcurrentRunner;
import io.github.concurrentrunner.GatherOptions;
import io.github.concurrentrunner.Task;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The snippets of the README's section for Guava users, compiled and run here; the README copies
 * them line for line (the examples module checks that every README snippet is in the sources).
 */
class GuavaReadmeExamplesTest {
  private final ExecutorService pool = Executors.newFixedThreadPool(2);
  private final ListeningExecutorService listeningExecutor = MoreExecutors.listeningDecorator(pool);
  private final Store store = new Store(listeningExecutor);

  /** A client with a Guava-style async API. */
  private record Store(ListeningExecutorService executor) {
    ListenableFuture<String> readAsync(String key) {
      return executor.submit(() -> "row " + key);
    }
  }

  @AfterEach
  void stopPool() throws InterruptedException {
    pool.shutdownNow();
    assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
  }

  private static String fetch(String page) {
    return "page " + page;
  }

  @Test
  void createTheGuavaRunnerByName() throws Exception {
    try (ConcurrentRunner runner = ConcurrentRunner.create("guava")) {
      List<String> pages =
          runner.all(List.of(Task.of(() -> fetch("a")), Task.of(() -> fetch("b")))).await();
      assertThat(pages).containsExactly("page a", "page b");
    }
  }

  @Test
  void interopWithListenableFutures() throws Exception {
    String key = "k1";
    List<Task<String>> tasks = List.of(Task.of(() -> fetch("a")), Task.of(() -> fetch("b")));
    try (ConcurrentRunner runner = ConcurrentRunner.create("guava")) {
      // A gather as a ListenableFuture, to compose with Futures.transform, FluentFuture, ...:
      ListenableFuture<List<String>> pages = GuavaGathers.toListenableFuture(runner.all(tasks));
      ListenableFuture<Integer> count = Futures.transform(pages, List::size, directExecutor());

      // An operation that returns a ListenableFuture, as a task (on any backend):
      Task<String> read = GuavaTasks.async("read " + key, () -> store.readAsync(key));
      List<String> rows = runner.all(List.of(read, read)).await();

      // Blocking tasks on your own ListeningExecutorService (the runner never shuts it down):
      GatherOptions options = GatherOptions.builder().executor(listeningExecutor).build();
      List<String> onYourPool = runner.all(tasks, options).await();

      assertThat(count.get(10, TimeUnit.SECONDS)).isEqualTo(2);
      assertThat(rows).containsExactly("row k1", "row k1");
      assertThat(onYourPool).containsExactly("page a", "page b");
    }
    assertThat(pool.isShutdown()).as("closing the runner leaves the user's pool alone").isFalse();
  }
}
