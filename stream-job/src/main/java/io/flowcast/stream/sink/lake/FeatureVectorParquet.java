package io.flowcast.stream.sink.lake;

import static io.flowcast.stream.sink.lake.LakeSchemas.optional;
import static io.flowcast.stream.sink.lake.LakeSchemas.optionalMap;
import static io.flowcast.stream.sink.lake.LakeSchemas.optionalString;
import static io.flowcast.stream.sink.lake.LakeSchemas.optionalStringList;
import static io.flowcast.stream.sink.lake.LakeSchemas.required;
import static io.flowcast.stream.sink.lake.LakeSchemas.requiredTimestamp;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.DOUBLE;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.INT32;

import io.flowcast.stream.window.FeatureVector;
import org.apache.parquet.schema.MessageType;

/**
 * The {@value #DATASET} dataset, the retraining data: one row per {@link FeatureVector}, the model
 * input ({@code MAP<string, double>}, model order, null = missing) beside the window's actual
 * target value, with the sample counts and the signals that were missing or carried forward.
 * Schema: {@code schemas/lake/features.parquet.txt}.
 */
public final class FeatureVectorParquet implements ParquetRecordMapper<FeatureVector> {
    private static final long serialVersionUID = 1L;

    public static final String DATASET = "features";

    static final MessageType SCHEMA =
            new MessageType(
                    "feature_vector",
                    optionalString("asset_id"),
                    optionalString("asset_type"),
                    required(INT32, "spec_version"),
                    requiredTimestamp("window_start"),
                    requiredTimestamp("window_end"),
                    optionalMap("features", DOUBLE),
                    optionalString("target_signal"),
                    optionalString("target_statistic"),
                    optional(DOUBLE, "target_actual"),
                    required(INT32, "sample_count"),
                    required(INT32, "duplicate_samples"),
                    optionalMap("signal_sample_counts", INT32),
                    optionalStringList("missing_signals"),
                    optionalStringList("carried_forward"));

    @Override
    public String dataset() {
        return DATASET;
    }

    @Override
    public MessageType schema() {
        return SCHEMA;
    }

    @Override
    public void write(FeatureVector v, ParquetRow row) {
        row.string("asset_id", v.assetId);
        row.string("asset_type", v.assetType);
        row.int32("spec_version", v.specVersion);
        row.int64("window_start", v.windowStart);
        row.int64("window_end", v.windowEnd);
        row.doubleMap("features", v.featureNames, v.features);
        row.string("target_signal", v.targetSignal);
        row.string("target_statistic", v.targetStatistic);
        row.float64("target_actual", v.targetActual);
        row.int32("sample_count", v.sampleCount);
        row.int32("duplicate_samples", v.duplicateSamples);
        row.intMap("signal_sample_counts", v.signals, v.signalSampleCounts);
        row.stringList("missing_signals", v.missingSignals);
        row.stringList("carried_forward", v.carriedForward);
    }
}
