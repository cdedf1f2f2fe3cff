package io.github.concurrentrunner.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.concurrentrunner.ConcurrentRunner;
import io.github.concurrentrunner.ContextHook;
import io.github.concurrentrunner.GatherListener;
import io.github.concurrentrunner.GatherOptions;
import io.github.concurrentrunner.Pair;
import io.github.concurrentrunner.Task;
import io.github.concurrentrunner.rxjava.RxTasks;
import io.reactivex.rxjava3.core.Maybe;
import io.reactivex.rxjava3.core.Single;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The Javadoc examples of {@link ContextHook}, {@link GatherListener} and {@link RxTasks}, line for line (see {@link
 * ExampleReadmeSnippetsTest}), run on the default backend.
 */
class ContextAndObservationExamplesTest {

  /** {@link ContextHook}'s class comment: a thread-local reaches tasks on pool threads. */
  @Test
  void contextHook() throws Exception {
    ThreadLocal<String> requestId = new ThreadLocal<>();
    ConcurrentRunner runner = ConcurrentRunner.builder()
        .contextHook(ContextHook.ofThreadLocal(requestId))
        .build();
    try (runner) {
      requestId.set("request-7");
      List<String> seen =
          runner
              .all(
                  List.of(Task.of(requestId::get), Task.of(requestId::get), Task.of(requestId::get)),
                  GatherOptions.builder().maxConcurrency(1).build())
              .await();
      assertThat(seen).containsExactly("request-7", "request-7", "request-7");
    } finally {
      requestId.remove();
    }
  }

  /** {@link GatherListener}'s class comment: the listener has seen the end when await returns. */
  @Test
  void gatherListener() throws Exception {
    List<String> log = new CopyOnWriteArrayList<>();
    ConcurrentRunner runner = ConcurrentRunner.builder()
        .listener(gather -> new GatherListener.Observer() {
          @Override
          public void gatherEnded(GatherListener.GatherEnded end) {
            log.add(end.operation() + " of " + end.taskCount() + ": " + end.kind());
          }
        })
        .build();
    try (runner) {
      runner.all(List.of(Task.of(() -> "a"), Task.of(() -> "b"))).await();
      assertThat(log).containsExactly("all of 2: SUCCESS");
    }
  }

  /** {@link RxTasks}' class comment. */
  @Test
  void rxTasks() throws Exception {
    String id = "42";
    try (ConcurrentRunner runner = ConcurrentRunner.create()) {
      Single<String> user = Single.fromCallable(() -> loadUser(id)); // cold: nothing runs yet
      Maybe<String> avatar = Maybe.empty();                          // may be empty: null
      Pair<String, String> both = runner.both(
          RxTasks.single("user", user), RxTasks.maybe("avatar", avatar)).await();
      assertThat(both).isEqualTo(new Pair<String, String>("user 42", null));
    }
  }

  private static String loadUser(String id) {
    return "user " + id;
  }
}
