package io.github.concurrentrunner.hazelcast;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.github.concurrentrunner.spi.ConcurrentRunnerProvider;
import io.github.concurrentrunner.spi.TaskDriver;
import java.util.Objects;
import java.util.Set;

/**
 * Provides the {@value #NAME} backend, a REMOTE driver. A Hazelcast runner runs on a member that
 * the application started, so it is usually built with {@link
 * HazelcastRunners#create(HazelcastInstance)} or {@link HazelcastRunners#builder(HazelcastInstance)}
 * (which hands {@code ConcurrentRunner.builder().provider(...)} a provider bound to the member). Found by discovery ({@code
 * ConcurrentRunner.create("hazelcast")}), this provider uses the member whose instance name is
 * in the system property {@value #INSTANCE_PROPERTY}, else the one Hazelcast member running in
 * this JVM, and fails with an explanation when there is none or more than one.
 *
 * <p>Its priority is the lowest of the first-party backends: adding this backend to an
 * application never sends the application's other gathers to a cluster unless it asks for {@value
 * #NAME} by name.
 */
public final class HazelcastRunnerProvider implements ConcurrentRunnerProvider {
  /** The backend's name. */
  public static final String NAME = "hazelcast";

  /** The system property naming the member a discovered provider uses. */
  public static final String INSTANCE_PROPERTY = "concurrentrunner.hazelcast.instance";

  private final HazelcastInstance hazelcast;
  private final String executorName;
  private final int idempotentReruns;

  /** Creates the provider found by {@link java.util.ServiceLoader}. */
  public HazelcastRunnerProvider() {
    this(null, HazelcastRunners.DEFAULT_EXECUTOR, HazelcastRunners.DEFAULT_IDEMPOTENT_RERUNS);
  }

  HazelcastRunnerProvider(HazelcastInstance hazelcast, String executorName, int idempotentReruns) {
    this.hazelcast = hazelcast;
    this.executorName = Objects.requireNonNull(executorName, "executorName");
    this.idempotentReruns = idempotentReruns;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int priority() {
    return -100;
  }

  @Override
  public TaskDriver createDriver() {
    HazelcastInstance member = hazelcast == null ? theRunningMember() : hazelcast;
    return new HazelcastDriver(new RemoteDispatcher(NAME, member, executorName, idempotentReruns));
  }

  private static HazelcastInstance theRunningMember() {
    String named = System.getProperty(INSTANCE_PROPERTY);
    if (named != null) {
      HazelcastInstance member = Hazelcast.getHazelcastInstanceByName(named);
      if (member == null) {
        throw new IllegalStateException(
            "the "
                + NAME
                + " backend cannot find the Hazelcast member named by -D"
                + INSTANCE_PROPERTY
                + "="
                + named
                + ": no running member of this JVM has that instance name");
      }
      return member;
    }
    Set<HazelcastInstance> running = Hazelcast.getAllHazelcastInstances();
    if (running.size() != 1) {
      throw new IllegalStateException(
          "the "
              + NAME
              + " backend needs a Hazelcast member: found by discovery, it uses the one member"
              + " running in this JVM, but "
              + running.size()
              + " are running; name one with -D"
              + INSTANCE_PROPERTY
              + ", or build the runner with HazelcastRunners.create(hazelcastInstance)");
    }
    return running.iterator().next();
  }

  @Override
  public String toString() {
    return "HazelcastRunnerProvider{" + (hazelcast == null ? "discovered" : hazelcast.getName()) + '}';
  }
}
