package io.flowcast.stream.local;

import static io.flowcast.stream.testing.N3uronJson.message;
import static io.flowcast.stream.testing.N3uronJson.tag;
import static org.assertj.core.api.Assertions.assertThat;

import io.flowcast.stream.FlowcastPipeline;
import io.flowcast.stream.deadletter.DeadLetterReason;
import io.flowcast.stream.parse.ParseConfig;
import io.flowcast.stream.source.RawTelemetryRecord;
import io.flowcast.stream.testing.CollectingSink;
import io.flowcast.stream.testing.MiniClusters;
import io.flowcast.stream.testing.RawRecordsGenerator;
import io.flowcast.stream.testing.WindowConfigs;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MetricOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The local run's console reads the running job's counters as the Web UI does, through the Flink
 * REST API of a MiniCluster: with the job's metrics in their {@code kinesisanalytics} group, the
 * progress line still shows every record read, every sample and every dead letter by reason.
 */
class FlinkRestMetricsITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            MiniClusters.twoSlots(
                    new Configuration()
                            // The REST API refreshes metric values at most this often.
                            .set(
                                    MetricOptions.METRIC_FETCHER_UPDATE_INTERVAL,
                                    Duration.ofMillis(200)));

    private static final int ASSETS = 3;
    private static final int TICKS = 4;
    private static final int SIGNALS = 2;
    private static final List<String> NOT_JSON = List.of("{\"Site", "not json");

    /**
     * An upper bound for the metrics to arrive, not a measure: the loop ends as soon as they do.
     */
    private static final Duration PATIENCE = Duration.ofMinutes(2);

    @Test
    void theProgressLineCountsRecordsSamplesAndDeadLettersOfTheRunningJob() throws Exception {
        List<String> records = records();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        // Unbounded like the Kinesis source: the gated source hands out one cycle of records,
        // then waits for a checkpoint that never comes (checkpointing is off), so the job keeps
        // running and its metrics stay in the REST API.
        FlowcastPipeline.builder()
                .parseConfig(ParseConfig.defaults())
                .windowConfig(WindowConfigs.defaults())
                .source(
                        new DataGeneratorSource<>(
                                new RawRecordsGenerator(records),
                                Long.MAX_VALUE,
                                RateLimiterStrategy.perCheckpoint(records.size()),
                                TypeInformation.of(RawTelemetryRecord.class)))
                .featureVectorSink(new CollectingSink<>())
                .deadLetterSink(new CollectingSink<>())
                .build()
                .build(env);
        JobClient job = env.executeAsync("flink rest metrics ITCase");
        try {
            Configuration client = MINI_CLUSTER.getClientConfiguration();
            URI ui =
                    URI.create(
                            "http://"
                                    + client.get(RestOptions.ADDRESS)
                                    + ":"
                                    + client.get(RestOptions.PORT)
                                    + "/");
            FlinkRestMetrics metrics = new FlinkRestMetrics(ui, job.getJobID().toHexString());
            assertThat(metrics.webUiAnswers()).isTrue();

            long deadline = System.nanoTime() + PATIENCE.toNanos();
            JobProgress progress = metrics.poll();
            while (!allCounted(progress, records.size()) && System.nanoTime() < deadline) {
                Thread.sleep(200);
                progress = metrics.poll();
            }

            assertThat(progress.state).isEqualTo("RUNNING");
            assertThat(progress.records).isEqualTo(records.size());
            assertThat(progress.samples).isEqualTo(ASSETS * TICKS * SIGNALS);
            assertThat(progress.deadLetters).isEqualTo(NOT_JSON.size());
            assertThat(
                            progress.deadLettersByReason.entrySet().stream()
                                    .filter(e -> e.getValue() > 0)
                                    .collect(Collectors.toMap(e -> e.getKey(), e -> e.getValue())))
                    .isEqualTo(
                            Map.of(DeadLetterReason.INVALID_JSON.name(), (long) NOT_JSON.size()));
            assertThat(JobProgress.line(10, progress, JobProgress.NONE, 10.0, -1))
                    .contains(" | records read " + records.size() + " ")
                    .contains(" | samples " + ASSETS * TICKS * SIGNALS + " ")
                    .contains(
                            " | dead letters "
                                    + NOT_JSON.size()
                                    + " (INVALID_JSON "
                                    + NOT_JSON.size()
                                    + ")");
        } finally {
            job.cancel().get();
        }
    }

    private static boolean allCounted(JobProgress progress, int records) {
        return progress.records >= records
                && progress.samples >= ASSETS * TICKS * SIGNALS
                && progress.deadLetters >= NOT_JSON.size();
    }

    /** Records an hour old, two signals per asset and tick, then the ones that are not JSON. */
    private static List<String> records() {
        long now = System.currentTimeMillis();
        long t0 = now - 3_600_000 - (now % 60_000);
        List<String> records = new ArrayList<>();
        for (int tick = 0; tick < TICKS; tick++) {
            for (int asset = 0; asset < ASSETS; asset++) {
                long ts = t0 + tick * 10_000L;
                String a = String.format("SiteA/Line1/Pump-%03d/", asset);
                records.add(message(tag(a + "Load", 50 + tick, ts), tag(a + "Flow", 100, ts)));
            }
        }
        records.addAll(NOT_JSON);
        return records;
    }
}
