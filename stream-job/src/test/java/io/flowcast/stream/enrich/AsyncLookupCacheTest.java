package io.flowcast.stream.enrich;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowcast.stream.enrich.AsyncLookupCache.Result;
import io.flowcast.stream.enrich.AsyncLookupCache.Source;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Freshness, negative caching, coalescing, stale fallback, back-off and size bound. */
class AsyncLookupCacheTest {

    private static final Duration TTL = Duration.ofMinutes(5);
    private static final Duration NEGATIVE_TTL = Duration.ofMinutes(1);
    private static final Duration MAX_STALE = Duration.ofHours(1);
    private static final Duration BACKOFF = Duration.ofSeconds(5);

    private long now = 1_000_000L;
    private final FakeTable table = new FakeTable();

    private AsyncLookupCache<String, String> cache(int maxEntries) {
        return new AsyncLookupCache<>(
                table, TTL, NEGATIVE_TTL, MAX_STALE, BACKOFF, maxEntries, 0.0, () -> now);
    }

    @Test
    void aWarmCacheLooksUpEachKeyOncePerTtl() {
        AsyncLookupCache<String, String> cache = cache(100);
        table.rows.put("P1", "pump");

        assertThat(get(cache, "P1").source()).isEqualTo(Source.LOADED);
        for (int i = 0; i < 50; i++) {
            now += 5_000; // 50 windows over 250 s, all within the TTL
            Result<String> r = get(cache, "P1");
            assertThat(r.source()).isEqualTo(Source.HIT);
            assertThat(r.value()).contains("pump");
        }
        assertThat(table.calls.get()).isEqualTo(1);

        now += TTL.toMillis(); // expired: one more lookup
        assertThat(get(cache, "P1").source()).isEqualTo(Source.LOADED);
        assertThat(table.calls.get()).isEqualTo(2);
        assertThat(cache.stats().hitRatio()).isEqualTo(50.0 / 52);
    }

    @Test
    void spreadTtlsStayWithinTheirBoundsSoAFleetLoadedTogetherRefreshesSpreadOut() {
        AsyncLookupCache<String, String> cache =
                new AsyncLookupCache<>(
                        table, TTL, NEGATIVE_TTL, MAX_STALE, BACKOFF, 1_000, 0.2, () -> now);
        for (int i = 0; i < 200; i++) {
            table.rows.put("A" + i, "pump");
            get(cache, "A" + i);
        }
        now += TTL.toMillis() - 1; // no entry expires before the TTL
        for (int i = 0; i < 200; i++) {
            assertThat(get(cache, "A" + i).source()).isEqualTo(Source.HIT);
        }
        now += TTL.toMillis() / 10 + 1; // some, not all, have expired at 1.1 TTL
        int reloaded = 0;
        for (int i = 0; i < 200; i++) {
            reloaded += get(cache, "A" + i).source() == Source.LOADED ? 1 : 0;
        }
        assertThat(reloaded).isBetween(40, 160);
        now += TTL.toMillis() / 10; // all have expired at 1.2 TTL (the reloaded are fresh again)
        assertThat(cache.stats().lookups).isLessThanOrEqualTo(400);
    }

    @Test
    void unknownKeysAreCachedNegativelyForTheShorterTtl() {
        AsyncLookupCache<String, String> cache = cache(100);

        Result<String> first = get(cache, "ghost");
        assertThat(first.source()).isEqualTo(Source.LOADED_ABSENT);
        assertThat(first.absent()).isTrue();
        now += NEGATIVE_TTL.toMillis() - 1;
        assertThat(get(cache, "ghost").source()).isEqualTo(Source.NEGATIVE_HIT);
        assertThat(table.calls.get()).isEqualTo(1);

        table.rows.put("ghost", "compressor"); // commissioned meanwhile
        now += 1;
        Result<String> later = get(cache, "ghost");
        assertThat(later.source()).isEqualTo(Source.LOADED);
        assertThat(later.value()).contains("compressor");
    }

    @Test
    void aBurstForOneKeyMakesOneLookup() {
        AsyncLookupCache<String, String> cache = cache(100);
        table.rows.put("P1", "pump");
        table.holdReplies = true;

        List<CompletableFuture<Result<String>>> burst = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            burst.add(cache.get("P1"));
        }
        assertThat(table.calls.get()).isEqualTo(1);
        assertThat(burst).allMatch(f -> !f.isDone());

        table.releaseAll();
        assertThat(burst.get(0).join().source()).isEqualTo(Source.LOADED);
        for (CompletableFuture<Result<String>> f : burst.subList(1, 20)) {
            assertThat(f.join().source()).isEqualTo(Source.COALESCED);
            assertThat(f.join().value()).contains("pump");
        }
        assertThat(cache.stats().coalesced).isEqualTo(19);
    }

    @Test
    void aFailedLookupServesTheStaleValueAndBacksOff() {
        AsyncLookupCache<String, String> cache = cache(100);
        table.rows.put("P1", "pump");
        get(cache, "P1");

        now += TTL.toMillis() + 1;
        table.down = true;
        Result<String> stale = get(cache, "P1");
        assertThat(stale.source()).isEqualTo(Source.STALE);
        assertThat(stale.value()).contains("pump");
        assertThat(stale.failure()).get().asString().contains("database down");
        assertThat(stale.ageMillis()).isEqualTo(TTL.toMillis() + 1);
        int callsAfterFailure = table.calls.get();

        now += BACKOFF.toMillis() - 1; // within the back-off: no new lookup
        assertThat(get(cache, "P1").source()).isEqualTo(Source.STALE);
        assertThat(table.calls.get()).isEqualTo(callsAfterFailure);

        now += 1;
        table.down = false; // the database is back
        Result<String> recovered = get(cache, "P1");
        assertThat(recovered.source()).isEqualTo(Source.LOADED);
        assertThat(recovered.failure()).isEmpty();
    }

    @Test
    void aFailedLookupWithoutAUsableValueFailsAndNeverThrows() {
        AsyncLookupCache<String, String> cache = cache(100);
        table.down = true;

        Result<String> failed = get(cache, "P9");
        assertThat(failed.source()).isEqualTo(Source.FAILED);
        assertThat(failed.value()).isEmpty();
        assertThat(failed.absent()).isFalse();

        table.rows.put("P2", "pump");
        table.down = false;
        get(cache, "P2");
        now += MAX_STALE.toMillis(); // too old to serve
        table.down = true;
        assertThat(get(cache, "P2").source()).isEqualTo(Source.FAILED);

        table.throwOnCall = true; // a loader that throws instead of failing its future
        now += BACKOFF.toMillis();
        assertThat(get(cache, "P3").source()).isEqualTo(Source.FAILED);
        assertThat(cache.stats().lookupFailures).isEqualTo(3);
    }

    @Test
    void theLeastRecentlyUsedKeysAreEvictedBeyondTheBound() {
        AsyncLookupCache<String, String> cache = cache(3);
        for (String id : new String[] {"A", "B", "C"}) {
            table.rows.put(id, "pump");
            get(cache, id);
        }
        get(cache, "A"); // A is now the most recently used
        table.rows.put("D", "pump");
        get(cache, "D"); // evicts B

        assertThat(cache.size()).isEqualTo(3);
        int calls = table.calls.get();
        assertThat(get(cache, "A").source()).isEqualTo(Source.HIT);
        assertThat(get(cache, "B").source()).isEqualTo(Source.LOADED);
        assertThat(table.calls.get()).isEqualTo(calls + 1);
        assertThat(cache.stats().evictions).isEqualTo(2);
    }

    @Test
    void concurrentCallersGetConsistentAnswers() throws Exception {
        AsyncLookupCache<String, String> cache =
                new AsyncLookupCache<>(
                        table,
                        TTL,
                        NEGATIVE_TTL,
                        MAX_STALE,
                        BACKOFF,
                        1_000,
                        0.2,
                        System::currentTimeMillis);
        for (int i = 0; i < 50; i++) {
            table.rows.put("A" + i, "type" + i);
        }
        table.asyncReplies = Executors.newFixedThreadPool(2);
        ExecutorService callers = Executors.newFixedThreadPool(4);
        List<CompletableFuture<Boolean>> checks = new ArrayList<>();
        for (int i = 0; i < 4_000; i++) {
            String id = "A" + (i % 50);
            String expected = "type" + (i % 50);
            checks.add(
                    CompletableFuture.supplyAsync(() -> cache.get(id), callers)
                            .thenCompose(f -> f)
                            .thenApply(r -> r.value().orElse("").equals(expected)));
        }
        for (CompletableFuture<Boolean> check : checks) {
            assertThat(check.get(10, TimeUnit.SECONDS)).isTrue();
        }
        callers.shutdown();
        table.asyncReplies.shutdown();
        assertThat(table.calls.get()).isEqualTo(50);
        assertThat(cache.stats().requests()).isEqualTo(4_000);
    }

    @Test
    void refusesInconsistentSettings() {
        assertThatThrownBy(
                        () ->
                                new AsyncLookupCache<>(
                                        table,
                                        TTL,
                                        NEGATIVE_TTL,
                                        Duration.ofMinutes(1),
                                        BACKOFF,
                                        10,
                                        0.0,
                                        () -> now))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxStale");
        assertThatThrownBy(
                        () ->
                                new AsyncLookupCache<>(
                                        table,
                                        Duration.ZERO,
                                        NEGATIVE_TTL,
                                        MAX_STALE,
                                        BACKOFF,
                                        10,
                                        0.0,
                                        () -> now))
                .hasMessageContaining("ttl must be > 0");
    }

    private static Result<String> get(AsyncLookupCache<String, String> cache, String key) {
        CompletableFuture<Result<String>> f = cache.get(key);
        assertThat(f).isDone();
        return f.join();
    }

    /** A table behind the cache: rows, call count, and switches for outages and slow replies. */
    private static final class FakeTable implements AsyncLookupCache.Loader<String, String> {
        final Map<String, String> rows = new java.util.concurrent.ConcurrentHashMap<>();
        final AtomicInteger calls = new AtomicInteger();
        volatile boolean down;
        volatile boolean throwOnCall;
        boolean holdReplies;
        ExecutorService asyncReplies;
        private final List<Runnable> held = new ArrayList<>();

        @Override
        public CompletableFuture<Optional<String>> load(String key) {
            calls.incrementAndGet();
            if (throwOnCall) {
                throw new IllegalStateException("pool closed");
            }
            CompletableFuture<Optional<String>> reply = new CompletableFuture<>();
            Runnable answer =
                    () -> {
                        if (down) {
                            reply.completeExceptionally(new IllegalStateException("database down"));
                        } else {
                            reply.complete(Optional.ofNullable(rows.get(key)));
                        }
                    };
            if (holdReplies) {
                held.add(answer);
            } else if (asyncReplies != null) {
                asyncReplies.execute(answer);
            } else {
                answer.run();
            }
            return reply;
        }

        void releaseAll() {
            held.forEach(Runnable::run);
            held.clear();
        }
    }
}
