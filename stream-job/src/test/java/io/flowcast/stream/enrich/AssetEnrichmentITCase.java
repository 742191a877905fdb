package io.flowcast.stream.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowcast.stream.FlowcastPipeline;
import io.flowcast.stream.local.AssetSeeder;
import io.flowcast.stream.local.EmbeddedAurora;
import io.flowcast.stream.local.simulator.PlantModel;
import io.flowcast.stream.local.simulator.SimulatedAsset;
import io.flowcast.stream.testing.CollectingSink;
import io.flowcast.stream.testing.MiniClusters;
import io.flowcast.stream.window.FeatureVector;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The enrichment stage as the pipeline wires it ({@link FlowcastPipeline#enrich}), on a Flink
 * MiniCluster, against the real embedded PostgreSQL 17 seeded with a small plant: the context
 * matches the table; stopping the database mid-run keeps the job running with flagged windows;
 * restarting it brings enrichment back. Nothing is lost and the job never restarts.
 */
class AssetEnrichmentITCase {

    @RegisterExtension static final MiniClusterExtension MINI_CLUSTER = MiniClusters.twoSlots();

    /** One window per asset and tick; the last id is not in the register. */
    private static final int VECTORS = 600;

    private static final int PER_SECOND = 60;
    private static final String UNKNOWN = "SiteQ/Line9/Pump-999";

    private static EmbeddedAurora db;
    private static List<String> assetIds;

    @BeforeAll
    static void startDatabase() throws Exception {
        db = EmbeddedAurora.launch();
        PlantModel plant = new PlantModel(1, 1, 4, 7L);
        AssetSeeder.seed(db.dataSource(), plant);
        assetIds = new ArrayList<>();
        for (SimulatedAsset asset : plant.assets()) {
            assetIds.add(asset.id());
        }
        assetIds.add(UNKNOWN);
    }

    @AfterAll
    static void stopDatabase() {
        if (db != null) {
            db.close();
        }
    }

    @Test
    void enrichesFromTheTableKeepsGoingThroughAnOutageAndRecovers() throws Exception {
        // Short TTLs so the register is asked throughout; no stale context, so an outage shows.
        EnrichConfig config =
                EnrichConfig.defaults()
                        .withCache(
                                Duration.ofMillis(200),
                                Duration.ofMillis(200),
                                Duration.ZERO,
                                Duration.ofMillis(100));
        AssetContextClientFactory clients =
                JdbcAssetContextClient.factory(
                        db.connectionConfigBuilder()
                                .connectTimeout(Duration.ofMillis(250))
                                .queryTimeout(Duration.ofSeconds(1))
                                .build());

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        DataStream<FeatureVector> vectors =
                env.fromSource(
                                new DataGeneratorSource<>(
                                        new Vectors(assetIds),
                                        VECTORS,
                                        RateLimiterStrategy.perSecond(PER_SECOND),
                                        TypeInformation.of(FeatureVector.class)),
                                WatermarkStrategy.noWatermarks(),
                                "vectors")
                        .setParallelism(1); // one generator: index order is time order
        SingleOutputStreamOperator<EnrichedFeatureVector> enriched =
                FlowcastPipeline.enrich(vectors, config, clients, 16_384);
        CollectingSink<EnrichedFeatureVector> sink = new CollectingSink<>();
        enriched.sinkTo(sink);
        CollectingSink<io.flowcast.stream.deadletter.DeadLetter> deadLetters =
                new CollectingSink<>();
        enriched.getSideOutput(io.flowcast.stream.SideOutputs.DEAD_LETTERS).sinkTo(deadLetters);

        JobClient job = env.executeAsync("enrichment ITCase");
        awaitTrue(() -> sink.size() >= 150, "150 windows before the outage");
        db.stop();
        int atStop = sink.size();
        awaitTrue(
                () -> sink.size() >= atStop + 120,
                "120 windows during the outage (the job must keep going)");
        db.start();
        int atRestart = sink.size();
        job.getJobExecutionResult().get(); // fails the test if the job failed

        List<EnrichedFeatureVector> out = sink.values();
        // Nothing lost, nothing twice (a restart of the job would replay the generator).
        assertThat(out).hasSize(VECTORS);
        assertThat(out.stream().map(e -> e.vector.windowStart).distinct()).hasSize(VECTORS);
        assertThat(deadLetters.values()).isEmpty();

        Map<String, Map<String, Object>> table = readTable();
        Map<EnrichmentStatus, Long> byStatus =
                out.stream()
                        .collect(Collectors.groupingBy(e -> e.enrichment, Collectors.counting()));
        assertThat(byStatus.get(EnrichmentStatus.UNENRICHED))
                .as("windows flagged during the outage")
                .isGreaterThanOrEqualTo(50);
        for (EnrichedFeatureVector e : out) {
            if (e.vector.assetId.equals(UNKNOWN)) {
                assertThat(e.enrichment)
                        .isIn(EnrichmentStatus.UNKNOWN_ASSET, EnrichmentStatus.UNENRICHED);
            } else if (e.enrichment == EnrichmentStatus.ENRICHED) {
                Map<String, Object> row = table.get(e.vector.assetId);
                assertThat(e.asset.assetType).isEqualTo(row.get("asset_type"));
                assertThat(e.asset.site).isEqualTo(row.get("site"));
                assertThat(e.asset.line).isEqualTo(row.get("line"));
                assertThat(e.asset.ratedPowerKw).isEqualTo(row.get("rated_power_kw"));
                assertThat(e.asset.ratedPressureBar).isEqualTo(row.get("rated_pressure_bar"));
                assertThat(e.asset.ratedSpeedRpm).isEqualTo(row.get("rated_speed_rpm"));
            } else {
                assertThat(e.enrichment).isEqualTo(EnrichmentStatus.UNENRICHED);
                assertThat(e.asset.site).isNull();
            }
        }
        // Windows in order of generation: enriched before the outage, flagged only around it,
        // enriched again at the end.
        List<EnrichedFeatureVector> ordered = new ArrayList<>(out);
        ordered.sort((a, b) -> Long.compare(a.vector.windowStart, b.vector.windowStart));
        long firstFlagged =
                ordered.stream()
                        .filter(e -> e.enrichment == EnrichmentStatus.UNENRICHED)
                        .mapToLong(e -> e.vector.windowStart)
                        .min()
                        .orElseThrow();
        assertThat(firstFlagged).isGreaterThanOrEqualTo(100);
        List<EnrichedFeatureVector> tail = ordered.subList(VECTORS - 60, VECTORS);
        assertThat(tail)
                .as("the last 60 windows, well after the restart at %d", atRestart)
                .allSatisfy(
                        e ->
                                assertThat(e.enrichment)
                                        .isIn(
                                                EnrichmentStatus.ENRICHED,
                                                EnrichmentStatus.UNKNOWN_ASSET));
        assertThat(tail).anyMatch(e -> e.enrichment == EnrichmentStatus.UNKNOWN_ASSET);
    }

    private static Map<String, Map<String, Object>> readTable() throws Exception {
        Map<String, Map<String, Object>> rows = new HashMap<>();
        try (Connection c = db.dataSource().getConnection();
                PreparedStatement s =
                        c.prepareStatement(
                                "SELECT asset_id, asset_type, site, line, rated_power_kw,"
                                        + " rated_pressure_bar, rated_speed_rpm FROM asset");
                ResultSet r = s.executeQuery()) {
            while (r.next()) {
                Map<String, Object> row = new HashMap<>();
                row.put("asset_type", r.getString(2));
                row.put("site", r.getString(3));
                row.put("line", r.getString(4));
                row.put("rated_power_kw", r.getObject(5));
                row.put("rated_pressure_bar", r.getObject(6));
                row.put("rated_speed_rpm", r.getObject(7));
                rows.put(r.getString(1), row);
            }
        }
        assertThat(rows).hasSize(4);
        return rows;
    }

    private static void awaitTrue(BooleanSupplier condition, String what) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    /** Vector i belongs to asset i mod n; its window start is i, so every vector is unique. */
    private static final class Vectors implements GeneratorFunction<Long, FeatureVector> {
        private static final long serialVersionUID = 1L;
        private final ArrayList<String> assetIds;

        Vectors(List<String> assetIds) {
            this.assetIds = new ArrayList<>(assetIds);
        }

        @Override
        public FeatureVector map(Long i) {
            FeatureVector v =
                    AssetEnrichmentFunctionTest.vector(
                            assetIds.get((int) (i % assetIds.size())), 0);
            v.windowStart = i;
            v.windowEnd = i + 60_000;
            return v;
        }
    }
}
