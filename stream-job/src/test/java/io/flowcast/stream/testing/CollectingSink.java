package io.flowcast.stream.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * An in-memory sink for MiniCluster tests: every parallel writer appends to one JVM-wide queue
 * owned by this sink instance (the MiniCluster runs in the test's JVM).
 */
public final class CollectingSink<T> implements Sink<T> {
    private static final long serialVersionUID = 1L;
    private static final Map<String, Queue<Object>> QUEUES = new ConcurrentHashMap<>();

    private final String id = UUID.randomUUID().toString();

    public CollectingSink() {
        QUEUES.put(id, new ConcurrentLinkedQueue<>());
    }

    /** What has arrived so far. */
    @SuppressWarnings("unchecked")
    public List<T> values() {
        return new ArrayList<>((Queue<T>) (Queue<?>) QUEUES.get(id));
    }

    public int size() {
        return QUEUES.get(id).size();
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) {
        return writer();
    }

    /** Flink 1.20 still declares this variant abstract; 2.x removes it. */
    @Deprecated
    public SinkWriter<T> createWriter(InitContext context) {
        return writer();
    }

    private SinkWriter<T> writer() {
        Queue<Object> queue = QUEUES.get(id);
        return new SinkWriter<T>() {
            @Override
            public void write(T element, Context context) {
                queue.add(element);
            }

            @Override
            public void flush(boolean endOfInput) {}

            @Override
            public void close() {}
        };
    }
}
