package io.flowcast.stream.sink.lake;

import static io.flowcast.stream.sink.lake.LakeRecords.HOUR_04;
import static io.flowcast.stream.sink.lake.LakeRecords.MINUTE;

import io.flowcast.stream.deadletter.DeadLetter;
import io.flowcast.stream.inference.Prediction;
import io.flowcast.stream.window.FeatureVector;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * A MiniCluster job writing {@link #COUNT} predictions, feature vectors and dead letters into a
 * lake through {@link LakeSinks}, with checkpoints every 100 ms and, optionally, one failure of
 * every stream after a checkpoint has completed (the job restarts from it). Record {@code i} is
 * deterministic: asset {@code pump-<i%5>} or {@code motor-<i%5>}, window end {@code HOUR_04 - 30
 * min + (i / 10) min}, so the data spans two hours and two asset types.
 */
final class LakeTestJob {

    static final int COUNT = 600;

    /** Failures already injected, per stream name, across restarts (one JVM: the MiniCluster's). */
    static final java.util.Map<String, AtomicBoolean> FAILED =
            new java.util.concurrent.ConcurrentHashMap<>();

    private LakeTestJob() {}

    static void run(LakeConfig config, boolean failOnce) throws Exception {
        run(config, failOnce, new Configuration());
    }

    /** Runs the job; {@code conf} adds to the cluster and job configuration (e.g. s3.* keys). */
    static void run(LakeConfig config, boolean failOnce, Configuration extra) throws Exception {
        FAILED.clear();
        Configuration conf = new Configuration(extra);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        conf.set(
                RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY,
                java.time.Duration.ofMillis(100));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        env.enableCheckpointing(100);

        stream(env, "predictions", new Predictions(), Prediction.class, failOnce)
                .sinkTo(LakeSinks.predictions(config))
                .name("lake-predictions");
        stream(env, "features", new Vectors(), FeatureVector.class, failOnce)
                .sinkTo(LakeSinks.features(config))
                .name("lake-features");
        stream(env, "dead-letters", new DeadLetters(), DeadLetter.class, failOnce)
                .sinkTo(LakeSinks.deadLetters(config))
                .name("lake-dead-letters");
        env.execute("lake-it");
    }

    private static <T> DataStream<T> stream(
            StreamExecutionEnvironment env,
            String name,
            GeneratorFunction<Long, T> generator,
            Class<T> type,
            boolean failOnce) {
        DataStream<T> stream =
                env.fromSource(
                        new DataGeneratorSource<>(
                                generator,
                                COUNT,
                                RateLimiterStrategy.perSecond(600),
                                TypeInformation.of(type)),
                        org.apache.flink.api.common.eventtime.WatermarkStrategy.noWatermarks(),
                        name);
        if (!failOnce) {
            return stream;
        }
        FAILED.put(name, new AtomicBoolean());
        return stream.map(new FailOnceAfterCheckpoint<T>(name)).returns(TypeInformation.of(type));
    }

    static String assetId(long i) {
        return (i % 2 == 0 ? "pump-" : "motor-") + (i % 5);
    }

    static String assetType(long i) {
        return i % 2 == 0 ? "pump" : "motor";
    }

    static long windowEnd(long i) {
        return HOUR_04 - 30 * MINUTE + (i / 10) * MINUTE;
    }

    static final class Predictions implements GeneratorFunction<Long, Prediction> {
        @Override
        public Prediction map(Long i) {
            Prediction p = LakeRecords.prediction(assetId(i), assetType(i), windowEnd(i));
            // Unique per record (the asset/window pairs repeat across i).
            p.predictionId = "p-" + i;
            return p;
        }
    }

    static final class Vectors implements GeneratorFunction<Long, FeatureVector> {
        @Override
        public FeatureVector map(Long i) {
            FeatureVector v = LakeRecords.vector(assetId(i), assetType(i), windowEnd(i));
            v.sampleCount = i.intValue();
            return v;
        }
    }

    static final class DeadLetters implements GeneratorFunction<Long, DeadLetter> {
        @Override
        public DeadLetter map(Long i) {
            return LakeRecords.deadLetter("seq-" + i, windowEnd(i));
        }
    }

    /**
     * Passes records through and throws once, in subtask 0, after a checkpoint has completed and
     * more records have passed since: the job restarts from that checkpoint.
     */
    static final class FailOnceAfterCheckpoint<T> implements MapFunction<T, T>, CheckpointListener {
        private final String name;
        private transient boolean checkpointed;
        private transient int sinceCheckpoint;

        FailOnceAfterCheckpoint(String name) {
            this.name = name;
        }

        @Override
        public T map(T value) {
            if (checkpointed
                    && ++sinceCheckpoint > 20
                    && FAILED.get(name).compareAndSet(false, true)) {
                throw new IllegalStateException("injected failure in " + name);
            }
            return value;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            checkpointed = true;
            sinceCheckpoint = 0;
        }
    }
}
