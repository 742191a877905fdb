package io.flowcast.stream.enrich;

/**
 * How the connection to the database is protected, as the PostgreSQL driver's {@code sslmode}. Only
 * the two modes Flowcast needs exist: full verification for Aurora, none for a database on this
 * machine.
 */
public enum TlsMode {
    /**
     * TLS, the server certificate must chain to {@code sslrootcert} (the RDS CA bundle) and its
     * name must match the host. Required for any host that is not loopback.
     */
    VERIFY_FULL("verify-full"),
    /** No TLS. Allowed only for loopback hosts (the embedded stand-in). */
    DISABLE("disable");

    private final String sslMode;

    TlsMode(String sslMode) {
        this.sslMode = sslMode;
    }

    /** The driver's {@code sslmode} value. */
    public String sslMode() {
        return sslMode;
    }
}
