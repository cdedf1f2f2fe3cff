package io.github.concurrentrunner.hazelcast;

import io.github.concurrentrunner.spi.ConcurrentRunnerProvider;
import io.github.concurrentrunner.tck.ConcurrentRunnerTck;
import io.github.concurrentrunner.tck.TckProfile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The TCK in its REMOTE profile against a 3-member cluster on loopback, embedded in the test's JVM
 * (the profile needs that: the kit's latches are shared with the task bodies).
 */
class HazelcastTckTest extends ConcurrentRunnerTck {
  private static LoopbackCluster cluster;

  @BeforeAll
  static void startCluster() {
    cluster = LoopbackCluster.start("tck", 5801, 3);
    // discovery (R25) finds the backend by name: it uses the member this property names
    System.setProperty(HazelcastRunnerProvider.INSTANCE_PROPERTY, cluster.first().getName());
  }

  @AfterAll
  static void stopCluster() {
    System.clearProperty(HazelcastRunnerProvider.INSTANCE_PROPERTY);
    if (cluster != null) {
      cluster.close();
    }
  }

  @Override
  protected ConcurrentRunnerProvider provider() {
    return HazelcastRunners.builder(cluster.first()).provider();
  }

  @Override
  protected TckProfile profile() {
    return TckProfile.REMOTE;
  }

  /**
   * Hazelcast's own threads outlive a closed runner: the members' pools ({@code hz.<member>.*},
   * started lazily) and their networking threads, named after the member ({@code
   * <cluster>-<n>-NioNetworking-*}, started when a connection closes, which happens under load).
   */
  @Override
  protected boolean isLibraryThread(Thread thread) {
    String name = thread.getName();
    return name.startsWith("hz.") || name.startsWith(cluster.name + "-");
  }
}
