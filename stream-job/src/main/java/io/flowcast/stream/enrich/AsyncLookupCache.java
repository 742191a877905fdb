package io.flowcast.stream.enrich;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;

/**
 * A per-subtask cache in front of an asynchronous key lookup (the asset table): fresh answers for a
 * TTL, negative answers for a shorter TTL, one lookup in flight per key however many callers ask
 * (coalescing), a size bound, and stale answers when the lookup fails.
 *
 * <p><b>In:</b> {@link #get(Object)}; the {@link Loader} is called only on a miss. <b>Out:</b> a
 * future that always completes normally with a {@link Result} saying where the answer came from; a
 * failed lookup is a {@link Source#FAILED} result, never an exceptional future. Callbacks run on
 * the thread that completes the loader's future (or the caller's, for a cache hit).
 *
 * <p><b>Rules:</b>
 *
 * <ul>
 *   <li>A value younger than {@code ttl} is served without a lookup ({@link Source#HIT}); an absent
 *       key younger than {@code negativeTtl} likewise ({@link Source#NEGATIVE_HIT}). So a warm
 *       cache issues at most one lookup per key per TTL.
 *   <li>While a lookup of a key is in flight, further callers share it ({@link Source#COALESCED}
 *       results carry its outcome).
 *   <li>When a lookup fails, a value younger than {@code maxStale} is served ({@link
 *       Source#STALE}); otherwise the result is {@link Source#FAILED}. For {@code failureBackoff}
 *       after a failure, the key is answered the same way without a new lookup, so a database that
 *       is down is not hammered by every window.
 *   <li>At most {@code maxEntries} keys are kept; the least recently used go first.
 * </ul>
 *
 * <p>Thread-safe: the map is guarded by this object's lock, which is never held while calling the
 * loader or completing a caller's future.
 *
 * @param <K> key type, with value equality
 * @param <V> value type
 */
public final class AsyncLookupCache<K, V> {

    /** Where a {@link Result} came from. */
    public enum Source {
        /** A fresh cached value. */
        HIT,
        /** A fresh cached "no such key". */
        NEGATIVE_HIT,
        /** Shared the outcome of a lookup another caller started. */
        COALESCED,
        /** This call's lookup found the key. */
        LOADED,
        /** This call's lookup found no such key. */
        LOADED_ABSENT,
        /** The lookup failed (now or within the back-off); an older value is served. */
        STALE,
        /** The lookup failed (now or within the back-off) and no usable value is cached. */
        FAILED
    }

    /** The outcome of {@link #get(Object)}. */
    public static final class Result<V> {
        private final Source source;
        private final V value;
        private final boolean present;
        private final Throwable failure;
        private final long ageMillis;

        private Result(Source source, V value, boolean present, Throwable failure, long age) {
            this.source = source;
            this.value = value;
            this.present = present;
            this.failure = failure;
            this.ageMillis = age;
        }

        /** Where the answer came from. */
        public Source source() {
            return source;
        }

        /** The value, if the key exists (fresh, loaded or stale). */
        public Optional<V> value() {
            return present ? Optional.of(value) : Optional.empty();
        }

        /** True if the key is known not to exist. */
        public boolean absent() {
            return !present && failure == null;
        }

        /** The lookup failure behind a {@link Source#STALE} or {@link Source#FAILED} result. */
        public Optional<Throwable> failure() {
            return Optional.ofNullable(failure);
        }

        /** How old the answer is: 0 for a fresh lookup, the entry's age otherwise. */
        public long ageMillis() {
            return ageMillis;
        }

        /** A result with the same outcome, marked as coalesced. */
        Result<V> coalesced() {
            if (source == Source.STALE || source == Source.FAILED) {
                return this;
            }
            return new Result<>(Source.COALESCED, value, present, failure, ageMillis);
        }

        @Override
        public String toString() {
            return "Result{" + source + (present ? ", " + value : "") + "}";
        }
    }

    /** The lookup behind the cache. Must not block; may complete on any thread. */
    @FunctionalInterface
    public interface Loader<K, V> {
        CompletableFuture<Optional<V>> load(K key);
    }

    /** Counts since creation, for metrics. */
    public static final class Stats {
        public long requests;
        public long hits;
        public long negativeHits;
        public long coalesced;
        public long lookups;
        public long lookupFailures;
        public long staleServed;
        public long failedServed;
        public long evictions;

        /** Answers without a lookup of its own (hits, negative hits, coalesced) per request. */
        public double hitRatio() {
            long requests = requests();
            return requests == 0 ? 0.0 : (double) (hits + negativeHits + coalesced) / requests;
        }

        /** All {@link #get(Object)} calls. */
        public long requests() {
            return requests;
        }
    }

    private final Loader<K, V> loader;
    private final long ttlMillis;
    private final long negativeTtlMillis;
    private final long maxStaleMillis;
    private final long failureBackoffMillis;
    private final int maxEntries;
    private final double ttlSpread;
    private final LongSupplier clock;

    private final LinkedHashMap<K, CacheEntry<V>> entries;
    private final Map<K, CompletableFuture<Result<V>>> inFlight = new HashMap<>();
    private final Stats stats = new Stats();

    /**
     * @param loader the lookup
     * @param ttl how long a value is served without a lookup; > 0
     * @param negativeTtl how long "no such key" is served without a lookup; >= 0
     * @param maxStale how old a value may be to be served when a lookup fails; >= ttl, or 0 for
     *     never
     * @param failureBackoff how long after a failed lookup of a key no new one is started; >= 0
     * @param maxEntries most keys kept; > 0
     * @param ttlSpread each value lives {@code ttl * (1 + u * ttlSpread)} for a random {@code u} in
     *     [0, 1), 0..1: spreads the refreshes of keys loaded together; 0 for an exact TTL
     * @param clock milliseconds, monotonic enough for ages ({@code System::currentTimeMillis})
     */
    public AsyncLookupCache(
            Loader<K, V> loader,
            Duration ttl,
            Duration negativeTtl,
            Duration maxStale,
            Duration failureBackoff,
            int maxEntries,
            double ttlSpread,
            LongSupplier clock) {
        this.loader = Objects.requireNonNull(loader, "loader");
        this.ttlMillis = positive(ttl, "ttl");
        this.negativeTtlMillis = nonNegative(negativeTtl, "negativeTtl");
        this.maxStaleMillis = nonNegative(maxStale, "maxStale");
        this.failureBackoffMillis = nonNegative(failureBackoff, "failureBackoff");
        if (maxStaleMillis != 0 && maxStaleMillis < ttlMillis) {
            throw new IllegalArgumentException(
                    "maxStale must be 0 (never serve stale) or at least ttl (" + ttl + ")");
        }
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be > 0, got " + maxEntries);
        }
        this.maxEntries = maxEntries;
        if (!(ttlSpread >= 0 && ttlSpread <= 1)) {
            throw new IllegalArgumentException("ttlSpread must be 0..1, got " + ttlSpread);
        }
        this.ttlSpread = ttlSpread;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.entries =
                new LinkedHashMap<>(16, 0.75f, true) {
                    private static final long serialVersionUID = 1L;

                    @Override
                    protected boolean removeEldestEntry(Map.Entry<K, CacheEntry<V>> eldest) {
                        if (size() > AsyncLookupCache.this.maxEntries) {
                            stats.evictions++;
                            return true;
                        }
                        return false;
                    }
                };
    }

    /** The answer for {@code key}; see the class comment for the rules. */
    public CompletableFuture<Result<V>> get(K key) {
        Objects.requireNonNull(key, "key");
        CompletableFuture<Result<V>> started;
        synchronized (this) {
            stats.requests++;
            long now = clock.getAsLong();
            CacheEntry<V> entry = entries.get(key);
            if (entry != null) {
                long age = now - entry.loadedAtMillis;
                if (entry.present && age < entry.ttlMillis) {
                    stats.hits++;
                    return CompletableFuture.completedFuture(
                            new Result<>(Source.HIT, entry.value, true, null, age));
                }
                if (!entry.present && entry.loadedAtMillis >= 0 && age < negativeTtlMillis) {
                    stats.negativeHits++;
                    return CompletableFuture.completedFuture(
                            new Result<>(Source.NEGATIVE_HIT, null, false, null, age));
                }
                if (entry.failure != null && now - entry.failedAtMillis < failureBackoffMillis) {
                    return CompletableFuture.completedFuture(fallback(entry, entry.failure, now));
                }
            }
            CompletableFuture<Result<V>> pending = inFlight.get(key);
            if (pending != null) {
                stats.coalesced++;
                return pending.thenApply(Result::coalesced);
            }
            stats.lookups++;
            started = new CompletableFuture<>();
            inFlight.put(key, started);
        }
        CompletableFuture<Optional<V>> lookup;
        try {
            lookup = Objects.requireNonNull(loader.load(key), "loader returned null");
        } catch (RuntimeException e) {
            lookup = CompletableFuture.failedFuture(e);
        }
        lookup.whenComplete((value, error) -> started.complete(settle(key, value, error)));
        return started;
    }

    /** Counts since creation; a snapshot. */
    public synchronized Stats stats() {
        Stats copy = new Stats();
        copy.requests = stats.requests;
        copy.hits = stats.hits;
        copy.negativeHits = stats.negativeHits;
        copy.coalesced = stats.coalesced;
        copy.lookups = stats.lookups;
        copy.lookupFailures = stats.lookupFailures;
        copy.staleServed = stats.staleServed;
        copy.failedServed = stats.failedServed;
        copy.evictions = stats.evictions;
        return copy;
    }

    /** Keys currently held (fresh, stale, negative or failed). */
    public synchronized int size() {
        return entries.size();
    }

    /** Records a lookup's outcome and builds the result for its callers. */
    private synchronized Result<V> settle(K key, Optional<V> value, Throwable error) {
        inFlight.remove(key);
        long now = clock.getAsLong();
        if (error == null && value == null) {
            error = new NullPointerException("loader completed with null instead of an Optional");
        }
        if (error != null) {
            Throwable cause = unwrap(error);
            stats.lookupFailures++;
            CacheEntry<V> entry = entries.get(key);
            if (entry == null) {
                entry = new CacheEntry<>(null, false, -1);
                entries.put(key, entry);
            }
            entry.failure = cause;
            entry.failedAtMillis = now;
            return fallback(entry, cause, now);
        }
        if (value.isPresent()) {
            CacheEntry<V> loaded = new CacheEntry<>(value.get(), true, now);
            loaded.ttlMillis =
                    ttlMillis
                            + (ttlSpread == 0
                                    ? 0
                                    : (long)
                                            (ttlMillis
                                                    * ttlSpread
                                                    * ThreadLocalRandom.current().nextDouble()));
            entries.put(key, loaded);
            return new Result<>(Source.LOADED, value.get(), true, null, 0);
        }
        entries.put(key, new CacheEntry<>(null, false, now));
        return new Result<>(Source.LOADED_ABSENT, null, false, null, 0);
    }

    /** Stale value if allowed, otherwise a failure; counts which. Caller holds the lock. */
    private Result<V> fallback(CacheEntry<V> entry, Throwable failure, long now) {
        long age = now - entry.loadedAtMillis;
        if (entry.present && maxStaleMillis > 0 && age < maxStaleMillis) {
            stats.staleServed++;
            return new Result<>(Source.STALE, entry.value, true, failure, age);
        }
        stats.failedServed++;
        return new Result<>(Source.FAILED, null, false, failure, 0);
    }

    private static Throwable unwrap(Throwable error) {
        Throwable t = error;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static long positive(Duration d, String name) {
        long millis = nonNegative(d, name);
        if (millis == 0) {
            throw new IllegalArgumentException(name + " must be > 0, got " + d);
        }
        return millis;
    }

    private static long nonNegative(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, got " + d);
        }
        return d.toMillis();
    }

    /** A cached answer; {@code loadedAtMillis < 0} for a key only known to have failed. */
    private static final class CacheEntry<V> {
        final V value;
        final boolean present;
        final long loadedAtMillis;
        Throwable failure;
        long failedAtMillis;

        /** How long this value is fresh: the TTL, spread. */
        long ttlMillis;

        CacheEntry(V value, boolean present, long loadedAtMillis) {
            this.value = value;
            this.present = present;
            this.loadedAtMillis = loadedAtMillis;
        }
    }
}
