package io.flowcast.stream.enrich;

/**
 * An asset lookup failed; the register may or may not have the asset. Completes the futures of
 * {@link AssetContextClient#find(String)} exceptionally. {@link #reason()} lets the caller tell a
 * passing outage from a programming or data error without parsing messages.
 */
public class AssetLookupException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why the lookup failed. */
    public enum Reason {
        /** The database could not be reached or dropped the connection. Usually passes. */
        UNAVAILABLE,
        /** The query ran longer than the configured query timeout and was cancelled. */
        TIMEOUT,
        /** Too many lookups were already waiting; this one was refused without waiting. */
        OVERLOADED,
        /** The client was closed before or while the lookup ran. */
        CLOSED,
        /** Anything else: an SQL error (wrong schema, permissions) or an unexpected value. */
        FAILED
    }

    private final Reason reason;
    private final String assetId;

    public AssetLookupException(Reason reason, String assetId, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.assetId = assetId;
    }

    public AssetLookupException(Reason reason, String assetId, String message) {
        this(reason, assetId, message, null);
    }

    /** Why the lookup failed. */
    public Reason reason() {
        return reason;
    }

    /** The asset id that was looked up. */
    public String assetId() {
        return assetId;
    }
}
