package io.github.concurrentrunner.hazelcast;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Starts an embedded Hazelcast member on the loopback interface, for development and tests: a
 * cluster that only processes of this machine can join, and only when they name the same cluster
 * and port range. It is not a production configuration; in production, build the {@link
 * HazelcastInstance} as your platform requires and hand it to {@link HazelcastRunners}.
 *
 * <p>What the member is configured with, and why:
 *
 * <ul>
 *   <li>TCP-IP join with the explicit members {@code 127.0.0.1:port..port+portCount-1}; multicast
 *       and cloud auto-detection off, so that it never joins a stranger's cluster;
 *   <li>it binds 127.0.0.1 only ({@code hazelcast.socket.bind.any=false}), never 0.0.0.0;
 *   <li>phone home off, Jet off, no shutdown hook (the caller shuts the member down);
 *   <li>no wait before joining, so that a three-member cluster starts in a few seconds;
 *   <li>logging through {@code java.util.logging}, so that nothing is printed to stdout unless the
 *       application's logging configuration says so.
 * </ul>
 *
 * <p>Give each concurrently running cluster its own {@linkplain Builder#clusterName(String) name}
 * and {@linkplain Builder#port(int) port range}, so that two test classes running at once never
 * join each other:
 *
 * <pre>{@code
 * for (int i = 0; i < 3; i++) {
 *   members.add(EmbeddedMember.builder().clusterName(cluster).port(5971).portCount(10).start());
 * }
 * HazelcastInstance member = members.get(0);
 * try (ConcurrentRunner runner = HazelcastRunners.create(member)) {
 *   // ...
 * } finally {
 *   for (HazelcastInstance member : members) {
 *     member.shutdown();
 *   }
 * }
 * }</pre>
 */
public final class EmbeddedMember {

  /** The loopback address every embedded member binds and joins on. */
  public static final String LOOPBACK = "127.0.0.1";

  private EmbeddedMember() {}

  /**
   * Returns a builder with the defaults: cluster {@code concurrent-runner-dev}, ports 5701-5703.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Configures and starts an embedded loopback member. Not thread-safe; reusable. */
  public static final class Builder {
    private String clusterName = "concurrent-runner-dev";
    private String instanceName;
    private int port = 5701;
    private int portCount = 3;
    private int executorPoolSize = 16;
    private boolean liteMember;
    private final Map<String, String> properties = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Sets the cluster name; only members with the same name join each other.
     *
     * @param clusterName the name; must not be null or empty
     * @return this builder
     */
    public Builder clusterName(String clusterName) {
      Objects.requireNonNull(clusterName, "clusterName");
      if (clusterName.isEmpty()) {
        throw new IllegalArgumentException("clusterName must not be empty");
      }
      this.clusterName = clusterName;
      return this;
    }

    /**
     * Sets the member's instance name (used in Hazelcast's thread names).
     *
     * @param instanceName the name; must not be null
     * @return this builder
     */
    public Builder instanceName(String instanceName) {
      this.instanceName = Objects.requireNonNull(instanceName, "instanceName");
      return this;
    }

    /**
     * Sets the first port of the cluster's range; the member takes the first free port of the
     * range and looks for the others on all of it.
     *
     * @param port between 1024 and 65535
     * @return this builder
     */
    public Builder port(int port) {
      if (port < 1024 || port > 65535) {
        throw new IllegalArgumentException("port must be between 1024 and 65535 but was " + port);
      }
      this.port = port;
      return this;
    }

    /**
     * Sets how many ports the range holds: the most members the cluster can have.
     *
     * @param portCount between 1 and 100
     * @return this builder
     */
    public Builder portCount(int portCount) {
      if (portCount < 1 || portCount > 100) {
        throw new IllegalArgumentException(
            "portCount must be between 1 and 100 but was " + portCount);
      }
      this.portCount = portCount;
      return this;
    }

    /**
     * Sets how many threads this member gives the runner's tasks (the pool of the executor named
     * {@value HazelcastRunners#DEFAULT_EXECUTOR}); tasks beyond it queue on the member.
     *
     * @param executorPoolSize at least 1
     * @return this builder
     */
    public Builder executorPoolSize(int executorPoolSize) {
      if (executorPoolSize < 1) {
        throw new IllegalArgumentException(
            "executorPoolSize must be at least 1 but was " + executorPoolSize);
      }
      this.executorPoolSize = executorPoolSize;
      return this;
    }

    /**
     * Makes the member a lite member: it belongs to the cluster and can run a runner, but holds no
     * data and runs no tasks of the runner.
     *
     * @param liteMember whether the member is a lite member
     * @return this builder
     */
    public Builder liteMember(boolean liteMember) {
      this.liteMember = liteMember;
      return this;
    }

    /**
     * Sets a Hazelcast property, such as {@code hazelcast.max.no.heartbeat.seconds}.
     *
     * @param name the property's name; must not be null
     * @param value its value; must not be null
     * @return this builder
     */
    public Builder property(String name, String value) {
      properties.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * Returns the configuration described by this builder, to start a member yourself or to
     * adjust it first.
     *
     * @return a new configuration
     * @throws IllegalArgumentException if the port range, {@code port} to {@code port + portCount
     *     - 1}, goes beyond 65535
     */
    public Config config() {
      if (port + portCount - 1 > 65535) {
        throw new IllegalArgumentException(
            "port + portCount - 1 must be at most 65535 but the ports were "
                + port
                + ".."
                + (port + portCount - 1));
      }
      Config config = new Config();
      config.setClusterName(clusterName);
      if (instanceName != null) {
        config.setInstanceName(instanceName);
      }
      config.setLiteMember(liteMember);
      config.setProperty("hazelcast.logging.type", "jdk");
      config.setProperty("hazelcast.phone.home.enabled", "false");
      config.setProperty("hazelcast.socket.bind.any", "false");
      config.setProperty("hazelcast.shutdownhook.enabled", "false");
      config.setProperty("hazelcast.wait.seconds.before.join", "0");
      properties.forEach(config::setProperty);
      config.getJetConfig().setEnabled(false);
      NetworkConfig network = config.getNetworkConfig();
      network.setPort(port).setPortCount(portCount).setPortAutoIncrement(true);
      network.getInterfaces().setEnabled(true).addInterface(LOOPBACK);
      JoinConfig join = network.getJoin();
      join.getMulticastConfig().setEnabled(false);
      join.getAutoDetectionConfig().setEnabled(false);
      // a member without a port: Hazelcast tries port..port+tcp.join.port.try.count-1 on it
      config.setProperty("hazelcast.tcp.join.port.try.count", String.valueOf(portCount));
      join.getTcpIpConfig().setEnabled(true).addMember(LOOPBACK);
      config.getExecutorConfig(HazelcastRunners.DEFAULT_EXECUTOR).setPoolSize(executorPoolSize);
      config.getExecutorConfig(HazelcastRunners.CONTROL_EXECUTOR).setPoolSize(2);
      return config;
    }

    /**
     * Starts a member with this configuration; it joins the members already running in the range.
     *
     * @return the running member; shut it down with {@link HazelcastInstance#shutdown()}
     * @throws IllegalArgumentException if the port range goes beyond 65535 (see {@link #config()})
     */
    public HazelcastInstance start() {
      return Hazelcast.newHazelcastInstance(config());
    }
  }
}
