package io.flowcast.stream.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowcast.stream.local.sagemaker.ModelServer;
import io.flowcast.stream.local.stepfunctions.ExecutionListener;
import io.flowcast.stream.local.stepfunctions.ExecutionRecord;
import java.io.IOException;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The local run's view of the drift-to-retraining loop, printed between the progress lines:
 *
 * <ul>
 *   <li>drift events as the job writes them to the local warehouse ({@code drift_events});
 *   <li>retraining runs as the local Step Functions stand-in starts and ends them (this is its
 *       {@link ExecutionListener});
 *   <li>the model version each local SageMaker endpoint serves, when it changes;
 *   <li>at the end, the residual RMSE per model version before and after the drift onset, from the
 *       warehouse's predictions.
 * </ul>
 *
 * Read-only towards the job: it only queries the warehouse and the model server.
 */
final class DriftLoopConsole implements ExecutionListener {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    private final PrintStream out;
    private final ModelServer models;
    private final List<String> assetTypes;
    private final LocalWarehouse warehouse;
    private final Set<String> seenEpisodes = new HashSet<>();
    private Timestamp seenUntil = new Timestamp(0);
    private final Map<String, String> served = new HashMap<>();

    /**
     * @param warehouse the local warehouse the job writes, or null (no drift events shown then)
     */
    DriftLoopConsole(
            PrintStream out,
            ModelServer models,
            List<String> assetTypes,
            LocalWarehouse warehouse) {
        this.out = out;
        this.models = models;
        this.assetTypes = List.copyOf(assetTypes);
        this.warehouse = warehouse;
        for (String type : assetTypes) {
            models.servedVersion(type).ifPresent(v -> served.put(type, v));
        }
    }

    /** Prints what changed since the last call: new drift events, newly served versions. */
    void poll() {
        for (String type : assetTypes) {
            String now = models.servedVersion(type).orElse(null);
            String before = served.get(type);
            if (now != null && !now.equals(before)) {
                served.put(type, now);
                out.printf(
                        "  MODEL   %s endpoint %s now serves %s (was %s), no restart%n",
                        type,
                        ModelServer.endpointName(type),
                        now,
                        before == null ? "nothing" : before);
            }
        }
        if (warehouse == null) {
            return;
        }
        // Only rows written since the last poll (a replay rewrites a row: seenEpisodes dedupes).
        try (Connection c = warehouse.connectionFactory().connect();
                PreparedStatement s =
                        c.prepareStatement(
                                "SELECT episode_id, asset_type, model_version, metric, feature,"
                                        + " metric_value, threshold,"
                                        + " extract(epoch FROM first_window_end) * 1000,"
                                        + " extract(epoch FROM last_window_end) * 1000,"
                                        + " sample_count, written_at FROM drift_events"
                                        + " WHERE written_at > ?"
                                        + " ORDER BY last_window_end, episode_id")) {
            s.setTimestamp(1, seenUntil);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Timestamp writtenAt = rs.getTimestamp(11);
                    if (writtenAt.after(seenUntil)) {
                        seenUntil = writtenAt;
                    }
                    if (!seenEpisodes.add(rs.getString(1))) {
                        continue;
                    }
                    String feature = rs.getString(5);
                    out.printf(
                            "  DRIFT   %s %s: %s%s = %.3f > %.3f, change since %s, detected at"
                                    + " window end %s (%,d values)%n",
                            rs.getString(2),
                            rs.getString(3),
                            rs.getString(4),
                            feature == null ? "" : "(" + feature + ")",
                            rs.getDouble(6),
                            rs.getDouble(7),
                            TIME.format(Instant.ofEpochMilli((long) rs.getDouble(8))),
                            TIME.format(Instant.ofEpochMilli((long) rs.getDouble(9))),
                            rs.getLong(10));
                }
            }
        } catch (SQLException e) {
            // the warehouse may be busy while the job starts; the next poll tries again
        }
    }

    @Override
    public void started(ExecutionRecord e) {
        String why = "";
        try {
            JsonNode input = JSON.readTree(e.input());
            JsonNode evidence = input.path("evidence");
            why =
                    String.format(
                            " for %s %s (%s %s)",
                            input.path("assetType").asText(),
                            input.path("modelVersion").asText(),
                            input.path("reason").asText(),
                            evidence.path("metric").asText(""));
        } catch (IOException ignored) {
            // the input is always JSON; if not, the name alone still says which run
        }
        out.printf("  RETRAIN started %s%s%n", e.name(), why);
    }

    @Override
    public void succeeded(ExecutionRecord e) {
        out.printf("  RETRAIN %s succeeded: %s%n", e.name(), e.output());
    }

    @Override
    public void failed(ExecutionRecord e) {
        out.printf("  RETRAIN %s FAILED: %s: %s%n", e.name(), e.error(), e.cause());
    }

    @Override
    public void aborted(ExecutionRecord e) {
        out.printf("  RETRAIN %s aborted at shutdown: %s%n", e.name(), e.cause());
    }

    /**
     * Prints the residual RMSE of every model version from the warehouse's predictions, split at
     * {@code onsetMillis} (the simulator's drift start; no split if negative).
     */
    void printResidualRmse(long onsetMillis) {
        if (warehouse == null) {
            return;
        }
        String split =
                onsetMillis < 0 ? "false" : "window_start >= to_timestamp(?) AT TIME ZONE 'UTC'";
        String sql =
                "SELECT asset_type, model_version, "
                        + split
                        + " AS after_onset, sqrt(avg(residual * residual)), count(*)"
                        + " FROM predictions WHERE residual IS NOT NULL"
                        + " GROUP BY 1, 2, 3 ORDER BY 1, 2, 3";
        try (Connection c = warehouse.connectionFactory().connect();
                PreparedStatement s = c.prepareStatement(sql)) {
            if (onsetMillis >= 0) {
                s.setDouble(1, onsetMillis / 1000.0);
            }
            try (ResultSet rs = s.executeQuery()) {
                out.println("  residual RMSE by model version (from the warehouse):");
                while (rs.next()) {
                    out.printf(
                            "    %-12s %-6s %-19s RMSE %7.3f over %,d predictions%n",
                            rs.getString(1),
                            rs.getString(2),
                            onsetMillis < 0
                                    ? ""
                                    : rs.getBoolean(3) ? "after drift onset" : "before drift onset",
                            rs.getDouble(4),
                            rs.getLong(5));
                }
            }
        } catch (SQLException e) {
            out.println("  residual RMSE: warehouse not readable (" + e.getMessage() + ")");
        }
    }
}
