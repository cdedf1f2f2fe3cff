package io.github.concurrentrunner.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.HazelcastInstance;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;

/**
 * A cluster of embedded members on 127.0.0.1 for one test class: its own cluster name (with a
 * random suffix) and its own port range, so that test classes running at once, in this JVM or in
 * another fork, never join each other.
 */
final class LoopbackCluster implements AutoCloseable {
  /** Members get this many ports, so that a port held by someone else does not fail the start. */
  static final int PORT_COUNT = 10;

  /** Threads per member for the runner's tasks: enough for the kit's 64 blocked tasks (R2). */
  static final int POOL_SIZE = 32;

  final String name;
  final int port;
  final List<HazelcastInstance> members = new ArrayList<>();

  LoopbackCluster(String name, int port) {
    this.name = name;
    this.port = port;
  }

  /** Starts {@code size} members of a new cluster whose ports start at {@code port}. */
  static LoopbackCluster start(String prefix, int port, int size) {
    return start(prefix, port, size, false);
  }

  /**
   * Starts {@code size} members of a new cluster whose ports start at {@code port}; with {@code
   * liteFirst}, the first (the one runners use) is a lite member that runs no tasks.
   */
  static LoopbackCluster start(String prefix, int port, int size, boolean liteFirst) {
    LoopbackCluster cluster =
        new LoopbackCluster(prefix + "-" + UUID.randomUUID().toString().substring(0, 8), port);
    try {
      for (int i = 0; i < size; i++) {
        cluster.members.add(
            cluster
                .member()
                .instanceName(cluster.name + "-" + i)
                .liteMember(liteFirst && i == 0)
                .start());
      }
      cluster.awaitSize(size);
    } catch (RuntimeException | Error e) {
      cluster.close();
      throw e;
    }
    return cluster;
  }

  /** A builder for one more member of this cluster. */
  EmbeddedMember.Builder member() {
    return member(name, port);
  }

  /** A member of the named cluster: the settings every member of it uses, child JVMs included. */
  static EmbeddedMember.Builder member(String name, int port) {
    return EmbeddedMember.builder()
        .clusterName(name)
        .port(port)
        .portCount(PORT_COUNT)
        .executorPoolSize(POOL_SIZE)
        // a crashed member is removed within seconds, not the default minute
        .property("hazelcast.heartbeat.interval.seconds", "1")
        .property("hazelcast.max.no.heartbeat.seconds", "8");
  }

  HazelcastInstance first() {
    return members.get(0);
  }

  /** Adds a member of this JVM to the cluster. */
  HazelcastInstance add(EmbeddedMember.Builder builder) {
    HazelcastInstance member = builder.start();
    members.add(member);
    return member;
  }

  /** Waits until the first member sees {@code size} members. */
  void awaitSize(int size) {
    Awaitility.await("a cluster of " + size + " members")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(50))
        .untilAsserted(
            () -> assertThat(first().getCluster().getMembers()).hasSize(size));
  }

  @Override
  public void close() {
    for (HazelcastInstance member : members) {
      member.getLifecycleService().terminate();
    }
    members.clear();
  }
}
