/**
 * The Hazelcast backend of concurrent-runner: blocking tasks run on the members of a Hazelcast
 * cluster, under the contract's REMOTE profile. Start with {@link
 * io.github.concurrentrunner.hazelcast.HazelcastRunners}; {@link
 * io.github.concurrentrunner.hazelcast.EmbeddedMember} starts a loopback member for development.
 */
package io.github.concurrentrunner.hazelcast;
