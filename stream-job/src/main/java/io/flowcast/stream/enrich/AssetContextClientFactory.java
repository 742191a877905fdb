package io.flowcast.stream.enrich;

import java.io.Serializable;

/**
 * Creates an {@link AssetContextClient} on the task manager. Shipped with the job graph (hence
 * {@link Serializable}) and called once per parallel instance in the async function's {@code open};
 * the client itself is never serialized.
 *
 * <p>Production passes {@link JdbcAssetContextClient#factory(AuroraConnectionConfig)}; tests pass a
 * factory of an in-memory fake.
 */
@FunctionalInterface
public interface AssetContextClientFactory extends Serializable {

    /**
     * A new, open client. May block (it may fetch credentials and set up a connection pool), so
     * call it from {@code open}, never per element.
     *
     * @throws RuntimeException if the client cannot be set up (for example the credentials could
     *     not be read); the message says what to fix
     */
    AssetContextClient create();
}
