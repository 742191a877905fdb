package io.flowcast.stream.sink.warehouse;

import static io.flowcast.stream.testing.SampleDriftEvents.HOUR_04;
import static io.flowcast.stream.testing.SampleDriftEvents.MINUTE;
import static org.assertj.core.api.Assertions.assertThat;

import io.flowcast.stream.config.RepoPaths;
import io.flowcast.stream.drift.DriftEvent;
import io.flowcast.stream.local.EmbeddedAurora;
import io.flowcast.stream.testing.SampleDriftEvents;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Drift events into {@code drift_events} through the sink's own mapper ({@link
 * WarehouseRowMapper#driftEvents}) and {@link JdbcMergeWriter}, with both PostgreSQL layouts,
 * against embedded PostgreSQL 17 with {@code schemas/warehouse/local-postgres.sql} applied: every
 * field round-trips, one row per episode, and a replay leaves the table exactly as it was.
 */
class DriftEventWarehouseTest {

    private static EmbeddedAurora postgres;

    @BeforeAll
    static void launch() throws Exception {
        postgres = EmbeddedAurora.launch();
        String ddl =
                Files.readString(
                        RepoPaths.repoDir().resolve("schemas/warehouse/local-postgres.sql"),
                        StandardCharsets.UTF_8);
        try (Connection c = postgres.dataSource().getConnection();
                Statement s = c.createStatement()) {
            s.execute(ddl);
            s.execute(ddl); // idempotent DDL
        }
    }

    @AfterAll
    static void stop() {
        if (postgres != null) {
            postgres.close();
        }
    }

    @BeforeEach
    void emptyTable() throws SQLException {
        try (Connection c = postgres.dataSource().getConnection();
                Statement s = c.createStatement()) {
            s.execute("TRUNCATE drift_events");
        }
    }

    static Stream<PostgresDialect> dialects() {
        return Stream.of(PostgresDialect.copyStaging(), PostgresDialect.unnest());
    }

    private static JdbcMergeWriter writer(PostgresDialect dialect) {
        return new JdbcMergeWriter(
                () -> postgres.dataSource().getConnection(),
                dialect,
                RetryPolicy.of(1, Duration.ZERO, Duration.ZERO),
                d -> {});
    }

    private static List<WarehouseRow> rows(List<DriftEvent> events) {
        WarehouseRowMapper<DriftEvent> mapper = WarehouseRowMapper.driftEvents();
        return events.stream().map(mapper::map).collect(Collectors.toList());
    }

    @ParameterizedTest
    @MethodSource("dialects")
    void everyFieldRoundTripsWithWindowEndsInUtc(PostgresDialect dialect) throws Exception {
        DriftEvent psi = SampleDriftEvents.psi("pump", "v0003", "Load.mean", HOUR_04);
        DriftEvent rmse = SampleDriftEvents.residualRmse("compressor", "v0001", HOUR_04 + MINUTE);
        try (JdbcMergeWriter writer = writer(dialect)) {
            assertThat(writer.write(rows(List.of(psi, rmse)))).isEqualTo(2);
        }

        assertThat(
                        query(
                                "SELECT episode_id, asset_type, model_version, metric, feature,"
                                        + " metric_value, threshold,"
                                        + " to_char(first_window_end, 'YYYY-MM-DD HH24:MI:SS.MS'),"
                                        + " to_char(last_window_end, 'YYYY-MM-DD HH24:MI:SS.MS'),"
                                        + " sample_count, evaluations"
                                        + " FROM drift_events ORDER BY last_window_end"))
                .containsExactly(
                        psi.episodeId
                                + "|pump|v0003|PSI|Load.mean|0.873|0.2"
                                + "|2026-11-22 03:58:00.000|2026-11-22 04:00:00.000"
                                + "|5000000123|3",
                        rmse.episodeId
                                + "|compressor|v0001|RESIDUAL_RMSE_RATIO|null|1.75|1.3"
                                + "|2026-11-22 03:57:00.000|2026-11-22 04:01:00.000"
                                + "|240|2");
        assertThat(query("SELECT count(*) FROM drift_events WHERE written_at IS NULL"))
                .containsExactly("0");
    }

    @ParameterizedTest
    @MethodSource("dialects")
    void aReplayOfTheSameEventsLeavesTheSameRows(PostgresDialect dialect) throws Exception {
        List<DriftEvent> events = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            events.add(SampleDriftEvents.psi("pump", "v0003", "Feature" + i, HOUR_04 + i * MINUTE));
        }
        events.add(SampleDriftEvents.residualRmse("pump", "v0003", HOUR_04));
        String everyColumnButWrittenAt =
                "SELECT episode_id, asset_type, model_version, metric, feature, metric_value,"
                        + " threshold, first_window_end, last_window_end, sample_count,"
                        + " evaluations FROM drift_events ORDER BY episode_id";
        List<String> before;
        try (JdbcMergeWriter writer = writer(dialect)) {
            writer.write(rows(events));
            before = query(everyColumnButWrittenAt);
            // A restore replays the events: as fresh objects, in another order and batching,
            // one of them twice within a batch.
            List<DriftEvent> replay = new ArrayList<>();
            for (int i = events.size() - 1; i >= 0; i--) {
                replay.add(SampleDriftEvents.copyOf(events.get(i)));
            }
            replay.add(SampleDriftEvents.copyOf(events.get(0)));
            writer.write(rows(replay.subList(0, 7)));
            writer.write(rows(replay.subList(7, replay.size())));
        }

        assertThat(before).hasSize(21);
        assertThat(query(everyColumnButWrittenAt)).isEqualTo(before);
    }

    @Test
    void oneRowPerEpisodeTheLastWriteWins() throws Exception {
        DriftEvent first = SampleDriftEvents.psi("pump", "v0003", "Load.mean", HOUR_04);
        DriftEvent sameEpisode = SampleDriftEvents.copyOf(first);
        sameEpisode.value = 0.95;
        sameEpisode.lastWindowEnd = HOUR_04 + MINUTE;
        DriftEvent otherFeature = SampleDriftEvents.psi("pump", "v0003", "Flow.mean", HOUR_04);
        try (JdbcMergeWriter writer = writer(PostgresDialect.copyStaging())) {
            writer.write(rows(List.of(first, otherFeature)));
            writer.write(rows(List.of(sameEpisode)));
        }

        assertThat(
                        query(
                                "SELECT feature, metric_value,"
                                        + " to_char(last_window_end, 'HH24:MI')"
                                        + " FROM drift_events ORDER BY feature"))
                .containsExactly("Flow.mean|0.873|04:00", "Load.mean|0.95|04:01");
    }

    @Test
    void anEventWithoutAnEpisodeIdGetsTheDeterministicOne() {
        DriftEvent e = SampleDriftEvents.psi("pump", "v0003", "Load.mean", HOUR_04);
        String expected = e.episodeId;
        e.episodeId = null;

        WarehouseRow row = WarehouseRowMapper.driftEvents().map(e);

        assertThat(row.key()).isEqualTo(expected);
        assertThat(row.values().get(0)).isEqualTo(expected);
        assertThat(row.values()).hasSize(WarehouseTable.DRIFT_EVENTS.columns().size());
    }

    @Test
    void theEpisodesPerModelViewSummarisesEachModelVersion() throws Exception {
        try (JdbcMergeWriter writer = writer(PostgresDialect.copyStaging())) {
            writer.write(
                    rows(
                            List.of(
                                    SampleDriftEvents.psi("pump", "v0003", "Load.mean", HOUR_04),
                                    SampleDriftEvents.psi(
                                            "pump", "v0003", "Flow.mean", HOUR_04 + 5 * MINUTE),
                                    SampleDriftEvents.residualRmse(
                                            "pump", "v0003", HOUR_04 + 9 * MINUTE),
                                    SampleDriftEvents.psi(
                                            "pump", "v0004", "Load.mean", HOUR_04 + 60 * MINUTE))));
        }

        assertThat(
                        query(
                                "SELECT asset_type, model_version, episodes, features_drifted,"
                                        + " residual_episodes, to_char(first_detected, 'HH24:MI'),"
                                        + " to_char(last_detected, 'HH24:MI'),"
                                        + " round(max_value_over_threshold::numeric, 3)"
                                        + " FROM drift_episodes_per_model"
                                        + " ORDER BY asset_type, model_version"))
                .containsExactly(
                        "pump|v0003|3|2|1|04:00|04:09|4.365", "pump|v0004|1|1|0|05:00|05:00|4.365");
    }

    @Test
    void snowflakeMergesOnTheEpisodeIdAndConvertsTheWindowEnds() {
        String sql = new SnowflakeDialect().mergeSql(WarehouseTable.DRIFT_EVENTS, 1);

        assertThat(sql)
                .startsWith("MERGE INTO DRIFT_EVENTS AS t\nUSING (SELECT COLUMN1 AS EPISODE_ID,")
                .contains(
                        "COLUMN6 AS METRIC_VALUE",
                        "TO_TIMESTAMP_NTZ(COLUMN8, 3) AS FIRST_WINDOW_END",
                        "TO_TIMESTAMP_NTZ(COLUMN9, 3) AS LAST_WINDOW_END",
                        "COLUMN10 AS SAMPLE_COUNT",
                        "ON t.EPISODE_ID = s.EPISODE_ID",
                        "WRITTEN_AT = SYSDATE()")
                .doesNotContain(" VALUE ");
        assertThat(DialectSql.bindVariables(sql)).isEqualTo(11);
    }

    /** Rows as {@code col|col|...} text, SQL null as {@code null}. */
    private static List<String> query(String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = postgres.dataSource().getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData meta = rs.getMetaData();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    row.append(i == 1 ? "" : "|").append(rs.getString(i));
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }
}
