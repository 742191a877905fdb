package io.flowcast.stream.sink.warehouse;

import java.io.Serializable;

/**
 * Where the Snowflake key pair comes from. Shipped with the job graph, so it holds only how to find
 * the key (a secret ARN), never the key. Production: {@link SecretsManagerKeyPairSource}; tests may
 * pass their own.
 */
@FunctionalInterface
public interface SnowflakeKeyPairSource extends Serializable {

    /**
     * Reads the user and key; called for every new connection (so a rotated key is picked up on the
     * next reconnect). May block on a network call.
     *
     * @throws WarehouseCredentialsException if the secret is unusable (permanent)
     * @throws java.io.UncheckedIOException if it could not be fetched (worth retrying)
     */
    SnowflakeKeyPair read();
}
