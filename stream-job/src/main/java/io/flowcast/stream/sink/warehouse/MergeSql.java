package io.flowcast.stream.sink.warehouse;

import java.util.List;
import java.util.function.UnaryOperator;

/** Pieces of MERGE text the dialects share; package-private, no values ever pass through here. */
final class MergeSql {

    private MergeSql() {}

    /** {@code (?, ?, ...)} with {@code n} bind variables. */
    static String placeholders(int n) {
        StringBuilder row = new StringBuilder(n * 3 + 2).append('(');
        for (int i = 0; i < n; i++) {
            row.append(i == 0 ? "?" : ", ?");
        }
        return row.append(')').toString();
    }

    /**
     * Appends {@code WHEN MATCHED THEN UPDATE SET} (every non-key column plus {@code written_at})
     * and {@code WHEN NOT MATCHED THEN INSERT} (every column plus {@code written_at}).
     */
    static void appendWhenClauses(
            StringBuilder sql,
            List<WarehouseColumn> columns,
            UnaryOperator<String> id,
            String now) {
        String writtenAt = id.apply(WarehouseTable.WRITTEN_AT);
        sql.append("\nWHEN MATCHED THEN UPDATE SET ");
        for (int i = 1; i < columns.size(); i++) {
            String c = id.apply(columns.get(i).name());
            sql.append(c).append(" = s.").append(c).append(", ");
        }
        sql.append(writtenAt).append(" = ").append(now);
        sql.append("\nWHEN NOT MATCHED THEN INSERT (");
        for (WarehouseColumn column : columns) {
            sql.append(id.apply(column.name())).append(", ");
        }
        sql.append(writtenAt).append(")\nVALUES (");
        for (WarehouseColumn column : columns) {
            sql.append("s.").append(id.apply(column.name())).append(", ");
        }
        sql.append(now).append(')');
    }
}
