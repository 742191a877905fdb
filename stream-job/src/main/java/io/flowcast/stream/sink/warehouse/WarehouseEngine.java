package io.flowcast.stream.sink.warehouse;

/** Which warehouse the sink writes to ({@code Warehouse/engine}). */
public enum WarehouseEngine {
    /** Snowflake over snowflake-jdbc with key-pair authentication (production). */
    SNOWFLAKE,
    /** PostgreSQL on this machine: the local run's embedded PostgreSQL 17 stand-in. */
    POSTGRES,
    /** No warehouse sink. */
    NONE
}
