package io.flowcast.stream.sink.warehouse;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One bound column of a warehouse table: its lower-case snake_case name (the dialect decides the
 * case it is written in) and the {@link Type} that says how its value is bound and converted.
 *
 * <p>Names are checked against {@code [a-z][a-z0-9_]*} when the constant is created; together with
 * {@link WarehouseTable} being an enum this is the identifier whitelist: no identifier in generated
 * SQL ever comes from data or configuration.
 */
public final class WarehouseColumn {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");

    /** How a column's value travels: the JDBC bind type and the SQL conversion around it. */
    public enum Type {
        /** Text, bound with {@code setString}. */
        TEXT,
        /** 32-bit integer, bound with {@code setInt}. */
        INTEGER,
        /** 64-bit integer, bound with {@code setLong}. */
        BIGINT,
        /** Double, bound with {@code setDouble}. */
        DOUBLE,
        /** Boolean, bound with {@code setBoolean}. */
        BOOLEAN,
        /** Epoch milliseconds (UTC) bound with {@code setLong}, stored as a UTC timestamp. */
        TIMESTAMP_MILLIS,
        /** JSON text bound with {@code setString}, stored semi-structured (VARIANT / JSONB). */
        JSON
    }

    private final String name;
    private final Type type;

    WarehouseColumn(String name, Type type) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "column name must match [a-z][a-z0-9_]*, got " + name);
        }
        this.name = name;
        this.type = Objects.requireNonNull(type, "type");
    }

    /** The lower-case snake_case name. */
    public String name() {
        return name;
    }

    /** How the value is bound and converted. */
    public Type type() {
        return type;
    }

    @Override
    public String toString() {
        return name + ":" + type;
    }
}
