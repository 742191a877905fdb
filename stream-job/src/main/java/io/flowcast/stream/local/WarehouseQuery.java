package io.flowcast.stream.local;

import io.flowcast.stream.sink.warehouse.PostgresConnectionFactory;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The local warehouse's query command ({@code scripts/query-warehouse.sh}): runs one SQL query, or
 * by default a short summary (predictions, latest prediction per asset, anomalies per hour per
 * site, dead letters by reason, the latest drift events), against the local warehouse and prints
 * aligned text tables.
 *
 * <p>If a local warehouse is listening on the port (the local run is up), it queries that one;
 * otherwise it starts {@link LocalWarehouse} over the data directory for the query and stops it
 * again. Read-only: every query runs in a {@code READ ONLY} transaction that is rolled back, so a
 * statement that writes fails with PostgreSQL's error.
 *
 * <p>Usage: {@code WarehouseQuery [--data-dir DIR] [--port N] ["SQL"]}; exit code 0, 1 on a query
 * or connection error, 2 on bad arguments.
 */
public final class WarehouseQuery {

    /** Rows printed per table at most. */
    static final int MAX_ROWS = 200;

    /** The default summary: title to query. */
    static final Map<String, String> SUMMARY = new LinkedHashMap<>();

    static {
        SUMMARY.put(
                "Predictions",
                "SELECT count(*) AS predictions, count(*) FILTER (WHERE anomaly) AS anomalies,"
                        + " count(DISTINCT asset_id) AS assets, min(window_start) AS first_window,"
                        + " max(window_end) AS last_window_end, max(written_at) AS last_written"
                        + " FROM predictions");
        SUMMARY.put(
                "Latest prediction per asset",
                "SELECT asset_id, site, window_end, target, round(predicted::numeric, 3) AS"
                        + " predicted, round(actual::numeric, 3) AS actual,"
                        + " round(anomaly_score::numeric, 2) AS anomaly_score, anomaly,"
                        + " model_version FROM latest_prediction_per_asset ORDER BY asset_id"
                        + " LIMIT 50");
        SUMMARY.put(
                "Anomalies per hour per site",
                "SELECT site, hour, predictions, anomalies, round(max_anomaly_score::numeric, 2)"
                        + " AS max_anomaly_score FROM anomalies_per_hour_per_site"
                        + " ORDER BY hour DESC, site LIMIT 48");
        SUMMARY.put(
                "Dead letters by reason",
                "SELECT reason, stage, count(*) AS dead_letters, max(detected_at) AS"
                        + " last_detected FROM dead_letters GROUP BY reason, stage"
                        + " ORDER BY dead_letters DESC, reason, stage");
        SUMMARY.put(
                "Drift events (latest 10)",
                "SELECT asset_type AS model, model_version AS version, metric, feature,"
                        + " round(metric_value::numeric, 4) AS value,"
                        + " round(threshold::numeric, 4) AS threshold,"
                        + " first_window_end, last_window_end FROM drift_events"
                        + " ORDER BY last_window_end DESC, episode_id LIMIT 10");
    }

    private WarehouseQuery() {}

    /** Runs the command and exits with its code. */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command; returns the exit code. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        Path dataDir = Paths.get(LocalWarehouse.DEFAULT_DATA_DIR);
        int port = LocalWarehouse.DEFAULT_PORT;
        String sql = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if ((a.equals("--data-dir") || a.equals("--port")) && i + 1 >= args.length) {
                err.println("query-warehouse: " + a + " needs a value");
                return 2;
            }
            if (a.equals("--data-dir")) {
                dataDir = Paths.get(args[++i]);
            } else if (a.equals("--port")) {
                try {
                    port = Integer.parseInt(args[++i]);
                } catch (NumberFormatException e) {
                    err.println("query-warehouse: --port needs a number, got " + args[i]);
                    return 2;
                }
            } else if (a.equals("-h") || a.equals("--help")) {
                out.println(
                        "Usage: query-warehouse [--data-dir DIR] [--port N] [\"SQL\"]\n"
                                + "Without SQL: a summary of predictions, the latest prediction"
                                + " per asset, anomalies per hour per site, dead letters by"
                                + " reason and the latest drift events. Read-only.");
                return 0;
            } else if (a.startsWith("--")) {
                err.println("query-warehouse: unknown option " + a);
                return 2;
            } else if (sql != null) {
                err.println("query-warehouse: give one SQL query (quote it)");
                return 2;
            } else {
                sql = a;
            }
        }
        Map<String, String> queries = new LinkedHashMap<>();
        if (sql == null) {
            queries.putAll(SUMMARY);
        } else {
            queries.put(null, sql);
        }
        try {
            if (LocalWarehouse.isListening(port)) {
                return query(
                        new PostgresConnectionFactory(
                                LocalWarehouse.HOST,
                                port,
                                PostgresConnectionFactory.LOCAL_DATABASE),
                        queries,
                        out,
                        err);
            }
            if (!Files.isDirectory(dataDir)) {
                err.println(
                        "query-warehouse: no local warehouse at "
                                + dataDir.toAbsolutePath()
                                + " and none listening on port "
                                + port
                                + "; run scripts/run-local.sh first");
                return 1;
            }
            try (LocalWarehouse warehouse = LocalWarehouse.start(dataDir, port)) {
                return query(warehouse.connectionFactory(), queries, out, err);
            }
        } catch (LocalSetupException e) {
            err.println("query-warehouse: " + e.getMessage());
            return 1;
        }
    }

    private static int query(
            PostgresConnectionFactory connections,
            Map<String, String> queries,
            PrintStream out,
            PrintStream err) {
        try (Connection c = connections.connect()) {
            c.setAutoCommit(false);
            for (Map.Entry<String, String> q : queries.entrySet()) {
                try (Statement s = c.createStatement()) {
                    s.execute("SET TRANSACTION READ ONLY");
                    s.setMaxRows(MAX_ROWS + 1);
                    if (q.getKey() != null) {
                        out.println("== " + q.getKey());
                    }
                    if (s.execute(q.getValue())) {
                        try (ResultSet rs = s.getResultSet()) {
                            print(rs, out);
                        }
                    } else {
                        out.println("(" + s.getUpdateCount() + " rows)");
                    }
                } finally {
                    c.rollback();
                }
                out.println();
            }
            return 0;
        } catch (SQLException e) {
            err.println("query-warehouse: " + e.getMessage());
            return 1;
        }
    }

    /** Prints {@code rs} as an aligned table: numbers right-aligned, null as {@code null}. */
    static void print(ResultSet rs, PrintStream out) throws SQLException {
        ResultSetMetaData meta = rs.getMetaData();
        int n = meta.getColumnCount();
        boolean[] numeric = new boolean[n];
        int[] width = new int[n];
        String[] header = new String[n];
        for (int i = 0; i < n; i++) {
            header[i] = meta.getColumnLabel(i + 1);
            width[i] = header[i].length();
            numeric[i] = isNumeric(meta.getColumnType(i + 1));
        }
        List<String[]> rows = new ArrayList<>();
        boolean more = false;
        while (rs.next()) {
            if (rows.size() == MAX_ROWS) {
                more = true;
                break;
            }
            String[] row = new String[n];
            for (int i = 0; i < n; i++) {
                String v = rs.getString(i + 1);
                row[i] = v == null ? "null" : v.replace('\n', ' ').replace('\t', ' ');
                width[i] = Math.max(width[i], row[i].length());
            }
            rows.add(row);
        }
        out.println(line(header, width, new boolean[n]));
        StringBuilder rule = new StringBuilder();
        for (int i = 0; i < n; i++) {
            rule.append(i == 0 ? "" : "-+-").append("-".repeat(width[i]));
        }
        out.println(rule);
        for (String[] row : rows) {
            out.println(line(row, width, numeric));
        }
        out.println(
                "("
                        + rows.size()
                        + (rows.size() == 1 ? " row" : " rows")
                        + (more ? ", more not shown" : "")
                        + ")");
    }

    private static String line(String[] cells, int[] width, boolean[] rightAlign) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                s.append(" | ");
            }
            String pad = " ".repeat(width[i] - cells[i].length());
            if (rightAlign[i]) {
                s.append(pad).append(cells[i]);
            } else {
                s.append(cells[i]);
                if (i < cells.length - 1) {
                    s.append(pad);
                }
            }
        }
        return s.toString();
    }

    private static boolean isNumeric(int type) {
        switch (type) {
            case Types.TINYINT:
            case Types.SMALLINT:
            case Types.INTEGER:
            case Types.BIGINT:
            case Types.REAL:
            case Types.FLOAT:
            case Types.DOUBLE:
            case Types.NUMERIC:
            case Types.DECIMAL:
                return true;
            default:
                return false;
        }
    }
}
