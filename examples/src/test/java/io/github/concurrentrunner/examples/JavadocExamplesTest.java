package io.github.concurrentrunner.examples;

import static com.google.common.util.concurrent.MoreExecutors.directExecutor;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.util.concurrent.FluentFuture;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import io.github.concurrentrunner.ConcurrentRunner;
import io.github.concurrentrunner.FailureEvent;
import io.github.concurrentrunner.GatherHandle;
import io.github.concurrentrunner.GatherOptions;
import io.github.concurrentrunner.Outcome;
import io.github.concurrentrunner.Pair;
import io.github.concurrentrunner.Task;
import io.github.concurrentrunner.guava.GuavaGathers;
import io.github.concurrentrunner.guava.GuavaTasks;
import io.github.concurrentrunner.rxjava.RxGathers;
import io.reactivex.rxjava3.core.Single;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The code examples of the libraries' Javadoc ({@code <pre>{@code ...}</pre>} blocks), line for
 * line, so that the compiler checks them and these tests run them on the default backend. {@link
 * ExampleReadmeSnippetsTest} fails when an example in the Javadoc is not found here (or in another
 * source file). The small records and stubs below stand for the application code the examples
 * call ({@code loadUser}, {@code fetch}, a store, an HTTP client).
 */
class JavadocExamplesTest {
  private ConcurrentRunner runner;

  @BeforeEach
  void createRunner() {
    runner = ConcurrentRunner.create();
  }

  @AfterEach
  void closeRunner() {
    runner.close();
  }

  /** {@link ConcurrentRunner}'s class comment. */
  @Test
  void concurrentRunner() throws Exception {
    String id = "42";
    List<String> results = new ArrayList<>();
    try (ConcurrentRunner runner = ConcurrentRunner.create()) {
      Pair<User, List<Order>> both = runner.both(() -> loadUser(id), () -> loadOrders(id)).await();
      List<String> pages = runner.all(List.of(
          Task.of(() -> fetch("a")),
          Task.of(() -> fetch("b")))).await();
      results.add(both.first().name() + " " + both.second().size());
      results.addAll(pages);
    }
    assertThat(results).containsExactly("user 42 2", "page a", "page b");
  }

  /** {@link ConcurrentRunner#all(List, GatherOptions)}. */
  @Test
  void all() throws Exception {
    List<Integer> lengths = runner.all(
        List.of(Task.of(() -> "alpha".length()), Task.of(() -> "be".length())),
        GatherOptions.builder().timeout(Duration.ofSeconds(2)).build()).await();
    // lengths == [5, 2]
    assertThat(lengths).containsExactly(5, 2);
  }

  /** {@link ConcurrentRunner#allSettled(List, GatherOptions)}. */
  @Test
  void allSettled() throws Exception {
    List<Outcome<String>> outcomes = runner.allSettled(List.of(
        Task.of(() -> "fine"),
        Task.<String>of(() -> { throw new IOException("down"); }))).await();
    // outcomes.get(0) is Success[value=fine], outcomes.get(1) is Failure[exception=IOException]
    assertThat(outcomes.get(0)).isEqualTo(new Outcome.Success<>("fine"));
    assertThat(outcomes.get(1)).isInstanceOf(Outcome.Failure.class);
    assertThat(((Outcome.Failure<String>) outcomes.get(1)).exception())
        .isInstanceOf(IOException.class)
        .hasMessage("down");
  }

  /** {@link ConcurrentRunner#any(List, GatherOptions)}. */
  @Test
  void any() throws Exception {
    String fastest = runner.any(List.of(
        Task.of(() -> fetchFrom("mirror-1")),
        Task.of(() -> fetchFrom("mirror-2")))).await();
    assertThat(fastest).isIn("from mirror-1", "from mirror-2");
  }

  /** {@link ConcurrentRunner#race(List, GatherOptions)}. */
  @Test
  void race() throws Exception {
    String answer = runner.race(List.of(
        Task.of(() -> askPrimary()),
        Task.of(() -> askReplica()))).await();
    assertThat(answer).isIn("primary", "replica");
  }

  /** {@link ConcurrentRunner#both(java.util.concurrent.Callable, java.util.concurrent.Callable)}. */
  @Test
  void both() throws Exception {
    Pair<String, Integer> pair = runner.both(() -> loadName(), () -> countItems()).await();
    assertThat(pair).isEqualTo(new Pair<>("name", 3));
  }

  /** {@link ConcurrentRunner#both(Task, Task, java.util.function.BiFunction, GatherOptions)}. */
  @Test
  void bothWithCombiner() throws Exception {
    String greeting = runner.both(
        Task.of(() -> "Hello"), Task.of(() -> "world"),
        (a, b) -> a + ", " + b, GatherOptions.defaults()).await();
    assertThat(greeting).isEqualTo("Hello, world");
  }

  /** {@link ConcurrentRunner#bothSettled(Task, Task, GatherOptions)}. */
  @Test
  void bothSettled() throws Exception {
    Pair<Outcome<String>, Outcome<Integer>> outcomes =
        runner.bothSettled(Task.of(() -> "a"), Task.of(() -> 1), GatherOptions.defaults()).await();
    assertThat(outcomes)
        .isEqualTo(new Pair<>(new Outcome.Success<>("a"), new Outcome.Success<>(1)));
  }

  /** {@link ConcurrentRunner.Builder}: the runner does not shut down an executor it was given. */
  @Test
  void builder() throws Exception {
    Metrics metrics = new Metrics();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    ConcurrentRunner runner = ConcurrentRunner.builder()
        .backend("completablefuture")
        .executor(pool)                              // the runner will not shut it down
        .failureHandler(event -> metrics.record(event))
        .build();
    try {
      assertThat(runner.both(() -> "on", () -> "pool").await()).isEqualTo(new Pair<>("on", "pool"));
      runner.close();
      assertThat(pool.isShutdown()).as("the runner shut down the executor it was given").isFalse();
      assertThat(metrics.events).isEmpty();
    } finally {
      runner.close();
      pool.shutdown();
      assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
  }

  /** {@link Task}'s class comment: tasks are values; creating one runs nothing. */
  @Test
  void task() throws Exception {
    String userId = "7";
    FakeHttpClient httpClient = new FakeHttpClient();
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1/page")).build();
    Task<String> profile = Task.of("profile", () -> loadProfile(userId));
    Task<HttpResponse<String>> page =
        Task.async("page", () -> httpClient.sendAsync(request, BodyHandlers.ofString()));
    assertThat(profile.name()).isEqualTo("profile");
    assertThat(page.name()).isEqualTo("page");
    assertThat(httpClient.calls).as("creating a task starts nothing").hasValue(0);
    assertThat(runner.all(List.of(profile)).await()).containsExactly("profile of 7");
  }

  /** {@link GatherOptions}' class comment. */
  @Test
  void gatherOptions() {
    GatherOptions options = GatherOptions.builder()
        .timeout(Duration.ofSeconds(5))      // the whole gather (R15)
        .taskTimeout(Duration.ofSeconds(1))  // each task, from its own start (R16)
        .maxConcurrency(32)                  // at most 32 tasks running at once (R2)
        .build();
    assertThat(options.timeout()).contains(Duration.ofSeconds(5));
    assertThat(options.taskTimeout()).contains(Duration.ofSeconds(1));
    assertThat(options.maxConcurrency()).hasValue(32);
  }

  /** {@link Outcome}'s class comment. */
  @Test
  void outcome() throws Exception {
    GatherHandle<List<Outcome<String>>> handle =
        runner.allSettled(
            List.of(Task.of(() -> "a"), Task.<String>of(() -> { throw new IOException("b"); })));
    List<String> lines = new ArrayList<>();
    for (Outcome<String> outcome : handle.await()) {
      if (outcome instanceof Outcome.Success<String> s) {
        lines.add("ok: " + s.value());
      } else if (outcome instanceof Outcome.Failure<String> f) {
        lines.add("failed: " + f.exception());
      } else {
        lines.add("timed out");
      }
    }
    assertThat(lines).containsExactly("ok: a", "failed: java.io.IOException: b");
  }

  /** {@link GuavaGathers}' class comment. */
  @Test
  void guavaGathers() throws Exception {
    ListenableFuture<List<String>> pages =
        GuavaGathers.toListenableFuture(
            runner.all(List.of(Task.of(() -> fetch("a")), Task.of(() -> fetch("b")))));
    ListenableFuture<Integer> count =
        FluentFuture.from(pages).transform(List::size, directExecutor());
    assertThat(count.get(10, TimeUnit.SECONDS)).isEqualTo(2);
  }

  /** {@link GuavaTasks}' class comment. */
  @Test
  void guavaTasks() throws Exception {
    List<String> keys = List.of("k1", "k2", "k3");
    RowStore store = new RowStore();
    List<Task<Row>> reads = keys.stream()
        .map(key -> GuavaTasks.async("read " + key, () -> store.readAsync(key)))
        .toList();
    List<Row> rows = runner.all(reads, GatherOptions.builder().maxConcurrency(8).build()).await();
    assertThat(rows).containsExactly(new Row("k1"), new Row("k2"), new Row("k3"));
  }

  /** {@link RxGathers}' class comment: one gather per subscription. */
  @Test
  void rxGathers() {
    AtomicInteger fetched = new AtomicInteger();
    List<Task<Page>> fetches =
        List.of(Task.of(() -> new Page(fetched.incrementAndGet())), Task.of(() -> new Page(0)));
    Single<List<Page>> pages = Single.defer(() -> RxGathers.toSingle(runner.all(fetches)));
    assertThat(fetched).as("deferred: nothing runs before a subscription").hasValue(0);
    assertThat(pages.blockingGet()).containsExactly(new Page(1), new Page(0));
    assertThat(pages.blockingGet()).containsExactly(new Page(2), new Page(0));
  }

  // ---------------------------------------------------------------- the application's code

  record User(String name) {}

  record Order(String id) {}

  record Row(String key) {}

  record Page(int number) {}

  private static User loadUser(String id) {
    return new User("user " + id);
  }

  private static List<Order> loadOrders(String id) {
    return List.of(new Order(id + "-1"), new Order(id + "-2"));
  }

  private static String fetch(String path) {
    return "page " + path;
  }

  private static String fetchFrom(String mirror) {
    return "from " + mirror;
  }

  private static String askPrimary() {
    return "primary";
  }

  private static String askReplica() {
    return "replica";
  }

  private static String loadName() {
    return "name";
  }

  private static int countItems() {
    return 3;
  }

  private static String loadProfile(String userId) {
    return "profile of " + userId;
  }

  /** Stands for {@code java.net.http.HttpClient}: a call that is never made here. */
  private static final class FakeHttpClient {
    final AtomicInteger calls = new AtomicInteger();

    <T> CompletableFuture<HttpResponse<T>> sendAsync(
        HttpRequest request, HttpResponse.BodyHandler<T> handler) {
      calls.incrementAndGet();
      return new CompletableFuture<>();
    }
  }

  /** An async key-value store on Guava futures. */
  private static final class RowStore {
    ListenableFuture<Row> readAsync(String key) {
      return Futures.immediateFuture(new Row(key));
    }
  }

  /** Stands for a metrics registry that counts failure events. */
  private static final class Metrics {
    final List<FailureEvent> events = new CopyOnWriteArrayList<>();

    void record(FailureEvent event) {
      events.add(event);
    }
  }
}
