package io.github.concurrentrunner.hazelcast;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.io.IOException;

/**
 * A cluster member in a child JVM, for the crash test: {@code ChildMember <cluster> <port> <role>}
 * (the role becomes the member attribute {@value #ROLE}). It prints {@value #READY} once it runs, and ends when its standard input closes (the
 * test ends or dies) or when it is killed.
 */
public final class ChildMember {
  static final String READY = "child member ready";

  /** The member attribute that holds the child's role. */
  static final String ROLE = "role";

  private ChildMember() {}

  public static void main(String[] args) throws IOException {
    Config config =
        LoopbackCluster.member(args[0], Integer.parseInt(args[1]))
            .instanceName(args[0] + "-" + args[2])
            .config();
    config.getMemberAttributeConfig().setAttribute(ROLE, args[2]);
    HazelcastInstance member = Hazelcast.newHazelcastInstance(config);
    System.out.println(READY);
    System.out.flush();
    while (System.in.read() >= 0) {
      // wait for the parent to close our input
    }
    member.getLifecycleService().terminate();
    System.exit(0);
  }
}
