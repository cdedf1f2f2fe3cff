/**
 * The Hazelcast backend of concurrent-runner: blocking tasks run on the members of a Hazelcast
 * cluster under the contract's REMOTE profile. Build runners with {@link
 * io.github.concurrentrunner.hazelcast.HazelcastRunners}; the backend is also found through {@code
 * io.github.concurrentrunner.ConcurrentRunner.create("hazelcast")} when one member runs in the JVM.
 */
module io.github.concurrentrunner.hazelcast {
  requires transitive io.github.concurrentrunner;
  requires transitive com.hazelcast.core;

  exports io.github.concurrentrunner.hazelcast;

  provides io.github.concurrentrunner.spi.ConcurrentRunnerProvider with
      io.github.concurrentrunner.hazelcast.HazelcastRunnerProvider;
}
