package io.flowcast.stream.local.simulator;

import java.util.List;

/**
 * Where the simulator's records go: Kinesis in production ({@link KinesisPublisher}), anything else
 * when the simulator is embedded (an in-memory list in tests, a direct hand-off in a local run).
 *
 * <p>In: the records of one tick, in order. Contract: {@link #publish(List)} returns only once
 * every record is accepted, and throws {@link PublishException} if that cannot be achieved; the
 * simulator then stops. Called from the simulator's thread only.
 */
public interface RecordPublisher extends AutoCloseable {

    /**
     * Sends the records.
     *
     * @throws PublishException if some records could not be delivered
     */
    void publish(List<TelemetryRecord> records);

    /** Releases connections; the default does nothing. */
    @Override
    default void close() {}
}
