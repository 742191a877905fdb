package io.flowcast.stream.config;

import io.flowcast.stream.enrich.EnrichConfig;
import io.flowcast.stream.enrich.EnrichConfig.Action;
import java.time.Duration;
import java.util.List;

/**
 * Options of the {@value #GROUP} property group: how windows are enriched with asset context from
 * the asset register (caching, async I/O, failure handling). Where the register is: {@link
 * AuroraOptions}.
 */
public final class EnrichmentOptions {

    public static final String GROUP = "Enrichment";

    private static final EnrichConfig DEFAULTS = EnrichConfig.defaults();

    public static final ConfigOption<Duration> CACHE_TTL =
            ConfigOption.builder(GROUP, "cache.ttl")
                    .type(OptionTypes.DURATION_TYPE)
                    .defaultValue(
                            DEFAULTS.cacheTtl(),
                            "An asset's context is read at most once per this long per subtask;"
                                    + " register changes show up within it.");

    public static final ConfigOption<Duration> CACHE_NEGATIVE_TTL =
            ConfigOption.builder(GROUP, "cache.negative.ttl")
                    .type(OptionTypes.NON_NEGATIVE_DURATION)
                    .defaultValue(
                            DEFAULTS.negativeTtl(),
                            "How long 'no such asset' is remembered (0: ask every time).");

    public static final ConfigOption<Duration> CACHE_MAX_STALE =
            ConfigOption.builder(GROUP, "cache.max.stale")
                    .type(OptionTypes.NON_NEGATIVE_DURATION)
                    .defaultValue(
                            DEFAULTS.maxStale(),
                            "When the register cannot be read, context up to this old is used"
                                    + " (status STALE); 0 never uses expired context. At least"
                                    + " cache.ttl.");

    public static final ConfigOption<Integer> CACHE_MAX_ENTRIES =
            ConfigOption.builder(GROUP, "cache.max.entries")
                    .type(OptionTypes.POSITIVE_INT)
                    .defaultValue(
                            DEFAULTS.maxEntries(),
                            "Assets cached per subtask; the least recently used go first.");

    public static final ConfigOption<Duration> FAILURE_BACKOFF =
            ConfigOption.builder(GROUP, "lookup.failure.backoff")
                    .type(OptionTypes.NON_NEGATIVE_DURATION)
                    .defaultValue(
                            DEFAULTS.failureBackoff(),
                            "After a failed lookup of an asset, no new lookup of it for this long"
                                    + " (its windows get the fallback at once).");

    public static final ConfigOption<Duration> ASYNC_TIMEOUT =
            ConfigOption.builder(GROUP, "async.timeout")
                    .type(OptionTypes.DURATION_TYPE)
                    .defaultValue(
                            DEFAULTS.asyncTimeout(),
                            "A window whose lookup takes longer is emitted UNENRICHED (or"
                                    + " dead-lettered, see on.failure); never a job restart.");

    public static final ConfigOption<Integer> ASYNC_CAPACITY =
            ConfigOption.builder(GROUP, "async.capacity")
                    .type(OptionTypes.POSITIVE_INT)
                    .defaultValue(
                            DEFAULTS.asyncCapacity(),
                            "Windows in flight per subtask before the stage applies"
                                    + " backpressure.");

    public static final ConfigOption<Action> ON_FAILURE =
            ConfigOption.builder(GROUP, "on.failure")
                    .type(OptionTypes.enumType(Action.class))
                    .defaultValue(
                            DEFAULTS.onFailure(),
                            "Register unreadable and no usable cached context: FLAG emits the"
                                    + " window as UNENRICHED with default context; DEAD_LETTER"
                                    + " sends it to the dead letters (ENRICHMENT_FAILED).");

    public static final ConfigOption<Action> ON_UNKNOWN_ASSET =
            ConfigOption.builder(GROUP, "on.unknown.asset")
                    .type(OptionTypes.enumType(Action.class))
                    .defaultValue(
                            DEFAULTS.onUnknownAsset(),
                            "Asset not in the register: FLAG emits it as UNKNOWN_ASSET with"
                                    + " default context; DEAD_LETTER sends it to the dead letters"
                                    + " (UNKNOWN_ASSET).");

    public static final ConfigOption<Boolean> INACTIVE_IS_UNKNOWN =
            ConfigOption.builder(GROUP, "inactive.as.unknown")
                    .type(OptionTypes.BOOLEAN)
                    .defaultValue(
                            DEFAULTS.inactiveIsUnknown(),
                            "Treat assets marked inactive in the register like unknown ones.");

    public static final List<ConfigOption<?>> ALL =
            List.of(
                    CACHE_TTL,
                    CACHE_NEGATIVE_TTL,
                    CACHE_MAX_STALE,
                    CACHE_MAX_ENTRIES,
                    FAILURE_BACKOFF,
                    ASYNC_TIMEOUT,
                    ASYNC_CAPACITY,
                    ON_FAILURE,
                    ON_UNKNOWN_ASSET,
                    INACTIVE_IS_UNKNOWN);

    private EnrichmentOptions() {}

    /** Reads the group; contradictions fail naming the keys. */
    public static EnrichConfig read(PropertyGroups groups) {
        try {
            return new EnrichConfig(
                    groups.get(CACHE_TTL),
                    groups.get(CACHE_NEGATIVE_TTL),
                    groups.get(CACHE_MAX_STALE),
                    groups.get(FAILURE_BACKOFF),
                    groups.get(CACHE_MAX_ENTRIES),
                    groups.get(ASYNC_TIMEOUT),
                    groups.get(ASYNC_CAPACITY),
                    groups.get(ON_FAILURE),
                    groups.get(ON_UNKNOWN_ASSET),
                    groups.get(INACTIVE_IS_UNKNOWN));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("Property group '" + GROUP + "': " + e.getMessage(), e);
        }
    }
}
