package io.flowcast.stream.sink.warehouse;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;

/**
 * Tells transient database failures (worth retrying on a fresh connection) from permanent ones, by
 * SQLState and exception type along the cause and next-exception chains:
 *
 * <ul>
 *   <li>class {@code 08}: connection exceptions (refused, broken, closed);
 *   <li>{@code 40001} serialization failure, {@code 40P01} deadlock;
 *   <li>{@code 57014} query cancelled (statement timeout), {@code 57P01..57P03} admin/crash
 *       shutdown and "cannot connect now";
 *   <li>{@code 53300} too many connections, {@code 55P03} lock not available;
 *   <li>any {@link SQLTransientException} or {@link SQLRecoverableException}.
 * </ul>
 *
 * Everything else (syntax, constraint, data errors such as invalid JSON) is permanent: retrying
 * would fail the same way.
 */
public final class TransientSqlErrors {

    private static final Set<String> TRANSIENT_STATES =
            Set.of("40001", "40P01", "57014", "57P01", "57P02", "57P03", "53300", "55P03");

    private TransientSqlErrors() {}

    /** Whether {@code e} or anything it wraps is transient. */
    public static boolean isTransient(SQLException e) {
        int guard = 0;
        for (Throwable t = e; t != null && guard < 32; t = next(t), guard++) {
            if (t instanceof SQLTransientException || t instanceof SQLRecoverableException) {
                return true;
            }
            if (t instanceof SQLException && isTransientState(((SQLException) t).getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /** Whether a SQLState names a transient condition. */
    public static boolean isTransientState(String sqlState) {
        return sqlState != null
                && (sqlState.startsWith("08") || TRANSIENT_STATES.contains(sqlState));
    }

    private static Throwable next(Throwable t) {
        if (t instanceof SQLException && ((SQLException) t).getNextException() != null) {
            return ((SQLException) t).getNextException();
        }
        return t.getCause() == t ? null : t.getCause();
    }
}
