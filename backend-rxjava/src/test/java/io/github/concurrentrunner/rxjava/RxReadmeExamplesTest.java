package io.github.concurrentrunner.rxjava;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.concurrentrunner.ConcurrentRunner;
import io.github.concurrentrunner.Task;
import io.github.concurrentrunner.rxjava.RxGathers;
import io.reactivex.rxjava3.core.Maybe;
import io.reactivex.rxjava3.core.Single;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Runs the snippet of the README's section for RxJava users (the README test of the examples
 * module checks that the README's copy matches these lines), and checks it does what the README
 * says.
 */
class RxReadmeExamplesTest {
  record Price(String symbol, long cents) {}

  private final List<Task<Price>> quoteTasks =
      List.of(
          Task.of(() -> new Price("ACME", 12_50)),
          Task.async(() -> CompletableFuture.completedFuture(new Price("INIT", 99))));

  private final List<Task<String>> mirrors = List.of(Task.of(() -> "mirror-1"));

  @Test
  void readmeSnippetGathersIntoSingleAndMaybe() {
    try (ConcurrentRunner runner = ConcurrentRunner.create("rxjava")) {
      // Hot: the gather starts now; the Single is a view of it.
      Single<List<Price>> prices = RxGathers.toSingle(runner.all(quoteTasks));

      // Cold, the RxJava way: a new gather for each subscription.
      Single<List<Price>> fresh = Single.defer(() -> RxGathers.toSingle(runner.all(quoteTasks)));

      // A result that may be null (the winner of any/race, a combiner's result): use a Maybe.
      Maybe<String> first = RxGathers.toMaybe(runner.race(mirrors));
      // ...
      assertThat(runner.backend()).isEqualTo("rxjava");
      List<Price> expected = List.of(new Price("ACME", 12_50), new Price("INIT", 99));
      assertThat(prices.blockingGet()).isEqualTo(expected);
      assertThat(fresh.blockingGet()).isEqualTo(expected);
      assertThat(fresh.blockingGet()).as("a second subscription, a second gather").isEqualTo(expected);
      assertThat(first.blockingGet()).isEqualTo("mirror-1");
    }
  }
}
