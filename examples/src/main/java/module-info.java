/**
 * Runnable examples of concurrent-runner. They use {@code ConcurrentRunner.create()}, so the
 * backend is found by discovery: on the module path through the backends' {@code provides}
 * clauses, which is why this module requires only the API (and the JDK modules of the HTTP
 * example), never a backend.
 */
module io.github.concurrentrunner.examples {
  requires io.github.concurrentrunner;
  requires java.net.http;
  requires jdk.httpserver;

  // Only for WhichBackend, which prints the module its backend's provider came from.
  uses io.github.concurrentrunner.spi.ConcurrentRunnerProvider;
}
