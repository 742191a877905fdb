package io.flowcast.stream.bench;

import java.io.Serializable;
import java.util.function.Consumer;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * The benchmarks' sink: keeps nothing and hands every element to a consumer that its {@link Target}
 * opens once per writer, typically the benchmark run's tally looked up by run id in a JVM-wide map
 * (the local MiniCluster runs in the benchmark's JVM).
 *
 * @param <T> the element type
 */
final class BenchSink<T> implements Sink<T> {
    private static final long serialVersionUID = 1L;

    /** Opens the consumer of one writer, on the task; serializable with the sink. */
    @FunctionalInterface
    interface Target<T> extends Serializable {
        Consumer<T> open();
    }

    private final Target<T> target;

    BenchSink(Target<T> target) {
        this.target = target;
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) {
        return new Writer<>(target.open());
    }

    /** Flink 1.20 still declares this variant abstract. */
    @Deprecated
    public SinkWriter<T> createWriter(InitContext context) {
        return new Writer<>(target.open());
    }

    private static final class Writer<T> implements SinkWriter<T> {
        private final Consumer<T> consumer;

        Writer(Consumer<T> consumer) {
            this.consumer = consumer;
        }

        @Override
        public void write(T element, Context context) {
            consumer.accept(element);
        }

        @Override
        public void flush(boolean endOfInput) {}

        @Override
        public void close() {}
    }
}
