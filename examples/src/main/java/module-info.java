/**
 * Runnable examples of concurrent-runner. They use {@code ConcurrentRunner.create()}, so the
 * backend is found by discovery: on the module path through the backends' {@code provides}
 * clauses, which is why this module requires only the API (and the JDK modules of the HTTP
 * example), never a backend; the Hazelcast example alone builds its runner from a cluster member,
 * through a {@code requires static} (compile time) dependency.
 */
module io.github.concurrentrunner.examples {
  requires io.github.concurrentrunner;
  // DistributedTwoTasks only: optional at run time, so discovery still needs no backend module
  requires static io.github.concurrentrunner.hazelcast;
  requires java.logging; // DistributedTwoTasks quiets Hazelcast's INFO lines
  requires java.net.http;
  requires jdk.httpserver;

  // Only for WhichBackend, which prints the module its backend's provider came from.
  uses io.github.concurrentrunner.spi.ConcurrentRunnerProvider;
}
