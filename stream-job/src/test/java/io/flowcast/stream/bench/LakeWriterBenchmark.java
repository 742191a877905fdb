package io.flowcast.stream.bench;

import io.flowcast.stream.inference.Prediction;
import io.flowcast.stream.sink.lake.FeatureVectorParquet;
import io.flowcast.stream.sink.lake.LakeCompression;
import io.flowcast.stream.sink.lake.LakeConfig;
import io.flowcast.stream.sink.lake.LakeParquetWriters;
import io.flowcast.stream.sink.lake.ParquetRecordMapper;
import io.flowcast.stream.sink.lake.PredictionParquet;
import io.flowcast.stream.window.FeatureVector;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntFunction;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.core.fs.FSDataOutputStream;

/**
 * Rows/s and bytes per row of the lake's Parquet writers on one thread (one sink subtask), per
 * codec, for predictions and feature vectors shaped like the job's (12 features, 200 assets,
 * one-minute windows), written into memory so that only encoding is measured. Prints figures;
 * asserts nothing.
 *
 * <p>Usage: {@code LakeWriterBenchmark [rows]} (default 200,000), with the test class path.
 */
public final class LakeWriterBenchmark {

    private static final String[] FEATURES = {
        "Load.mean",
        "Load.max",
        "Load.std",
        "Speed.mean",
        "Speed.max",
        "Speed.std",
        "Vibration.mean",
        "Vibration.max",
        "Vibration.std",
        "Pressure.mean",
        "Pressure.max",
        "Pressure.std"
    };

    private LakeWriterBenchmark() {}

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        List<Prediction> predictions = records(rows, LakeWriterBenchmark::prediction);
        List<FeatureVector> vectors = records(rows, LakeWriterBenchmark::vector);
        // Warm-up: JIT of the writers and codecs.
        for (LakeCompression c : LakeCompression.values()) {
            run(new PredictionParquet(), predictions.subList(0, rows / 4), c, false);
            run(new FeatureVectorParquet(), vectors.subList(0, rows / 4), c, false);
        }
        for (LakeCompression c : LakeCompression.values()) {
            run(new PredictionParquet(), predictions, c, true);
            run(new FeatureVectorParquet(), vectors, c, true);
        }
    }

    private static <T> void run(
            ParquetRecordMapper<T> mapper, List<T> records, LakeCompression codec, boolean print)
            throws IOException {
        LakeConfig config =
                new LakeConfig(
                        "/unused", 128L << 20, java.time.Duration.ofMinutes(15), codec, 32 << 20);
        Memory out = new Memory();
        long start = System.nanoTime();
        BulkWriter<T> writer = LakeParquetWriters.factory(mapper, config).create(out);
        for (T record : records) {
            writer.addElement(record);
        }
        writer.finish();
        double seconds = (System.nanoTime() - start) / 1e9;
        if (print) {
            System.out.printf(
                    "%-12s %-12s %,9d rows  %,10.0f rows/s  %6.1f bytes/row  %,11d bytes%n",
                    mapper.dataset(),
                    codec,
                    records.size(),
                    records.size() / seconds,
                    out.size() / (double) records.size(),
                    out.size());
        }
    }

    private static <T> List<T> records(int rows, IntFunction<T> record) {
        List<T> list = new ArrayList<>(rows);
        for (int i = 0; i < rows; i++) {
            list.add(record.apply(i));
        }
        return list;
    }

    private static final long START = 1_795_320_000_000L;

    private static Prediction prediction(int i) {
        SplittableRandom random = new SplittableRandom(i);
        Prediction p = new Prediction();
        p.assetId = "pump-" + (i % 200);
        p.assetType = "pump";
        p.site = "plant-" + (i % 200) / 50;
        p.line = "line-" + (i % 50) / 10;
        p.windowEnd = START + (i / 200) * 60_000L;
        p.windowStart = p.windowEnd - 60_000L;
        p.target = "BearingTemp.mean";
        p.predicted = 60 + random.nextDouble() * 10;
        p.actual = p.predicted + (random.nextDouble() - 0.5) * 2;
        p.residual = p.actual - p.predicted;
        p.anomalyScore = Math.abs(p.residual) / 0.8;
        p.anomaly = p.anomalyScore > 3;
        p.endpoint = "flowcast-pump";
        p.variant = "AllTraffic";
        p.modelVersion = "v3";
        p.latencyMs = 5 + random.nextDouble() * 40;
        p.attempts = 1;
        p.enrichment = "ENRICHED";
        p.featureNames = FEATURES;
        p.features = features(random);
        p.predictionId = Prediction.idOf(p.assetId, p.windowEnd, p.endpoint, p.modelVersion);
        return p;
    }

    private static FeatureVector vector(int i) {
        SplittableRandom random = new SplittableRandom(i);
        FeatureVector v = new FeatureVector();
        v.assetId = "pump-" + (i % 200);
        v.assetType = "pump";
        v.specVersion = 3;
        v.windowEnd = START + (i / 200) * 60_000L;
        v.windowStart = v.windowEnd - 60_000L;
        v.featureNames = FEATURES;
        v.features = features(random);
        v.carriedForward = new String[0];
        v.missingSignals = new String[0];
        v.signals = new String[] {"Load", "Speed", "Vibration", "Pressure", "BearingTemp"};
        v.signalSampleCounts = new int[] {60, 60, 600, 60, 12};
        v.sampleCount = 792;
        v.targetSignal = "BearingTemp";
        v.targetStatistic = "mean";
        v.targetActual = 60 + random.nextDouble() * 10;
        return v;
    }

    private static Double[] features(SplittableRandom random) {
        Double[] values = new Double[FEATURES.length];
        for (int f = 0; f < values.length; f++) {
            values[f] = random.nextInt(50) == 0 ? null : random.nextDouble() * 100;
        }
        return values;
    }

    /** An in-memory stream, so that the benchmark measures encoding, not the disk. */
    private static final class Memory extends FSDataOutputStream {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 << 20);

        @Override
        public long getPos() {
            return bytes.size();
        }

        @Override
        public void write(int b) {
            bytes.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            bytes.write(b, off, len);
        }

        @Override
        public void flush() {}

        @Override
        public void sync() {}

        @Override
        public void close() {}

        long size() {
            return bytes.size();
        }
    }
}
