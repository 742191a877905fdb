package io.flowcast.stream.bench;

import io.flowcast.stream.enrich.AssetContext;
import io.flowcast.stream.enrich.AssetContextClient;
import io.flowcast.stream.enrich.AssetContextClientFactory;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The asset-context clients of {@link EnrichmentBenchmark}'s jobs, behind the real {@code
 * AssetEnrichmentFunction} and its cache.
 *
 * <ul>
 *   <li>{@link CountingFactory} wraps any client factory (the production {@code
 *       JdbcAssetContextClient.factory(..)} or the in-memory one) and reports every lookup that
 *       reaches the client, i.e. every cache miss, to the job's {@link EnrichBenchRun}: by id, by
 *       client (one per subtask) and with its latency from {@code find} to completion, the same
 *       span the function's {@code assetLookupLatencyMs} histogram measures. Outcomes pass through
 *       unchanged.
 *   <li>{@link InMemoryFactory} answers from a map of the rows the database is seeded with,
 *       completing at once on the caller's thread: the enrichment operator and its cache without
 *       any I/O.
 * </ul>
 */
final class EnrichBenchClients {

    private EnrichBenchClients() {}

    /** Creates clients that report their lookups to run {@code runId}. */
    static final class CountingFactory implements AssetContextClientFactory {
        private static final long serialVersionUID = 1L;
        private final String runId;
        private final AssetContextClientFactory delegate;

        CountingFactory(String runId, AssetContextClientFactory delegate) {
            this.runId = Objects.requireNonNull(runId, "runId");
            this.delegate = Objects.requireNonNull(delegate, "delegate");
        }

        @Override
        public AssetContextClient create() {
            EnrichBenchRun run = EnrichBenchRun.get(runId);
            return new CountingClient(run, run.newClient(), delegate.create());
        }
    }

    /** Creates {@link InMemoryClient}s over the first {@code assets} seeded rows. */
    static final class InMemoryFactory implements AssetContextClientFactory {
        private static final long serialVersionUID = 1L;
        private final int assets;

        InMemoryFactory(int assets) {
            this.assets = assets;
        }

        @Override
        public AssetContextClient create() {
            Map<String, AssetContext> rows = new HashMap<>(assets * 2);
            for (int i = 0; i < assets; i++) {
                AssetContext c = EnrichBenchVectors.context(i);
                rows.put(c.assetId, c);
            }
            return new InMemoryClient(rows);
        }
    }

    private static final class CountingClient implements AssetContextClient {
        private final EnrichBenchRun run;
        private final int client;
        private final AssetContextClient delegate;

        CountingClient(EnrichBenchRun run, int client, AssetContextClient delegate) {
            this.run = run;
            this.client = client;
            this.delegate = Objects.requireNonNull(delegate, "delegate");
        }

        @Override
        public CompletableFuture<Optional<AssetContext>> find(String assetId) {
            EnrichBenchRun.Lookup lookup = run.lookupStarted(assetId, client);
            CompletableFuture<Optional<AssetContext>> out = new CompletableFuture<>();
            delegate.find(assetId)
                    .whenComplete(
                            (value, error) -> {
                                lookup.done(error == null);
                                // Completed with the delegate's own outcome, not a wrapped one.
                                if (error != null) {
                                    out.completeExceptionally(error);
                                } else {
                                    out.complete(value);
                                }
                            });
            return out;
        }

        @Override
        public void close() {
            delegate.close();
        }
    }

    /** The register as a map; every lookup completes before {@link #find} returns. */
    private static final class InMemoryClient implements AssetContextClient {
        private final Map<String, AssetContext> rows;

        InMemoryClient(Map<String, AssetContext> rows) {
            this.rows = rows;
        }

        @Override
        public CompletableFuture<Optional<AssetContext>> find(String assetId) {
            return CompletableFuture.completedFuture(Optional.ofNullable(rows.get(assetId)));
        }

        @Override
        public void close() {}
    }
}
