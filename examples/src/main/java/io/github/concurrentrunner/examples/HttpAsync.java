package io.github.concurrentrunner.examples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.concurrentrunner.ConcurrentRunner;
import io.github.concurrentrunner.GatherOptions;
import io.github.concurrentrunner.GatherTimeoutException;
import io.github.concurrentrunner.Task;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Async tasks: HTTP calls with {@link HttpClient#sendAsync}, which occupy no thread while they
 * wait. The example starts its own little server on 127.0.0.1 (a free port, loopback only) with
 * three quick endpoints and one that takes 10 s, then:
 *
 * <ol>
 *   <li>gathers the three quick endpoints with {@code all}: about 200 ms (the slowest), not 450 ms;
 *   <li>races the slow endpoint against a quick one with {@code race}: the quick one wins and the
 *       slow call's future is cancelled;
 *   <li>gathers a quick and the slow endpoint with {@code all} and a 500 ms {@code timeout}:
 *       {@link GatherTimeoutException}, and again the slow call is cancelled.
 * </ol>
 *
 * <pre>{@code
 * HttpAsync on backend completablefuture (server on http://127.0.0.1:41235)
 *   all: [{"user":"ada"}, {"orders":[1001,1002]}, {"prices":"EUR"}] in 212 ms
 *   race: {"user":"ada"}; the slow call was cancelled and has ended: true
 *   all with timeout: all() timed out after PT0.5S on backend ... with 1 task unfinished
 *     the slow call was cancelled and has ended: true
 * }</pre>
 */
public final class HttpAsync {

  /**
   * What the example found.
   *
   * @param backend the backend that ran it
   * @param bodies the bodies of the three quick endpoints, in input order
   * @param allElapsed how long the {@code all} of the quick endpoints took
   * @param raceBody the body that won the race
   * @param raceCancelledSlowCall whether the race cancelled the slow call's future
   * @param timeout what the {@code all} with a timeout threw
   * @param timeoutCancelledSlowCall whether the timeout cancelled the slow call's future
   */
  public record Result(
      String backend,
      List<String> bodies,
      Duration allElapsed,
      String raceBody,
      boolean raceCancelledSlowCall,
      GatherTimeoutException timeout,
      boolean timeoutCancelledSlowCall) {}

  private HttpAsync() {}

  /**
   * Runs the example on the backend chosen by {@code -Dconcurrentrunner.backend}.
   *
   * @param args ignored
   * @throws IOException if the local server cannot start
   * @throws InterruptedException if interrupted while waiting
   */
  public static void main(String[] args) throws IOException, InterruptedException {
    run(System.out);
  }

  /**
   * Runs the example and prints what happens.
   *
   * @param out where to print
   * @return what the example found
   * @throws IOException if the local server cannot start
   * @throws InterruptedException if interrupted while waiting
   */
  public static Result run(PrintStream out) throws IOException, InterruptedException {
    try (LocalServer server = LocalServer.start();
        ConcurrentRunner runner = ConcurrentRunner.create()) {
      out.println("HttpAsync on backend " + runner.backend() + " (server on " + server.uri + ")");
      HttpClient client = HttpClient.newHttpClient();

      // 1. Three calls at once; the results come back in input order.
      long start = System.nanoTime();
      List<HttpResponse<String>> responses = runner.all(List.of(
          get(client, server.uri, "/user"),
          get(client, server.uri, "/orders"),
          get(client, server.uri, "/prices"))).await();
      Duration allElapsed = Duration.ofNanos(System.nanoTime() - start);
      List<String> bodies = responses.stream().map(HttpResponse::body).toList();
      out.println("  all: " + bodies + " in " + allElapsed.toMillis() + " ms");

      // 2. The first to answer wins; the other call is cancelled, and has ended when await()
      //    returns: a gather never leaves a task running behind it.
      AtomicReference<CompletableFuture<HttpResponse<String>>> slowCall = new AtomicReference<>();
      Task<HttpResponse<String>> slow = Task.async("slow", () -> {
        CompletableFuture<HttpResponse<String>> call =
            client.sendAsync(request(server.uri, "/slow"), BodyHandlers.ofString());
        slowCall.set(call); // kept only to show below that it was cancelled
        return call;
      });
      HttpResponse<String> winner =
          runner.race(List.of(slow, get(client, server.uri, "/user"))).await();
      boolean raceCancelledSlowCall = endedByCancellation(slowCall.get());
      out.println("  race: " + winner.body() + "; the slow call was cancelled and has ended: "
          + raceCancelledSlowCall);

      // 3. A deadline for the whole gather.
      GatherOptions halfASecond = GatherOptions.builder().timeout(Duration.ofMillis(500)).build();
      GatherTimeoutException timeout = null;
      try {
        runner.all(List.of(get(client, server.uri, "/user"), slow), halfASecond).await();
      } catch (GatherTimeoutException e) {
        timeout = e;
      }
      boolean timeoutCancelledSlowCall = endedByCancellation(slowCall.get());
      out.println("  all with timeout: " + timeout.getMessage());
      out.println("    the slow call was cancelled and has ended: " + timeoutCancelledSlowCall);

      return new Result(runner.backend(), bodies, allElapsed, winner.body(),
          raceCancelledSlowCall, timeout, timeoutCancelledSlowCall);
    }
  }

  /**
   * An async task for {@code GET base+path}. It returns the very future of {@code sendAsync}: the
   * runner cancels that future to abort the call. A future derived from it, such as {@code
   * sendAsync(...).thenApply(HttpResponse::body)}, would be cancelled alone, and the call it
   * depends on would go on.
   */
  private static Task<HttpResponse<String>> get(HttpClient client, URI base, String path) {
    HttpRequest request = request(base, path);
    return Task.async(path, () -> client.sendAsync(request, BodyHandlers.ofString()));
  }

  /**
   * Whether a call ended because it was cancelled. When {@code await()} returns, the cancelled
   * call has already ended: a gather completes only once the tasks it cancelled have finished.
   * The HTTP client then completes the future either as cancelled or with a {@code
   * CompletionException} whose cause is a {@code CancellationException("Request cancelled")}
   * (whichever comes first), so {@code isCancelled()} alone would not tell.
   */
  private static boolean endedByCancellation(CompletableFuture<?> call) {
    if (!call.isDone()) {
      return false;
    }
    Throwable failure = call.handle((value, thrown) -> thrown).join();
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof CancellationException) {
        return true;
      }
    }
    return false;
  }

  private static HttpRequest request(URI base, String path) {
    return HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30)).build();
  }

  /**
   * A server on the loopback interface, on a free port, whose endpoints answer after a delay.
   * Closing it releases the requests still waiting, stops it and its threads.
   */
  private static final class LocalServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService handlers;
    private final CountDownLatch closing = new CountDownLatch(1);
    final URI uri;

    private LocalServer(HttpServer server, ExecutorService handlers) {
      this.server = server;
      this.handlers = handlers;
      this.uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    static LocalServer start() throws IOException {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      // Handlers block while they wait, so they need their own threads: by default they run on
      // the server's single dispatcher thread, one after the other.
      ExecutorService handlers = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "example-http-handler");
        thread.setDaemon(true);
        return thread;
      });
      server.setExecutor(handlers);
      LocalServer local = new LocalServer(server, handlers);
      local.respond("/user", 100, "{\"user\":\"ada\"}");
      local.respond("/orders", 200, "{\"orders\":[1001,1002]}");
      local.respond("/prices", 150, "{\"prices\":\"EUR\"}");
      local.respond("/slow", 10_000, "{\"slow\":true}");
      server.start();
      return local;
    }

    private void respond(String path, long delayMillis, String body) {
      server.createContext(path, exchange -> {
        try {
          boolean serverClosing = closing.await(delayMillis, TimeUnit.MILLISECONDS);
          send(exchange, serverClosing ? 503 : 200, serverClosing ? "closing" : body);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } catch (IOException clientGone) {
          // The client cancelled the call and closed the connection: nothing to answer.
        } finally {
          exchange.close();
        }
      });
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(status, bytes.length);
      try (OutputStream stream = exchange.getResponseBody()) {
        stream.write(bytes);
      }
    }

    @Override
    public void close() {
      closing.countDown();
      server.stop(0);
      handlers.shutdownNow();
    }
  }
}
