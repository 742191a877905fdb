package io.flowcast.stream.enrich;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Looks up the {@link AssetContext} of an asset in the plant's asset register (Aurora PostgreSQL in
 * production, {@link JdbcAssetContextClient}; fakes in tests).
 *
 * <p>The enrichment stage's async function is a thin adapter over this interface: it creates the
 * client in {@code open} through an {@link AssetContextClientFactory}, calls {@link #find(String)}
 * from {@code asyncInvoke}, and closes it in {@code close}.
 */
public interface AssetContextClient extends AutoCloseable {

    /**
     * Starts the lookup of one asset and returns at once; the caller's thread is never blocked,
     * also not while the database is down or the client is overloaded.
     *
     * <p>The future completes
     *
     * <ul>
     *   <li>with the context when the register has a row for the id (inactive assets included, with
     *       {@code active = false});
     *   <li>with {@link Optional#empty()} when it has no such row;
     *   <li>exceptionally with an {@link AssetLookupException} when the lookup failed (database
     *       unreachable, query timeout, too many lookups waiting, client closed); its {@link
     *       AssetLookupException#reason()} says which. A failed lookup says nothing about whether
     *       the asset exists.
     * </ul>
     *
     * <p>Implementations may complete the future on one of their own threads, so callers should not
     * run slow work in its callbacks.
     *
     * @param assetId the asset id exactly as derived from the tag path; not null
     * @throws NullPointerException if {@code assetId} is null
     */
    CompletableFuture<Optional<AssetContext>> find(String assetId);

    /**
     * Releases connections and threads. Lookups still waiting fail with {@link
     * AssetLookupException.Reason#CLOSED}; later calls to {@link #find(String)} fail the same way.
     * Calling it again does nothing.
     */
    @Override
    void close();
}
