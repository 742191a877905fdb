package io.flowcast.training.history;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * How much simulated history to generate and from which plant: event-time span, start, window size,
 * the simulator's seed, and the plant's size (several assets per type, each with its own physical
 * parameters, so the model sees some plant variety). Immutable; build with {@link #builder()}.
 *
 * <p>Defaults: 6 hours from 2026-01-05T00:00:00Z, 60 s windows (the job's default {@code
 * window.size}), seed 42, 2 sites x 2 lines x 4 assets per line (8 pumps and 8 compressors), no
 * sensor drift.
 */
public final class HistoryConfig {

    /** The default start of the simulated history: a fixed instant, so runs are repeatable. */
    public static final Instant DEFAULT_START = Instant.parse("2026-01-05T00:00:00Z");

    private final Duration span;
    private final Instant start;
    private final Duration windowSize;
    private final long seed;
    private final int sites;
    private final int linesPerSite;
    private final int assetsPerLine;
    private final Duration driftStart;
    private final double driftOffset;

    private HistoryConfig(Builder b) {
        this.span = b.span;
        this.start = b.start;
        this.windowSize = b.windowSize;
        this.seed = b.seed;
        this.sites = b.sites;
        this.linesPerSite = b.linesPerSite;
        this.assetsPerLine = b.assetsPerLine;
        this.driftStart = b.driftStart;
        this.driftOffset = b.driftOffset;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Event time covered; only complete windows become rows. */
    public Duration span() {
        return span;
    }

    /** Event time of the first sample; aligned down to a window boundary when generating. */
    public Instant start() {
        return start;
    }

    /** Tumbling window size, as the job's {@code Windows/window.size}. */
    public Duration windowSize() {
        return windowSize;
    }

    public long seed() {
        return seed;
    }

    public int sites() {
        return sites;
    }

    public int linesPerSite() {
        return linesPerSite;
    }

    public int assetsPerLine() {
        return assetsPerLine;
    }

    /**
     * When the simulator's sensor drift begins, after the (window-aligned) start; empty for none.
     * The drift adds {@link #driftOffset()} to every asset's {@code BearingTemp} (the pump model's
     * target), as the simulator's {@code --drift-*} defaults do.
     */
    public java.util.Optional<Duration> driftStart() {
        return java.util.Optional.ofNullable(driftStart);
    }

    /** The drift's offset; only used with a drift start. */
    public double driftOffset() {
        return driftOffset;
    }

    @Override
    public String toString() {
        return "HistoryConfig{span="
                + span
                + ", start="
                + start
                + ", window="
                + windowSize
                + ", seed="
                + seed
                + ", plant="
                + sites
                + "x"
                + linesPerSite
                + "x"
                + assetsPerLine
                + (driftStart == null ? "" : ", drift +" + driftOffset + " after " + driftStart)
                + '}';
    }

    /** Builder of {@link HistoryConfig}; holds the defaults listed on the class. */
    public static final class Builder {
        private Duration span = Duration.ofHours(6);
        private Instant start = DEFAULT_START;
        private Duration windowSize = Duration.ofSeconds(60);
        private long seed = 42;
        private int sites = 2;
        private int linesPerSite = 2;
        private int assetsPerLine = 4;
        private Duration driftStart;
        private double driftOffset = 6.0;

        private Builder() {}

        /**
         * Sensor drift: from {@code after} the start on, every asset's {@code BearingTemp} reads
         * {@code offset} higher (the simulator's {@code --drift-start}, {@code --drift-offset}).
         */
        public Builder drift(Duration after, double offset) {
            this.driftStart = Objects.requireNonNull(after, "after");
            this.driftOffset = offset;
            return this;
        }

        public Builder span(Duration span) {
            this.span = Objects.requireNonNull(span, "span");
            return this;
        }

        public Builder hours(double hours) {
            return span(Duration.ofMillis(Math.round(hours * 3_600_000)));
        }

        public Builder start(Instant start) {
            this.start = Objects.requireNonNull(start, "start");
            return this;
        }

        public Builder windowSize(Duration windowSize) {
            this.windowSize = Objects.requireNonNull(windowSize, "windowSize");
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Plant size, as the simulator's {@code --sites}, {@code --lines-per-site}, ... */
        public Builder plant(int sites, int linesPerSite, int assetsPerLine) {
            this.sites = sites;
            this.linesPerSite = linesPerSite;
            this.assetsPerLine = assetsPerLine;
            return this;
        }

        /**
         * @throws IllegalArgumentException if the window is not a whole number of seconds above
         *     zero (the simulator samples at 1 Hz), the span is shorter than one window, or a plant
         *     count is below 1
         */
        public HistoryConfig build() {
            if (windowSize.isNegative()
                    || windowSize.isZero()
                    || windowSize.toMillis() % 1000 != 0) {
                throw new IllegalArgumentException(
                        "window size must be a positive whole number of seconds, got "
                                + windowSize);
            }
            if (span.compareTo(windowSize) < 0) {
                throw new IllegalArgumentException(
                        "span " + span + " is shorter than one window of " + windowSize);
            }
            if (driftStart != null && (driftStart.isNegative() || !Double.isFinite(driftOffset))) {
                throw new IllegalArgumentException(
                        "drift needs a start at or after 0 and a finite offset, got "
                                + driftStart
                                + " and "
                                + driftOffset);
            }
            if (sites < 1 || linesPerSite < 1 || assetsPerLine < 1) {
                throw new IllegalArgumentException(
                        "plant counts must be at least 1, got "
                                + sites
                                + "x"
                                + linesPerSite
                                + "x"
                                + assetsPerLine);
            }
            return new HistoryConfig(this);
        }
    }
}
