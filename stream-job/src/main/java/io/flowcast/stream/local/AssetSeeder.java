package io.flowcast.stream.local;

import io.flowcast.stream.local.simulator.PlantModel;
import io.flowcast.stream.local.simulator.RatedValues;
import io.flowcast.stream.local.simulator.SimulatedAsset;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import javax.sql.DataSource;

/**
 * Fills the asset register ({@code asset} table) with the simulator's plant, so the local run's
 * enrichment finds every asset the simulator publishes for, with ratings that match its physics
 * ({@link SimulatedAsset#rated()}).
 *
 * <p>One row per {@link PlantModel} asset, written as one parameterised batch upsert in one
 * transaction. Seeding again is safe: the inventory and ratings (type, site, line, rated values)
 * are overwritten with the plant's, while the routing hints and the active flag of existing rows
 * are left as they are, so hand edits made to try out routing or deactivation survive.
 */
public final class AssetSeeder {

    static final String UPSERT =
            "INSERT INTO asset (asset_id, asset_type, site, line, rated_power_kw, rated_flow_m3h,"
                    + " rated_pressure_bar, rated_speed_rpm)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                    + " ON CONFLICT (asset_id) DO UPDATE SET"
                    + " asset_type = EXCLUDED.asset_type, site = EXCLUDED.site,"
                    + " line = EXCLUDED.line, rated_power_kw = EXCLUDED.rated_power_kw,"
                    + " rated_flow_m3h = EXCLUDED.rated_flow_m3h,"
                    + " rated_pressure_bar = EXCLUDED.rated_pressure_bar,"
                    + " rated_speed_rpm = EXCLUDED.rated_speed_rpm";

    private AssetSeeder() {}

    /**
     * Upserts one row per asset of the plant.
     *
     * @return the number of assets written
     * @throws SQLException if the table is missing or the database refuses a row; nothing is
     *     written then
     */
    public static int seed(DataSource dataSource, PlantModel plant) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement upsert = c.prepareStatement(UPSERT)) {
                for (SimulatedAsset asset : plant.assets()) {
                    RatedValues rated = asset.rated();
                    upsert.setString(1, asset.id());
                    upsert.setString(2, asset.type().code());
                    upsert.setString(3, asset.site());
                    upsert.setString(4, asset.line());
                    upsert.setDouble(5, rated.powerKw());
                    if (rated.flowM3h().isPresent()) {
                        upsert.setDouble(6, rated.flowM3h().get());
                    } else {
                        upsert.setNull(6, Types.DOUBLE);
                    }
                    upsert.setDouble(7, rated.pressureBar());
                    upsert.setDouble(8, rated.speedRpm());
                    upsert.addBatch();
                }
                upsert.executeBatch();
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
        return plant.assets().size();
    }
}
