package io.flowcast.stream.sink.lake;

import io.flowcast.stream.deadletter.DeadLetter;
import io.flowcast.stream.drift.DriftEvent;
import io.flowcast.stream.inference.Prediction;
import io.flowcast.stream.window.FeatureVector;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;

/**
 * Builds the data lake's exactly-once Parquet sinks ({@code FileSink.forBulkFormat}):
 *
 * <pre>
 * &lt;path&gt;/predictions/asset_type=&lt;type&gt;/dt=YYYY-MM-DD/hour=HH/predictions-&lt;uuid&gt;-&lt;n&gt;.parquet
 * &lt;path&gt;/features/asset_type=&lt;type&gt;/dt=YYYY-MM-DD/hour=HH/features-&lt;uuid&gt;-&lt;n&gt;.parquet
 * &lt;path&gt;/dead-letters/dt=YYYY-MM-DD/hour=HH/dead-letters-&lt;uuid&gt;-&lt;n&gt;.parquet
 * &lt;path&gt;/drift-events/asset_type=&lt;type&gt;/dt=YYYY-MM-DD/hour=HH/drift-events-&lt;uuid&gt;-&lt;n&gt;.parquet
 * </pre>
 *
 * <p>Part files are written hidden ({@code .predictions-...inprogress...}; on S3 as a pending
 * multipart upload) and become visible only when the checkpoint after them completes, so each
 * record is in the committed files exactly once within one job's checkpoint lineage (restores
 * included). Without checkpointing nothing is ever committed. Partitions come from event time (see
 * {@link LakePartitions}).
 */
public final class LakeSinks {

    /** The suffix of every part file. */
    public static final String PART_SUFFIX = ".parquet";

    private LakeSinks() {}

    /** Predictions, partitioned by asset type and the hour of the window end. */
    public static FileSink<Prediction> predictions(LakeConfig config) {
        return create(config, new PredictionParquet(), LakePartitions::of);
    }

    /** Feature vectors with their actual target (retraining data), partitioned as predictions. */
    public static FileSink<FeatureVector> features(LakeConfig config) {
        return create(config, new FeatureVectorParquet(), LakePartitions::of);
    }

    /** Dead letters, partitioned by the hour of their arrival. */
    public static FileSink<DeadLetter> deadLetters(LakeConfig config) {
        return create(config, new DeadLetterParquet(), LakePartitions::of);
    }

    /**
     * Drift events, one row per drift episode, partitioned by asset type and the hour of the
     * episode's last window end (event time: a replayed event lands in the same partition).
     */
    public static FileSink<DriftEvent> driftEvents(LakeConfig config) {
        return create(config, new DriftEventParquet(), LakePartitions::of);
    }

    static <T> FileSink<T> create(
            LakeConfig config,
            ParquetRecordMapper<T> mapper,
            LakeBucketAssigner.Partitioner<T> partitioner) {
        long rolloverMillis = config.rolloverInterval().toMillis();
        return FileSink.forBulkFormat(
                        new Path(config.datasetPath(mapper.dataset())),
                        LakeParquetWriters.factory(mapper, config))
                .withBucketAssigner(new LakeBucketAssigner<>(partitioner))
                .withRollingPolicy(new LakeRollingPolicy<>(config.partMaxBytes(), rolloverMillis))
                .withBucketCheckInterval(Math.min(rolloverMillis, 60_000L))
                .withOutputFileConfig(
                        OutputFileConfig.builder()
                                .withPartPrefix(mapper.dataset())
                                .withPartSuffix(PART_SUFFIX)
                                .build())
                .build();
    }

    /**
     * True for the name of a committed part file: in-progress and pending files are hidden (their
     * names start with a dot) until the checkpoint that covers them completes.
     */
    public static boolean isCommittedPartFile(String fileName) {
        return !fileName.startsWith(".") && fileName.endsWith(PART_SUFFIX);
    }
}
