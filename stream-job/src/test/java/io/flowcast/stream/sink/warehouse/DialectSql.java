package io.flowcast.stream.sink.warehouse;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Helpers for the dialect tests: counting bind variables and listing the words of SQL text. */
final class DialectSql {

    private static final Pattern WORD = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private static final Set<String> KEYWORDS =
            Set.of(
                    "merge",
                    "into",
                    "as",
                    "t",
                    "s",
                    "using",
                    "select",
                    "from",
                    "values",
                    "on",
                    "when",
                    "matched",
                    "then",
                    "update",
                    "set",
                    "not",
                    "insert",
                    "parse_json",
                    "to_timestamp_ntz",
                    "sysdate",
                    "to_timestamp",
                    "at",
                    "time",
                    "zone",
                    "now",
                    "text",
                    "integer",
                    "bigint",
                    "double",
                    "precision",
                    "boolean",
                    "jsonb",
                    "unnest",
                    "v");

    private DialectSql() {}

    static int bindVariables(String sql) {
        int n = 0;
        for (int i = 0; i < sql.length(); i++) {
            if (sql.charAt(i) == '?') {
                n++;
            }
        }
        return n;
    }

    /** The words of {@code sql} in lower case, string literals removed. */
    static Set<String> identifiers(String sql) {
        Set<String> words = new HashSet<>();
        Matcher m = WORD.matcher(sql.replace("'UTC'", ""));
        while (m.find()) {
            words.add(m.group().toLowerCase(Locale.ROOT));
        }
        return words;
    }

    /** Keywords, the table's whitelisted names and (for Snowflake) its COLUMNn references. */
    static Set<String> allowedWords(WarehouseTable table, boolean columnRefs) {
        Set<String> allowed = new HashSet<>(KEYWORDS);
        allowed.add(table.tableName());
        allowed.add(WarehouseTable.WRITTEN_AT);
        for (int i = 0; i < table.columns().size(); i++) {
            allowed.add(table.columns().get(i).name());
            if (columnRefs) {
                allowed.add("column" + (i + 1));
            }
        }
        return allowed;
    }
}
