/**
 * The RxJava 3 backend of concurrent-runner. Provides the {@code rxjava} backend to {@code
 * io.github.concurrentrunner.ConcurrentRunner} and exports {@link
 * io.github.concurrentrunner.rxjava.RxGathers}, which turns a gather's handle into a {@code
 * Single} or a {@code Maybe}.
 *
 * <p>Both dependencies are transitive because {@code RxGathers} takes a {@code GatherHandle} and
 * returns RxJava types.
 */
module io.github.concurrentrunner.rxjava {
  requires transitive io.github.concurrentrunner;
  requires transitive io.reactivex.rxjava3;

  exports io.github.concurrentrunner.rxjava;

  provides io.github.concurrentrunner.spi.ConcurrentRunnerProvider with
      io.github.concurrentrunner.rxjava.RxJavaRunnerProvider;
}
