package io.flowcast.stream.enrich;

import java.io.Serializable;

/**
 * Where the database password comes from: the strategy part of {@link AuroraConnectionConfig}.
 * Shipped with the job graph, so it holds only how to find the credentials (a secret ARN), never
 * the production password itself.
 *
 * <p>Implementations: {@link SecretsManagerCredentialsProvider} for Aurora, {@link
 * FixedCredentialsProvider} for local stand-ins on loopback.
 */
public interface DatabaseCredentialsProvider extends Serializable {

    /**
     * Reads the current credentials. Called when a client is created (in the Flink function's
     * {@code open}); may block on a network call.
     *
     * @throws DatabaseCredentialsException if they cannot be read; the message names the source but
     *     never contains secret material
     */
    DatabaseCredentials credentials();

    /**
     * True if these credentials may only be used with a database on this machine. {@link
     * AuroraConnectionConfig} refuses such a provider for any other host.
     */
    default boolean loopbackOnly() {
        return false;
    }
}
