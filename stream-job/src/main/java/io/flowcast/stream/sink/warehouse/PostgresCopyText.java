package io.flowcast.stream.sink.warehouse;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Encodes rows in PostgreSQL's {@code COPY} text format for the staging table of {@link
 * PostgresDialect#createStagingSql}: one line per row, values separated by tabs, {@code \N} for
 * null, backslash, newline, carriage return and tab escaped. Epoch-millisecond timestamps are
 * written as UTC {@code yyyy-MM-dd HH:mm:ss.SSS} (years 1..9999), JSON as its text (COPY parses it
 * into the staging table's {@code jsonb}). Package-private: data never reaches SQL text, only the
 * COPY data stream.
 */
final class PostgresCopyText {

    private PostgresCopyText() {}

    /** Appends the lines of {@code rows} (each {@code columns.size()} values) to {@code out}. */
    static void append(
            StringBuilder out, List<WarehouseColumn> columns, List<? extends WarehouseRow> rows) {
        int n = columns.size();
        for (WarehouseRow row : rows) {
            List<Object> values = row.values();
            if (values.size() != n) {
                throw new IllegalArgumentException(
                        "row has " + values.size() + " values for " + n + " columns");
            }
            for (int i = 0; i < n; i++) {
                if (i > 0) {
                    out.append('\t');
                }
                appendValue(out, columns.get(i).type(), values.get(i));
            }
            out.append('\n');
        }
    }

    private static void appendValue(StringBuilder out, WarehouseColumn.Type type, Object value) {
        if (value == null) {
            out.append("\\N");
            return;
        }
        switch (type) {
            case TEXT:
            case JSON:
                appendEscaped(out, (String) value);
                break;
            case INTEGER:
                out.append(((Number) value).intValue());
                break;
            case BIGINT:
                out.append(((Number) value).longValue());
                break;
            case TIMESTAMP_MILLIS:
                appendUtcTimestamp(out, ((Number) value).longValue());
                break;
            case DOUBLE:
                // Double.toString round-trips exactly; PostgreSQL reads 1.0E10, NaN, Infinity.
                out.append(((Number) value).doubleValue());
                break;
            case BOOLEAN:
                out.append((Boolean) value ? 't' : 'f');
                break;
            default:
                throw new IllegalStateException("unknown column type " + type);
        }
    }

    /** {@code yyyy-MM-dd HH:mm:ss.SSS} in UTC, what a PostgreSQL {@code timestamp} reads. */
    static void appendUtcTimestamp(StringBuilder out, long epochMillis) {
        LocalDateTime t =
                LocalDateTime.ofEpochSecond(
                        Math.floorDiv(epochMillis, 1000L),
                        (int) Math.floorMod(epochMillis, 1000L) * 1_000_000,
                        ZoneOffset.UTC);
        int year = t.getYear();
        if (year < 1 || year > 9999) {
            throw new IllegalArgumentException("timestamp out of range: " + epochMillis + " ms");
        }
        pad(out, year, 4).append('-');
        pad(out, t.getMonthValue(), 2).append('-');
        pad(out, t.getDayOfMonth(), 2).append(' ');
        pad(out, t.getHour(), 2).append(':');
        pad(out, t.getMinute(), 2).append(':');
        pad(out, t.getSecond(), 2).append('.');
        pad(out, t.getNano() / 1_000_000, 3);
    }

    private static StringBuilder pad(StringBuilder out, int value, int digits) {
        for (int limit = 10, d = 1; d < digits; d++, limit *= 10) {
            if (value < limit) {
                out.append('0');
            }
        }
        return out.append(value);
    }

    private static void appendEscaped(StringBuilder out, String s) {
        for (int i = 0, len = s.length(); i < len; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\':
                    out.append("\\\\");
                    break;
                case '\n':
                    out.append("\\n");
                    break;
                case '\r':
                    out.append("\\r");
                    break;
                case '\t':
                    out.append("\\t");
                    break;
                default:
                    out.append(c);
            }
        }
    }
}
