package io.flowcast.stream.sink.lake;

import static io.flowcast.stream.sink.lake.LakeSchemas.optional;
import static io.flowcast.stream.sink.lake.LakeSchemas.optionalMap;
import static io.flowcast.stream.sink.lake.LakeSchemas.optionalString;
import static io.flowcast.stream.sink.lake.LakeSchemas.required;
import static io.flowcast.stream.sink.lake.LakeSchemas.requiredTimestamp;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.BOOLEAN;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.DOUBLE;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.INT32;

import io.flowcast.stream.inference.Prediction;
import org.apache.parquet.schema.MessageType;

/**
 * The {@value #DATASET} dataset: one row per {@link Prediction}, every field. The model's input
 * features are a {@code MAP<string, double>} in model order (a missing feature is a null value), so
 * a model with other features does not change the file schema and readers address a feature by name
 * ({@code features['Load.mean']} in Athena) without parsing JSON. Schema: {@code
 * schemas/lake/predictions.parquet.txt}.
 */
public final class PredictionParquet implements ParquetRecordMapper<Prediction> {
    private static final long serialVersionUID = 1L;

    public static final String DATASET = "predictions";

    static final MessageType SCHEMA =
            new MessageType(
                    "prediction",
                    optionalString("prediction_id"),
                    optionalString("asset_id"),
                    optionalString("asset_type"),
                    optionalString("site"),
                    optionalString("line"),
                    requiredTimestamp("window_start"),
                    requiredTimestamp("window_end"),
                    optionalString("target"),
                    required(DOUBLE, "predicted"),
                    optional(DOUBLE, "actual"),
                    optional(DOUBLE, "residual"),
                    optional(DOUBLE, "anomaly_score"),
                    required(BOOLEAN, "anomaly"),
                    optionalString("endpoint"),
                    optionalString("variant"),
                    optionalString("model_version"),
                    required(DOUBLE, "latency_ms"),
                    required(INT32, "attempts"),
                    optionalString("enrichment"),
                    optionalMap("features", DOUBLE));

    @Override
    public String dataset() {
        return DATASET;
    }

    @Override
    public MessageType schema() {
        return SCHEMA;
    }

    @Override
    public void write(Prediction p, ParquetRow row) {
        row.string("prediction_id", p.predictionId);
        row.string("asset_id", p.assetId);
        row.string("asset_type", p.assetType);
        row.string("site", p.site);
        row.string("line", p.line);
        row.int64("window_start", p.windowStart);
        row.int64("window_end", p.windowEnd);
        row.string("target", p.target);
        row.float64("predicted", p.predicted);
        row.float64("actual", p.actual);
        row.float64("residual", p.residual);
        row.float64("anomaly_score", p.anomalyScore);
        row.bool("anomaly", p.anomaly);
        row.string("endpoint", p.endpoint);
        row.string("variant", p.variant);
        row.string("model_version", p.modelVersion);
        row.float64("latency_ms", p.latencyMs);
        row.int32("attempts", p.attempts);
        row.string("enrichment", p.enrichment);
        row.doubleMap("features", p.featureNames, p.features);
    }
}
