package io.flowcast.stream.sink.lake;

import static io.flowcast.stream.sink.lake.LakeRecords.HOUR_04;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.flowcast.stream.deadletter.DeadLetter;
import io.flowcast.stream.drift.DriftEvent;
import io.flowcast.stream.inference.Prediction;
import io.flowcast.stream.sink.warehouse.DeadLetterRow;
import io.flowcast.stream.testing.SampleDriftEvents;
import io.flowcast.stream.window.FeatureVector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.util.InstantiationUtil;
import org.apache.parquet.schema.MessageType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The lake's Parquet writers: records written through the same {@code BulkWriter.Factory} the
 * FileSink uses, to a local file, and read back with parquet-hadoop's reader come back field by
 * field, nulls and missing features included, with the declared codec and dataset footer.
 */
class LakeParquetWritersTest {

    @TempDir Path dir;

    @Test
    void predictionsRoundTripEveryField() throws Exception {
        Prediction full = LakeRecords.prediction("pump-7", "pump", HOUR_04);
        Prediction sparse = LakeRecords.sparsePrediction("pump-8", HOUR_04);

        List<Map<String, Object>> rows =
                ParquetFiles.rows(write(new PredictionParquet(), List.of(full, sparse)));

        assertThat(rows).hasSize(2);
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("prediction_id", full.predictionId);
        expected.put("asset_id", "pump-7");
        expected.put("asset_type", "pump");
        expected.put("site", "plant-1");
        expected.put("line", "line-2");
        expected.put("window_start", HOUR_04 - LakeRecords.MINUTE);
        expected.put("window_end", HOUR_04);
        expected.put("target", "BearingTemp.mean");
        expected.put("predicted", 61.25);
        expected.put("actual", 64.5);
        expected.put("residual", 3.25);
        expected.put("anomaly_score", 4.1);
        expected.put("anomaly", true);
        expected.put("endpoint", "flowcast-pump");
        expected.put("variant", "AllTraffic");
        expected.put("model_version", "v3");
        expected.put("latency_ms", 12.5);
        expected.put("attempts", 2);
        expected.put("enrichment", "ENRICHED");
        Map<String, Object> features = new LinkedHashMap<>();
        features.put("Load.mean", 0.75);
        features.put("Speed.max", 1480.0);
        features.put("Vibration.std", null);
        expected.put("features", features);
        assertThat(rows.get(0)).containsExactlyEntriesOf(expected);
        // Feature order is the model's order.
        assertThat(
                        new java.util.ArrayList<Object>(
                                ((Map<?, ?>) rows.get(0).get("features")).keySet()))
                .containsExactly("Load.mean", "Speed.max", "Vibration.std");

        assertThat(rows.get(1))
                .containsOnly(
                        entry("prediction_id", sparse.predictionId),
                        entry("asset_id", "pump-8"),
                        entry("asset_type", "pump"),
                        entry("window_start", HOUR_04 - LakeRecords.MINUTE),
                        entry("window_end", HOUR_04),
                        entry("predicted", -1.5),
                        entry("anomaly", false),
                        entry("latency_ms", 0.0),
                        entry("attempts", 1));
    }

    @Test
    void featureVectorsRoundTripWithTheirTargetAndMissingSignals() throws Exception {
        FeatureVector v = LakeRecords.vector("pump-7", "pump", HOUR_04);
        FeatureVector noTarget = LakeRecords.vector("pump-9", "pump", HOUR_04);
        noTarget.targetActual = null;
        noTarget.carriedForward = new String[0];
        noTarget.features = new Double[] {null, null, null};

        List<Map<String, Object>> rows =
                ParquetFiles.rows(write(new FeatureVectorParquet(), List.of(v, noTarget)));

        Map<String, Object> features = new LinkedHashMap<>();
        features.put("Load.mean", 0.5);
        features.put("Speed.max", null);
        features.put("Vibration.std", 0.02);
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("Load", 6);
        counts.put("Speed", 0);
        counts.put("Vibration", 60);
        counts.put("BearingTemp", 12);
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("asset_id", "pump-7");
        expected.put("asset_type", "pump");
        expected.put("spec_version", 3);
        expected.put("window_start", HOUR_04 - LakeRecords.MINUTE);
        expected.put("window_end", HOUR_04);
        expected.put("features", features);
        expected.put("target_signal", "BearingTemp");
        expected.put("target_statistic", "mean");
        expected.put("target_actual", 63.0);
        expected.put("sample_count", 78);
        expected.put("duplicate_samples", 1);
        expected.put("signal_sample_counts", counts);
        expected.put("missing_signals", List.of("Speed"));
        expected.put("carried_forward", List.of("Load"));
        assertThat(rows.get(0)).containsExactlyEntriesOf(expected);

        assertThat(rows.get(1)).doesNotContainKey("target_actual");
        assertThat(rows.get(1).get("carried_forward")).isEqualTo(List.of());
        Map<String, Object> allMissing = new LinkedHashMap<>();
        allMissing.put("Load.mean", null);
        allMissing.put("Speed.max", null);
        allMissing.put("Vibration.std", null);
        assertThat(rows.get(1).get("features")).isEqualTo(allMissing);
    }

    @Test
    void deadLettersRoundTripEveryField() throws Exception {
        DeadLetter parse = LakeRecords.deadLetter("4960", HOUR_04 + 5);
        DeadLetter later = LakeRecords.laterStageDeadLetter(HOUR_04 + 9);

        List<Map<String, Object>> rows =
                ParquetFiles.rows(write(new DeadLetterParquet(), List.of(parse, later)));

        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("dead_letter_id", DeadLetterRow.idOf(parse));
        expected.put("reason", "VALUE_OUT_OF_RANGE");
        expected.put("detail", parse.detail);
        expected.put("stage", "parse");
        expected.put("tag_path", "plant-1/line-2/pump-7/Load");
        expected.put("sample_index", 3);
        expected.put("payload", "{\"v\":1e9}");
        expected.put("payload_encoding", "utf-8");
        expected.put("payload_bytes", 9);
        expected.put("payload_truncated", false);
        expected.put("stream", parse.stream);
        expected.put("shard_id", "shardId-000000000001");
        expected.put("sequence_number", "4960");
        expected.put("partition_key", "pump-7");
        expected.put("arrival_time", HOUR_04 + 5);
        expected.put("detected_at", HOUR_04 + 255);
        assertThat(rows.get(0)).containsExactlyEntriesOf(expected);
        assertThat(rows.get(1))
                .containsOnly(
                        entry("dead_letter_id", DeadLetterRow.idOf(later)),
                        entry("reason", "INFERENCE_FAILED"),
                        entry("detail", "deadline exceeded"),
                        entry("stage", "inference"),
                        entry("payload", "AAEC"),
                        entry("payload_encoding", "base64"),
                        entry("payload_bytes", 3),
                        entry("payload_truncated", true),
                        entry("detected_at", HOUR_04 + 9));
    }

    @Test
    void driftEventsRoundTripEveryField() throws Exception {
        DriftEvent psi = SampleDriftEvents.psi("pump", "v0003", "Load.mean", HOUR_04);
        DriftEvent rmse = SampleDriftEvents.residualRmse("compressor", "v0001", HOUR_04 + 7);
        DriftEvent noId = SampleDriftEvents.copyOf(psi);
        noId.episodeId = null;

        List<Map<String, Object>> rows =
                ParquetFiles.rows(write(new DriftEventParquet(), List.of(psi, rmse, noId)));

        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("episode_id", psi.episodeId);
        expected.put("asset_type", "pump");
        expected.put("model_version", "v0003");
        expected.put("metric", "PSI");
        expected.put("feature", "Load.mean");
        expected.put("metric_value", 0.873);
        expected.put("threshold", 0.2);
        expected.put("first_window_end", HOUR_04 - 2 * LakeRecords.MINUTE);
        expected.put("last_window_end", HOUR_04);
        expected.put("sample_count", 5_000_000_123L);
        expected.put("evaluations", 3);
        assertThat(rows.get(0)).containsExactlyEntriesOf(expected);
        // Residual metrics have no feature: the optional column is absent.
        assertThat(rows.get(1))
                .containsOnly(
                        entry("episode_id", rmse.episodeId),
                        entry("asset_type", "compressor"),
                        entry("model_version", "v0001"),
                        entry("metric", "RESIDUAL_RMSE_RATIO"),
                        entry("metric_value", 1.75),
                        entry("threshold", 1.3),
                        entry("first_window_end", HOUR_04 + 7 - 4 * LakeRecords.MINUTE),
                        entry("last_window_end", HOUR_04 + 7),
                        entry("sample_count", 240L),
                        entry("evaluations", 2));
        // An event without an id gets the deterministic one, the warehouse's key.
        assertThat(rows.get(2)).isEqualTo(rows.get(0));
    }

    @ParameterizedTest
    @EnumSource(LakeCompression.class)
    void everyOfferedCodecWritesWithoutNativeHadoop(LakeCompression compression) throws Exception {
        LakeConfig config =
                new LakeConfig(
                        dir.toString(),
                        LakeConfig.MIN_PART_BYTES,
                        java.time.Duration.ofMinutes(1),
                        compression,
                        LakeConfig.MIN_ROW_GROUP_BYTES);
        List<Prediction> many =
                Arrays.asList(
                        LakeRecords.prediction("a", "pump", HOUR_04),
                        LakeRecords.prediction("b", "pump", HOUR_04));

        byte[] bytes = Files.readAllBytes(write(new PredictionParquet(), many, config));

        assertThat(ParquetFiles.codec(bytes)).isEqualTo(compression.codec().name());
        assertThat(ParquetFiles.rows(bytes)).hasSize(2);
    }

    @Test
    void filesDeclareTheirSchemaAndDataset() throws Exception {
        byte[] bytes =
                Files.readAllBytes(
                        write(
                                new DeadLetterParquet(),
                                List.of(LakeRecords.deadLetter("1", HOUR_04))));

        Map.Entry<MessageType, Map<String, String>> footer = ParquetFiles.footer(bytes);

        assertThat(footer.getKey()).isEqualTo(DeadLetterParquet.SCHEMA);
        assertThat(footer.getValue()).containsEntry(LakeParquetWriters.DATASET_KEY, "dead-letters");
    }

    @Test
    void writerFactoryIsSerializable() throws Exception {
        BulkWriter.Factory<Prediction> factory =
                LakeParquetWriters.factory(
                        new PredictionParquet(), LakeConfig.defaults(dir.toString()));

        BulkWriter.Factory<Prediction> copy =
                InstantiationUtil.clone(factory, getClass().getClassLoader());

        assertThat(copy).isNotNull();
    }

    private <T> Path write(ParquetRecordMapper<T> mapper, List<T> records) throws Exception {
        return write(mapper, records, LakeConfig.defaults(dir.toString()));
    }

    private <T> Path write(ParquetRecordMapper<T> mapper, List<T> records, LakeConfig config)
            throws Exception {
        Path file = Files.createTempFile(dir, mapper.dataset(), ".parquet");
        Files.delete(file);
        BulkWriter.Factory<T> factory = LakeParquetWriters.factory(mapper, config);
        try (FSDataOutputStream out =
                FileSystem.getLocalFileSystem()
                        .create(
                                new org.apache.flink.core.fs.Path(file.toUri()),
                                FileSystem.WriteMode.NO_OVERWRITE)) {
            BulkWriter<T> writer = factory.create(out);
            for (T record : records) {
                writer.addElement(record);
            }
            writer.finish();
        }
        return file;
    }
}
