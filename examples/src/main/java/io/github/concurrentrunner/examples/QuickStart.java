package io.github.concurrentrunner.examples;

import io.github.concurrentrunner.ConcurrentRunner;
import io.github.concurrentrunner.FailureEvent;
import io.github.concurrentrunner.GatherOptions;
import io.github.concurrentrunner.GatherTimeoutException;
import io.github.concurrentrunner.Outcome;
import io.github.concurrentrunner.Pair;
import io.github.concurrentrunner.Task;
import io.github.concurrentrunner.TaskFailedException;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The snippets of the README's quick start, as a program that runs them. The README copies its
 * Java code from here (a test checks that it does), so every snippet there compiles and runs.
 */
public final class QuickStart {

  /**
   * What the quick start produced, one line per snippet.
   *
   * @param backend the backend that ran it
   * @param lines what each snippet printed
   */
  public record Result(String backend, List<String> lines) {}

  private QuickStart() {}

  /**
   * Runs the quick start on the backend chosen by {@code -Dconcurrentrunner.backend}.
   *
   * @param args ignored
   * @throws InterruptedException if interrupted while waiting
   */
  public static void main(String[] args) throws InterruptedException {
    run(System.out);
  }

  /**
   * Runs every snippet and prints what each produced.
   *
   * @param out where to print
   * @return what the snippets produced
   * @throws InterruptedException if interrupted while waiting
   */
  public static Result run(PrintStream out) throws InterruptedException {
    List<String> lines = new ArrayList<>();
    String backend;
    try (ConcurrentRunner runner = ConcurrentRunner.create()) {
      backend = runner.backend();
      out.println("QuickStart on backend " + backend);
      lines.add(blocking(runner));
      lines.add(pair(runner));
      lines.add(async(runner));
      lines.add(withOptions(runner));
      lines.add(settled(runner));
      lines.add(errors(runner));
    }
    lines.add(choosingBackend());
    lines.forEach(line -> out.println("  " + line));
    return new Result(backend, lines);
  }

  static String blocking(ConcurrentRunner runner) throws InterruptedException {
    List<String> pages = runner.all(List.of(
        Task.of(() -> fetch("a")),
        Task.of(() -> fetch("b")))).await();
    // pages == [page a, page b], in input order
    return "all: " + pages;
  }

  static String pair(ConcurrentRunner runner) throws InterruptedException {
    Pair<String, Integer> pair = runner.both(() -> loadName(), () -> countItems()).await();
    return "both: " + pair;
  }

  static String async(ConcurrentRunner runner) throws InterruptedException {
    // An async task returns a CompletionStage and occupies no thread while it is pending.
    Task<String> quote = Task.async("quote", () -> fetchQuoteAsync("EUR"));
    String price = runner.all(List.of(quote, Task.of(() -> fetch("c")))).await().get(0);
    return "async: " + price;
  }

  static String withOptions(ConcurrentRunner runner) throws InterruptedException {
    List<Task<String>> tasks = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      String id = "p" + i;
      tasks.add(Task.of(id, () -> fetch(id)));
    }
    GatherOptions options = GatherOptions.builder()
        .timeout(Duration.ofSeconds(5))       // the whole gather
        .taskTimeout(Duration.ofSeconds(2))   // each task, from its own start
        .maxConcurrency(16)                   // at most 16 tasks running at once
        .build();
    List<String> pages = runner.all(tasks, options).await();
    return "options: " + pages.size() + " pages, last " + pages.get(99);
  }

  static String settled(ConcurrentRunner runner) throws InterruptedException {
    List<Outcome<String>> outcomes = runner.allSettled(List.of(
        Task.of(() -> fetch("d")),
        Task.<String>of(() -> { throw new IOException("e is down"); }))).await();
    List<String> seen = new ArrayList<>();
    for (Outcome<String> outcome : outcomes) {
      if (outcome instanceof Outcome.Success<String> success) {
        seen.add("ok " + success.value());
      } else if (outcome instanceof Outcome.Failure<String> failure) {
        seen.add("failed " + failure.exception().getMessage());
      } else {
        seen.add("timed out");
      }
    }
    return "allSettled: " + seen;
  }

  static String errors(ConcurrentRunner runner) throws InterruptedException {
    List<Task<String>> tasks = List.of(
        Task.of("page", () -> fetch("f")),
        Task.of("profile", () -> { throw new IOException("profile service down"); }));
    try {
      return "unexpected: " + runner.all(tasks).await();
    } catch (TaskFailedException e) {
      Throwable original = e.getCause();   // what the task threw: not wrapped, not copied
      int index = e.taskIndex();           // its position in the input list
      String name = e.taskName();          // its name, or null
      return "errors: " + name + " (task " + index + ") threw " + original;
    } catch (GatherTimeoutException e) {
      return "timed out after " + e.timeout();
    }
  }

  static String choosingBackend() {
    List<String> available = ConcurrentRunner.backends(); // highest priority first
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try (ConcurrentRunner byDiscovery = ConcurrentRunner.create();
        ConcurrentRunner byName = ConcurrentRunner.create("completablefuture");
        ConcurrentRunner custom = ConcurrentRunner.builder()
            .backend("completablefuture")
            .executor(pool)                          // the runner never shuts it down
            .failureHandler(QuickStart::alert)       // failures no caller can see any more
            .build()) {
      return "backends: " + available + "; create() chose " + byDiscovery.backend()
          + ", create(name) " + byName.backend() + ", builder " + custom.backend();
    } finally {
      pool.shutdown();
    }
  }

  private static void alert(FailureEvent event) {
    System.getLogger("quickstart")
        .log(System.Logger.Level.ERROR, event.toString(), event.failure());
  }

  private static String fetch(String page) throws InterruptedException {
    Thread.sleep(20);
    return "page " + page;
  }

  private static String loadName() throws InterruptedException {
    Thread.sleep(20);
    return "Ada";
  }

  private static int countItems() throws InterruptedException {
    Thread.sleep(20);
    return 3;
  }

  private static CompletableFuture<String> fetchQuoteAsync(String currency) {
    return CompletableFuture.supplyAsync(() -> "1.08 " + currency);
  }
}
