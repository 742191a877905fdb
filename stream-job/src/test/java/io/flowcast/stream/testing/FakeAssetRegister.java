package io.flowcast.stream.testing;

import io.flowcast.stream.enrich.AssetContext;
import io.flowcast.stream.enrich.AssetContextClient;
import io.flowcast.stream.enrich.AssetContextClientFactory;
import io.flowcast.stream.enrich.AssetLookupException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory asset register for tests of the enrichment stage: rows, a call counter, and switches
 * for an outage ({@link #down}) and for lookups that never answer ({@link #hang}). Serializable
 * through {@link #factory()}: every client the factory creates in this JVM talks to this register.
 */
public final class FakeAssetRegister {
    private static final Map<String, FakeAssetRegister> REGISTERS = new ConcurrentHashMap<>();

    private final String id = UUID.randomUUID().toString();
    public final Map<String, AssetContext> rows = new ConcurrentHashMap<>();
    public final AtomicInteger lookups = new AtomicInteger();
    public final AtomicInteger clientsClosed = new AtomicInteger();
    public volatile boolean down;
    public volatile boolean hang;
    private final List<CompletableFuture<Optional<AssetContext>>> hanging = new ArrayList<>();
    private final List<String> hangingIds = new ArrayList<>();

    public FakeAssetRegister() {
        REGISTERS.put(id, this);
    }

    /** Adds an active row. */
    public FakeAssetRegister withAsset(String assetId, String assetType, String site) {
        rows.put(
                assetId,
                AssetContext.builder(assetId)
                        .assetType(assetType)
                        .site(site)
                        .line("Line1")
                        .ratedPowerKw(55.0)
                        .active(true)
                        .updatedAtMillis(1_800_000_000_000L)
                        .build());
        return this;
    }

    /** Answers the lookups left hanging by {@link #hang}, from another thread, as a pool does. */
    public synchronized void answerHanging() throws InterruptedException {
        List<CompletableFuture<Optional<AssetContext>>> waiting = new ArrayList<>(hanging);
        List<String> ids = new ArrayList<>(hangingIds);
        hanging.clear();
        hangingIds.clear();
        Thread answer =
                new Thread(
                        () -> {
                            for (int i = 0; i < waiting.size(); i++) {
                                AssetContext row = rows.get(ids.get(i));
                                waiting.get(i)
                                        .complete(
                                                Optional.ofNullable(
                                                        row == null ? null : copy(row)));
                            }
                        });
        answer.start();
        answer.join();
    }

    public AssetContextClientFactory factory() {
        String registerId = id;
        return () -> new Client(REGISTERS.get(registerId));
    }

    private static AssetContext copy(AssetContext row) {
        AssetContext c = new AssetContext();
        c.assetId = row.assetId;
        c.assetType = row.assetType;
        c.site = row.site;
        c.line = row.line;
        c.ratedPowerKw = row.ratedPowerKw;
        c.ratedFlowM3h = row.ratedFlowM3h;
        c.ratedPressureBar = row.ratedPressureBar;
        c.ratedSpeedRpm = row.ratedSpeedRpm;
        c.modelEndpoint = row.modelEndpoint;
        c.modelVariant = row.modelVariant;
        c.active = row.active;
        c.updatedAtMillis = row.updatedAtMillis;
        return c;
    }

    private synchronized void park(String assetId, CompletableFuture<Optional<AssetContext>> f) {
        hanging.add(f);
        hangingIds.add(assetId);
    }

    private static final class Client implements AssetContextClient {
        private final FakeAssetRegister register;

        Client(FakeAssetRegister register) {
            this.register = register;
        }

        @Override
        public CompletableFuture<Optional<AssetContext>> find(String assetId) {
            register.lookups.incrementAndGet();
            if (register.down) {
                return CompletableFuture.failedFuture(
                        new AssetLookupException(
                                AssetLookupException.Reason.UNAVAILABLE,
                                assetId,
                                "connection refused (fake outage)"));
            }
            if (register.hang) {
                CompletableFuture<Optional<AssetContext>> f = new CompletableFuture<>();
                register.park(assetId, f);
                return f;
            }
            AssetContext row = register.rows.get(assetId);
            // A copy, as a database returns: later edits of the row must not reach the caller.
            return CompletableFuture.completedFuture(
                    Optional.ofNullable(row == null ? null : copy(row)));
        }

        @Override
        public void close() {
            register.clientsClosed.incrementAndGet();
        }
    }
}
