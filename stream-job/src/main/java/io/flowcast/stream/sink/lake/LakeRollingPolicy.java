package io.flowcast.stream.sink.lake;

import org.apache.flink.streaming.api.functions.sink.filesystem.PartFileInfo;
import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.CheckpointRollingPolicy;

/**
 * Closes a part file at every checkpoint (a bulk format cannot resume a half-written file, and
 * closing is what lets the checkpoint commit it: exactly-once), and earlier when it reaches a size
 * or has been open for a while. Size counts bytes already flushed to the stream: Parquet buffers a
 * row group in memory before flushing it.
 *
 * @param <IN> the record type
 */
public final class LakeRollingPolicy<IN> extends CheckpointRollingPolicy<IN, String> {
    private static final long serialVersionUID = 1L;

    private final long maxPartBytes;
    private final long rolloverMillis;

    public LakeRollingPolicy(long maxPartBytes, long rolloverMillis) {
        this.maxPartBytes = maxPartBytes;
        this.rolloverMillis = rolloverMillis;
    }

    @Override
    public boolean shouldRollOnEvent(PartFileInfo<String> partFileState, IN element)
            throws java.io.IOException {
        return partFileState.getSize() >= maxPartBytes;
    }

    @Override
    public boolean shouldRollOnProcessingTime(
            PartFileInfo<String> partFileState, long currentTime) {
        return currentTime - partFileState.getCreationTime() >= rolloverMillis;
    }
}
