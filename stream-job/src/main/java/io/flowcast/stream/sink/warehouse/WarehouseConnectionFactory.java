package io.flowcast.stream.sink.warehouse;

import java.io.Serializable;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Opens connections to one warehouse engine and names the SQL dialect that goes with it. Shipped
 * with the job graph: holds only where and how to connect (account, host, secret ARN), never a
 * secret. Implementations: {@link SnowflakeConnectionFactory}, {@link PostgresConnectionFactory}.
 */
public interface WarehouseConnectionFactory extends Serializable {

    /**
     * A new connection; the caller closes it.
     *
     * @throws SQLException if it cannot connect; a transient cause (network, throttled secret read)
     *     is a {@link java.sql.SQLTransientException} or class-08 SQLState so that {@link
     *     JdbcMergeWriter} retries it
     */
    Connection connect() throws SQLException;

    /** The dialect of this engine. */
    WarehouseDialect dialect();
}
