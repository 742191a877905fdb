package io.flowcast.stream.sink.lake;

import java.io.Serializable;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.functions.sink.filesystem.BucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.SimpleVersionedStringSerializer;

/**
 * Assigns each record to its {@link LakePartitions partition} path from the record's own event
 * time, never the processing time, so a replay writes into the partition the first run used.
 *
 * @param <T> the record type
 */
public final class LakeBucketAssigner<T> implements BucketAssigner<T, String> {
    private static final long serialVersionUID = 1L;

    /** The partition path of a record, e.g. {@code asset_type=pump/dt=2026-11-22/hour=04}. */
    @FunctionalInterface
    public interface Partitioner<T> extends Serializable {
        String partitionOf(T record);
    }

    private final Partitioner<T> partitioner;

    public LakeBucketAssigner(Partitioner<T> partitioner) {
        this.partitioner = partitioner;
    }

    @Override
    public String getBucketId(T element, Context context) {
        return partitioner.partitionOf(element);
    }

    @Override
    public SimpleVersionedSerializer<String> getSerializer() {
        return SimpleVersionedStringSerializer.INSTANCE;
    }

    @Override
    public String toString() {
        return "LakeBucketAssigner";
    }
}
