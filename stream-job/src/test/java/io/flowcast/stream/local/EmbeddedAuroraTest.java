package io.flowcast.stream.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowcast.stream.config.RepoPaths;
import io.flowcast.stream.local.simulator.AssetType;
import io.flowcast.stream.local.simulator.PlantModel;
import io.flowcast.stream.local.simulator.SimulatedAsset;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Aurora stand-in: PostgreSQL 17 with the asset schema applied, seeded from the simulator's
 * plant, and a stop/start that keeps port and data.
 */
class EmbeddedAuroraTest {

    static final PlantModel PLANT = new PlantModel(2, 2, 3, 42);

    static final String ROWS =
            "SELECT concat_ws('|', asset_id, asset_type, site, line, rated_power_kw,"
                    + " rated_flow_m3h, rated_pressure_bar, rated_speed_rpm) FROM asset"
                    + " ORDER BY asset_id";

    static EmbeddedAurora aurora;

    @BeforeAll
    static void launch() {
        aurora = EmbeddedAurora.launch();
    }

    @AfterAll
    static void close() {
        aurora.close();
    }

    @BeforeEach
    void emptyRegister() throws SQLException {
        aurora.start();
        execute("DELETE FROM asset");
    }

    @Test
    void theCheckedInSeedScriptIsTheLocalPlantAndLoadsTheSameRowsAsTheSeeder() throws Exception {
        String script =
                Files.readString(RepoPaths.repoDir().resolve("schemas/assets/seed-local.sql"));
        assertThat(script)
                .as("schemas/assets/seed-local.sql is stale; regenerate it (see its README)")
                .isEqualTo(AssetSeeder.script(AssetSeeder.localRunPlant()));

        execute(script);
        List<String> fromScript = queryStrings(ROWS);
        execute("DELETE FROM asset");
        AssetSeeder.seed(aurora.dataSource(), AssetSeeder.localRunPlant());
        List<String> fromSeeder = queryStrings(ROWS);

        assertThat(fromScript).hasSize(20).isEqualTo(fromSeeder);
    }

    @Test
    void runsPostgres17WithTheAssetSchemaAndItsComments() throws SQLException {
        assertThat(queryString("SHOW server_version")).startsWith("17.");
        assertThat(
                        queryStrings(
                                "SELECT column_name || ' ' || data_type || ' ' || is_nullable"
                                        + " FROM information_schema.columns WHERE table_name ="
                                        + " 'asset' ORDER BY ordinal_position"))
                .containsExactly(
                        "asset_id text NO",
                        "asset_type text NO",
                        "site text NO",
                        "line text NO",
                        "rated_power_kw double precision YES",
                        "rated_flow_m3h double precision YES",
                        "rated_pressure_bar double precision YES",
                        "rated_speed_rpm double precision YES",
                        "model_endpoint text YES",
                        "model_variant text YES",
                        "active boolean NO",
                        "updated_at timestamp with time zone NO");
        assertThat(
                        queryString(
                                "SELECT count(*) FROM pg_attribute a WHERE a.attrelid ="
                                        + " 'asset'::regclass AND a.attnum > 0 AND"
                                        + " col_description(a.attrelid, a.attnum) IS NOT NULL"))
                .as("every column has a comment")
                .isEqualTo("12");
        assertThat(queryString("SELECT obj_description('asset'::regclass)")).contains("Flowcast");
    }

    @Test
    void theSchemaIsIdempotentAndItsChecksHold() throws SQLException {
        aurora.applySchema();
        aurora.applySchema();

        assertThatThrownBy(
                        () ->
                                execute(
                                        "INSERT INTO asset (asset_id, asset_type, site, line,"
                                                + " rated_power_kw) VALUES ('a', 'pump', 's',"
                                                + " 'l', 0)"))
                .hasMessageContaining("rated_power_kw_positive");
        assertThatThrownBy(
                        () ->
                                execute(
                                        "INSERT INTO asset (asset_id, asset_type, site, line)"
                                                + " VALUES ('a', 'Pump', 's', 'l')"))
                .hasMessageContaining("asset_type_is_code");
        assertThatThrownBy(
                        () ->
                                execute(
                                        "INSERT INTO asset (asset_id, asset_type, site, line)"
                                                + " VALUES (' ', 'pump', 's', 'l')"))
                .hasMessageContaining("asset_id_not_blank");
    }

    @Test
    void updatedAtFollowsEveryUpdate() throws Exception {
        execute(
                "INSERT INTO asset (asset_id, asset_type, site, line, updated_at)"
                        + " VALUES ('a', 'pump', 's', 'l', '2020-01-01T00:00:00Z')");
        execute("UPDATE asset SET model_variant = 'canary' WHERE asset_id = 'a'");
        assertThat(queryString("SELECT updated_at > now() - interval '1 minute' FROM asset"))
                .isEqualTo("t");
    }

    @Test
    void seedingWritesOneRowPerPlantAssetWithItsRatings() throws SQLException {
        assertThat(AssetSeeder.seed(aurora.dataSource(), PLANT)).isEqualTo(12);

        List<String> ids = new ArrayList<>();
        PLANT.assets().forEach(a -> ids.add(a.id()));
        assertThat(queryStrings("SELECT asset_id FROM asset"))
                .containsExactlyInAnyOrderElementsOf(ids);

        SimulatedAsset pump = PLANT.assets().get(0);
        assertThat(pump.type()).isEqualTo(AssetType.PUMP);
        assertThat(
                        queryString(
                                "SELECT concat_ws('|', asset_type, site, line, rated_power_kw,"
                                        + " rated_flow_m3h, rated_pressure_bar, rated_speed_rpm,"
                                        + " model_endpoint, model_variant, active) FROM asset"
                                        + " WHERE asset_id = '"
                                        + pump.id()
                                        + "'"))
                .isEqualTo(
                        String.join(
                                "|",
                                "pump",
                                pump.site(),
                                pump.line(),
                                plain(pump.rated().powerKw()),
                                plain(pump.rated().flowM3h().orElseThrow()),
                                plain(pump.rated().pressureBar()),
                                "1480",
                                "t"));
        assertThat(
                        queryString(
                                "SELECT count(*) FROM asset WHERE asset_type = 'compressor' AND"
                                        + " rated_flow_m3h IS NULL AND rated_speed_rpm = 2980"))
                .isEqualTo("4");
    }

    @Test
    void seedingAgainKeepsHandEditedRoutingAndActiveFlags() throws SQLException {
        AssetSeeder.seed(aurora.dataSource(), PLANT);
        String pump = PLANT.assets().get(0).id();
        execute(
                "UPDATE asset SET active = false, model_endpoint = 'pump-v2', rated_power_kw = 1"
                        + " WHERE asset_id = '"
                        + pump
                        + "'");

        AssetSeeder.seed(aurora.dataSource(), PLANT);

        assertThat(queryString("SELECT count(*) FROM asset")).isEqualTo("12");
        assertThat(
                        queryString(
                                "SELECT concat_ws('|', active, model_endpoint, rated_power_kw ="
                                        + " 1) FROM asset WHERE asset_id = '"
                                        + pump
                                        + "'"))
                .isEqualTo("f|pump-v2|f");
    }

    @Test
    void stopAndStartKeepThePortAndTheData() throws SQLException {
        AssetSeeder.seed(aurora.dataSource(), PLANT);
        int port = aurora.port();

        aurora.stop();
        assertThat(aurora.isRunning()).isFalse();
        assertThatThrownBy(() -> queryString("SELECT 1")).isInstanceOf(SQLException.class);

        aurora.start();
        assertThat(aurora.isRunning()).isTrue();
        assertThat(aurora.port()).isEqualTo(port);
        assertThat(queryString("SELECT count(*) FROM asset")).isEqualTo("12");
        assertThat(aurora.lastStartTime()).isPositive();
    }

    @Test
    void aTakenPortIsReportedClearly() {
        assertThatThrownBy(() -> EmbeddedAurora.launch(aurora.port()))
                .isInstanceOf(LocalSetupException.class)
                .hasMessageContaining("Port " + aurora.port())
                .hasMessageContaining("embedded Aurora");
    }

    /** How PostgreSQL prints a double precision value as text (no trailing ".0"). */
    private static String plain(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }

    private static void execute(String sql) throws SQLException {
        try (Connection c = aurora.dataSource().getConnection();
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static String queryString(String sql) throws SQLException {
        List<String> values = queryStrings(sql);
        assertThat(values).as(sql).hasSize(1);
        return values.get(0);
    }

    private static List<String> queryStrings(String sql) throws SQLException {
        try (Connection c = aurora.dataSource().getConnection();
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (r.next()) {
                values.add(r.getString(1));
            }
            return values;
        }
    }
}
