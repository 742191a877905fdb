package io.flowcast.stream.local.simulator;

import io.flowcast.stream.config.Durations;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Everything a simulator run is configured by: plant size, pacing, target stream and scenario
 * knobs.
 *
 * <p>In: command-line flags ({@link #parse(String...)}) or builder calls ({@link #builder()}) for
 * in-process use. Out: an immutable, validated value. Invalid input fails fast with an {@link
 * InvalidOptionException} whose message starts with the offending flag, so the CLI can print it
 * as-is. Defaults are listed in {@link #usage()}.
 */
public final class SimulatorOptions {

    /** Default Kinesis stream name. */
    public static final String DEFAULT_STREAM = "telemetry";

    /** Region used when neither {@code --region} nor {@code AWS_REGION} is set. */
    public static final String DEFAULT_REGION = "us-east-1";

    static final int MAX_SITES = 1000;
    static final int MAX_LINES_PER_SITE = 1000;
    static final int MAX_ASSETS_PER_LINE = 999;
    static final int MAX_ASSETS = 100_000;
    static final Duration MAX_DURATION = Duration.ofDays(3650);

    private static final Pattern STREAM_NAME = Pattern.compile("[a-zA-Z0-9_.-]{1,128}");
    private static final Pattern REGION_NAME = Pattern.compile("[a-z0-9-]{1,64}");

    private final int sites;
    private final int linesPerSite;
    private final int assetsPerLine;
    private final Duration interval;
    private final long seed;
    private final Duration duration;
    private final URI endpoint;
    private final String region;
    private final String stream;
    private final long maxRecords;
    private final double missingFraction;
    private final double duplicateFraction;
    private final double outOfOrderFraction;
    private final double lateFraction;
    private final Duration lateBy;
    private final double malformedFraction;
    private final double badQualityFraction;
    private final double flatFraction;
    private final Duration driftStart;
    private final Signal driftSignal;
    private final double driftOffset;
    private final double driftAssetFraction;
    private final boolean help;

    private SimulatorOptions(Builder b) {
        sites = b.sites;
        linesPerSite = b.linesPerSite;
        assetsPerLine = b.assetsPerLine;
        interval = b.interval;
        seed = b.seed;
        duration = b.duration;
        endpoint = b.endpoint;
        region = b.region;
        stream = b.stream;
        maxRecords = b.maxRecords;
        missingFraction = b.missingFraction;
        duplicateFraction = b.duplicateFraction;
        outOfOrderFraction = b.outOfOrderFraction;
        lateFraction = b.lateFraction;
        lateBy = b.lateBy;
        malformedFraction = b.malformedFraction;
        badQualityFraction = b.badQualityFraction;
        flatFraction = b.flatFraction;
        driftStart = b.driftStart;
        driftSignal = b.driftSignal;
        driftOffset = b.driftOffset;
        driftAssetFraction = b.driftAssetFraction;
        help = b.help;
    }

    /** The defaults (region from {@code AWS_REGION} if set). */
    public static SimulatorOptions defaults() {
        return builder().build();
    }

    /** A builder holding the defaults; region from {@code AWS_REGION} if set. */
    public static Builder builder() {
        return new Builder(System.getenv());
    }

    /** A builder holding these options. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * Parses command-line flags ({@code --flag value} or {@code --flag=value}).
     *
     * @throws InvalidOptionException naming the flag for unknown flags, missing or malformed
     *     values, values out of range and flags given twice
     */
    public static SimulatorOptions parse(String... args) {
        return parse(Arrays.asList(args), System.getenv());
    }

    /** As {@link #parse(String...)}, reading {@code AWS_REGION} from the given environment. */
    static SimulatorOptions parse(List<String> args, Map<String, String> env) {
        Builder b = new Builder(env);
        for (String arg : args) {
            if (arg.equals("--help") || arg.equals("-h")) {
                // Help wins over everything else, even invalid flags, so it always works.
                return b.help(true).build();
            }
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new InvalidOptionException(
                        arg,
                        "unexpected argument \""
                                + arg
                                + "\" (flags look like --sites 2; see --help)");
            }
            int eq = arg.indexOf('=');
            String flag = eq < 0 ? arg : arg.substring(0, eq);
            String value;
            if (eq >= 0) {
                value = arg.substring(eq + 1);
            } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
                value = args.get(++i);
            } else {
                value = null;
            }
            if (!seen.add(flag)) {
                throw new InvalidOptionException(flag, flag + ": given more than once");
            }
            apply(b, flag, value);
        }
        return b.build();
    }

    private static void apply(Builder b, String flag, String value) {
        switch (flag) {
            case "--sites":
                b.sites(intValue(flag, value));
                break;
            case "--lines-per-site":
                b.linesPerSite(intValue(flag, value));
                break;
            case "--assets-per-line":
                b.assetsPerLine(intValue(flag, value));
                break;
            case "--interval":
                b.interval(durationValue(flag, value));
                break;
            case "--seed":
                b.seed(longValue(flag, value));
                break;
            case "--duration":
                b.duration(durationValue(flag, value));
                break;
            case "--endpoint":
                b.endpoint(uriValue(flag, value));
                break;
            case "--region":
                b.region(required(flag, value));
                break;
            case "--stream":
                b.stream(required(flag, value));
                break;
            case "--max-records":
                b.maxRecords(longValue(flag, value));
                break;
            case "--missing-fraction":
                b.missingFraction(doubleValue(flag, value));
                break;
            case "--duplicate-fraction":
                b.duplicateFraction(doubleValue(flag, value));
                break;
            case "--out-of-order-fraction":
                b.outOfOrderFraction(doubleValue(flag, value));
                break;
            case "--late-fraction":
                b.lateFraction(doubleValue(flag, value));
                break;
            case "--late-by":
                b.lateBy(durationValue(flag, value));
                break;
            case "--malformed-fraction":
                b.malformedFraction(doubleValue(flag, value));
                break;
            case "--bad-quality-fraction":
                b.badQualityFraction(doubleValue(flag, value));
                break;
            case "--flat-fraction":
                b.flatFraction(doubleValue(flag, value));
                break;
            case "--drift-start":
                b.driftStart(durationValue(flag, value));
                break;
            case "--drift-signal":
                String name = required(flag, value);
                b.driftSignal(
                        Signal.fromTagName(name)
                                .orElseThrow(
                                        () ->
                                                new InvalidOptionException(
                                                        flag,
                                                        flag
                                                                + ": unknown signal \""
                                                                + name
                                                                + "\"; expected one of "
                                                                + signalNames())));
                break;
            case "--drift-offset":
                b.driftOffset(doubleValue(flag, value));
                break;
            case "--drift-asset-fraction":
                b.driftAssetFraction(doubleValue(flag, value));
                break;
            default:
                throw new InvalidOptionException(flag, "unknown flag " + flag + " (see --help)");
        }
    }

    /** The help text for the command line. */
    public static String usage() {
        return String.join(
                System.lineSeparator(),
                "Usage: flowcast-simulator [flags]",
                "",
                "Publishes simulated N3uron plant telemetry to a Kinesis data stream",
                "(PutRecords, partition key = asset id). The same flags and seed give the",
                "same records. Durations: 250ms, 30s, 5m, 2h, 1d. Fractions: 0..1.",
                "",
                "Target:",
                "  --endpoint URI             Kinesis endpoint, e.g. http://127.0.0.1:4568",
                "                             (default: the real AWS endpoint of the region)",
                "  --region NAME              AWS region (default: $AWS_REGION or "
                        + DEFAULT_REGION
                        + ")",
                "  --stream NAME              stream name (default: " + DEFAULT_STREAM + ")",
                "  Credentials: the AWS SDK default chain. For a loopback endpoint with none",
                "  configured, dummy ones are used (the emulator ignores signatures).",
                "",
                "Plant and pacing:",
                "  --sites N                  number of sites (default: 1)",
                "  --lines-per-site N         lines per site (default: 2)",
                "  --assets-per-line N        assets per line, pumps and compressors",
                "                             alternating (default: 3)",
                "  --interval DURATION        tick period per asset (default: 1s)",
                "  --seed N                   random seed (default: 42)",
                "  --duration DURATION        simulated time, 0 = until stopped (default: 0)",
                "  --max-records N            stop after N records, 0 = no limit (default: 0)",
                "",
                "Scenario (all default to 0):",
                "  --missing-fraction F       samples left out of their tick",
                "  --bad-quality-fraction F   samples with quality 0, 24 or 64 instead of 192",
                "  --flat-fraction F          samples sent alone as {\"tag\",\"v\",\"q\",\"ts\"}",
                "  --duplicate-fraction F     records sent twice, byte-identical",
                "  --out-of-order-fraction F  records held back until after the next tick",
                "  --late-fraction F          records stamped --late-by earlier",
                "  --late-by DURATION         how late a late record is (default: 5m)",
                "  --malformed-fraction F     records replaced by a bad message; kinds in turn:",
                "                             truncated JSON, string value, NaN, missing ts,",
                "                             tag without '/', ts 2 days ahead, nested arrays,",
                "                             top-level array",
                "",
                "Sensor drift (off unless --drift-start is given):",
                "  --drift-start DURATION     when the drift begins, after the run's start",
                "  --drift-signal NAME        the drifting signal (default: BearingTemp)",
                "  --drift-offset X           offset added to its values (default: 6.0)",
                "  --drift-asset-fraction F   share of the assets with that signal that drift",
                "                             (default: 1.0)",
                "  Signals: " + signalNames(),
                "",
                "  --help                     print this help",
                "");
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

    /** Total assets in the plant. */
    public int assetCount() {
        return sites * linesPerSite * assetsPerLine;
    }

    /** Tick period: every asset reports once per interval. */
    public Duration interval() {
        return interval;
    }

    public long seed() {
        return seed;
    }

    /** Simulated time to run; zero means until stopped. */
    public Duration duration() {
        return duration;
    }

    /** The Kinesis endpoint override; empty means the real AWS endpoint for the region. */
    public Optional<URI> endpoint() {
        return Optional.ofNullable(endpoint);
    }

    public String region() {
        return region;
    }

    public String stream() {
        return stream;
    }

    /** Stop after this many records; zero means unlimited. */
    public long maxRecords() {
        return maxRecords;
    }

    public double missingFraction() {
        return missingFraction;
    }

    public double duplicateFraction() {
        return duplicateFraction;
    }

    public double outOfOrderFraction() {
        return outOfOrderFraction;
    }

    public double lateFraction() {
        return lateFraction;
    }

    public Duration lateBy() {
        return lateBy;
    }

    public double malformedFraction() {
        return malformedFraction;
    }

    public double badQualityFraction() {
        return badQualityFraction;
    }

    public double flatFraction() {
        return flatFraction;
    }

    /** Time after the start of the run when the drift begins; empty means no drift. */
    public Optional<Duration> driftStart() {
        return Optional.ofNullable(driftStart);
    }

    public Signal driftSignal() {
        return driftSignal;
    }

    public double driftOffset() {
        return driftOffset;
    }

    public double driftAssetFraction() {
        return driftAssetFraction;
    }

    /** True if {@code --help} was given; the other values are then defaults. */
    public boolean help() {
        return help;
    }

    /** A one-line description for logs (no secrets: the options hold none). */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append(sites)
                .append(" site(s) x ")
                .append(linesPerSite)
                .append(" line(s) x ")
                .append(assetsPerLine)
                .append(" asset(s) every ")
                .append(Durations.format(interval))
                .append(", seed ")
                .append(seed)
                .append(", stream '")
                .append(stream)
                .append("' in ")
                .append(region)
                .append(endpoint == null ? "" : " at " + endpoint);
        if (!duration.isZero()) {
            sb.append(", duration ").append(Durations.format(duration));
        }
        if (maxRecords > 0) {
            sb.append(", max ").append(maxRecords).append(" records");
        }
        appendFraction(sb, "missing", missingFraction);
        appendFraction(sb, "duplicate", duplicateFraction);
        appendFraction(sb, "out-of-order", outOfOrderFraction);
        if (lateFraction > 0) {
            sb.append(", late ")
                    .append(lateFraction)
                    .append(" by ")
                    .append(Durations.format(lateBy));
        }
        appendFraction(sb, "malformed", malformedFraction);
        appendFraction(sb, "bad-quality", badQualityFraction);
        appendFraction(sb, "flat", flatFraction);
        if (driftStart != null) {
            sb.append(", drift ")
                    .append(driftSignal.tagName())
                    .append(" +")
                    .append(driftOffset)
                    .append(" from ")
                    .append(Durations.format(driftStart))
                    .append(" on ")
                    .append(driftAssetFraction)
                    .append(" of assets");
        }
        return sb.toString();
    }

    private static void appendFraction(StringBuilder sb, String name, double value) {
        if (value > 0) {
            sb.append(", ").append(name).append(' ').append(value);
        }
    }

    private static String required(String flag, String value) {
        if (value == null || value.trim().isEmpty()) {
            throw new InvalidOptionException(flag, flag + ": missing value");
        }
        return value.trim();
    }

    private static int intValue(String flag, String value) {
        String v = required(flag, value);
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new InvalidOptionException(
                    flag, flag + ": expected a whole number, got \"" + v + "\"");
        }
    }

    private static long longValue(String flag, String value) {
        String v = required(flag, value);
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new InvalidOptionException(
                    flag, flag + ": expected a whole number, got \"" + v + "\"");
        }
    }

    private static double doubleValue(String flag, String value) {
        String v = required(flag, value);
        try {
            double d = Double.parseDouble(v);
            if (Double.isFinite(d)) {
                return d;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidOptionException(flag, flag + ": expected a number, got \"" + v + "\"");
    }

    private static Duration durationValue(String flag, String value) {
        String v = required(flag, value);
        try {
            return Durations.parse(v);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new InvalidOptionException(
                    flag,
                    flag
                            + ": expected a duration such as 250ms, 30s, 5m, 2h or 1d, got \""
                            + v
                            + "\"");
        }
    }

    private static URI uriValue(String flag, String value) {
        String v = required(flag, value);
        try {
            return new URI(v);
        } catch (URISyntaxException e) {
            throw new InvalidOptionException(flag, flag + ": not a URI: \"" + v + "\"");
        }
    }

    private static String signalNames() {
        StringBuilder sb = new StringBuilder();
        for (Signal s : Signal.values()) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(s.tagName());
        }
        return sb.toString();
    }

    /**
     * Collects option values; {@link #build()} validates them all. Defaults: 1 site, 2 lines per
     * site, 3 assets per line, interval 1s, seed 42, duration 0 (until stopped), no endpoint
     * override, region {@code AWS_REGION} or us-east-1, stream {@code telemetry}, no record limit,
     * every fault fraction 0, late-by 5m, no drift (signal BearingTemp, offset 6.0, asset fraction
     * 1.0 once a drift start is set).
     */
    public static final class Builder {
        private int sites = 1;
        private int linesPerSite = 2;
        private int assetsPerLine = 3;
        private Duration interval = Duration.ofSeconds(1);
        private long seed = 42;
        private Duration duration = Duration.ZERO;
        private URI endpoint;
        private String region;
        private String stream = DEFAULT_STREAM;
        private long maxRecords;
        private double missingFraction;
        private double duplicateFraction;
        private double outOfOrderFraction;
        private double lateFraction;
        private Duration lateBy = Duration.ofMinutes(5);
        private double malformedFraction;
        private double badQualityFraction;
        private double flatFraction;
        private Duration driftStart;
        private Signal driftSignal = Signal.BEARING_TEMP;
        private double driftOffset = 6.0;
        private double driftAssetFraction = 1.0;
        private boolean help;

        private Builder(Map<String, String> env) {
            String fromEnv = env.get("AWS_REGION");
            region = fromEnv == null || fromEnv.trim().isEmpty() ? DEFAULT_REGION : fromEnv.trim();
        }

        private Builder(SimulatorOptions o) {
            sites = o.sites;
            linesPerSite = o.linesPerSite;
            assetsPerLine = o.assetsPerLine;
            interval = o.interval;
            seed = o.seed;
            duration = o.duration;
            endpoint = o.endpoint;
            region = o.region;
            stream = o.stream;
            maxRecords = o.maxRecords;
            missingFraction = o.missingFraction;
            duplicateFraction = o.duplicateFraction;
            outOfOrderFraction = o.outOfOrderFraction;
            lateFraction = o.lateFraction;
            lateBy = o.lateBy;
            malformedFraction = o.malformedFraction;
            badQualityFraction = o.badQualityFraction;
            flatFraction = o.flatFraction;
            driftStart = o.driftStart;
            driftSignal = o.driftSignal;
            driftOffset = o.driftOffset;
            driftAssetFraction = o.driftAssetFraction;
            help = o.help;
        }

        public Builder sites(int sites) {
            this.sites = sites;
            return this;
        }

        public Builder linesPerSite(int linesPerSite) {
            this.linesPerSite = linesPerSite;
            return this;
        }

        public Builder assetsPerLine(int assetsPerLine) {
            this.assetsPerLine = assetsPerLine;
            return this;
        }

        public Builder interval(Duration interval) {
            this.interval = Objects.requireNonNull(interval, "interval");
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder duration(Duration duration) {
            this.duration = Objects.requireNonNull(duration, "duration");
            return this;
        }

        /** The endpoint override, or null for the real AWS endpoint. */
        public Builder endpoint(URI endpoint) {
            this.endpoint = endpoint;
            return this;
        }

        public Builder region(String region) {
            this.region = Objects.requireNonNull(region, "region");
            return this;
        }

        public Builder stream(String stream) {
            this.stream = Objects.requireNonNull(stream, "stream");
            return this;
        }

        public Builder maxRecords(long maxRecords) {
            this.maxRecords = maxRecords;
            return this;
        }

        public Builder missingFraction(double fraction) {
            this.missingFraction = fraction;
            return this;
        }

        public Builder duplicateFraction(double fraction) {
            this.duplicateFraction = fraction;
            return this;
        }

        public Builder outOfOrderFraction(double fraction) {
            this.outOfOrderFraction = fraction;
            return this;
        }

        public Builder lateFraction(double fraction) {
            this.lateFraction = fraction;
            return this;
        }

        public Builder lateBy(Duration lateBy) {
            this.lateBy = Objects.requireNonNull(lateBy, "lateBy");
            return this;
        }

        public Builder malformedFraction(double fraction) {
            this.malformedFraction = fraction;
            return this;
        }

        public Builder badQualityFraction(double fraction) {
            this.badQualityFraction = fraction;
            return this;
        }

        public Builder flatFraction(double fraction) {
            this.flatFraction = fraction;
            return this;
        }

        /** When the drift begins after the start of the run; null turns drift off. */
        public Builder driftStart(Duration driftStart) {
            this.driftStart = driftStart;
            return this;
        }

        public Builder driftSignal(Signal signal) {
            this.driftSignal = Objects.requireNonNull(signal, "driftSignal");
            return this;
        }

        public Builder driftOffset(double offset) {
            this.driftOffset = offset;
            return this;
        }

        public Builder driftAssetFraction(double fraction) {
            this.driftAssetFraction = fraction;
            return this;
        }

        public Builder help(boolean help) {
            this.help = help;
            return this;
        }

        /**
         * Validates and freezes the values.
         *
         * @throws InvalidOptionException naming the first flag whose value is out of range
         */
        public SimulatorOptions build() {
            checkRange("--sites", sites, 1, MAX_SITES);
            checkRange("--lines-per-site", linesPerSite, 1, MAX_LINES_PER_SITE);
            checkRange("--assets-per-line", assetsPerLine, 1, MAX_ASSETS_PER_LINE);
            if ((long) sites * linesPerSite * assetsPerLine > MAX_ASSETS) {
                throw new InvalidOptionException(
                        "--assets-per-line",
                        String.format(
                                Locale.ROOT,
                                "--sites x --lines-per-site x --assets-per-line: %d assets"
                                        + " exceed the limit of %d",
                                (long) sites * linesPerSite * assetsPerLine,
                                MAX_ASSETS));
            }
            if (interval.toMillis() < 1 || interval.compareTo(Duration.ofDays(1)) > 0) {
                throw new InvalidOptionException(
                        "--interval",
                        "--interval: must be between 1ms and 1d, got " + describe(interval));
            }
            checkDuration("--duration", duration);
            checkDuration("--late-by", lateBy);
            if (driftStart != null) {
                checkDuration("--drift-start", driftStart);
            }
            if (endpoint != null) {
                String scheme = endpoint.getScheme();
                if (scheme == null
                        || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                        || endpoint.getHost() == null) {
                    throw new InvalidOptionException(
                            "--endpoint",
                            "--endpoint: expected an http(s) URI with a host such as"
                                    + " http://127.0.0.1:4568, got \""
                                    + endpoint
                                    + "\"");
                }
            }
            if (!REGION_NAME.matcher(region).matches()) {
                throw new InvalidOptionException(
                        "--region", "--region: not a region name: \"" + region + "\"");
            }
            if (!STREAM_NAME.matcher(stream).matches()) {
                throw new InvalidOptionException(
                        "--stream",
                        "--stream: a stream name is 1-128 characters of a-z A-Z 0-9 _ . -, got \""
                                + stream
                                + "\"");
            }
            if (maxRecords < 0) {
                throw new InvalidOptionException(
                        "--max-records", "--max-records: must be 0 or more, got " + maxRecords);
            }
            checkFraction("--missing-fraction", missingFraction);
            checkFraction("--duplicate-fraction", duplicateFraction);
            checkFraction("--out-of-order-fraction", outOfOrderFraction);
            checkFraction("--late-fraction", lateFraction);
            checkFraction("--malformed-fraction", malformedFraction);
            checkFraction("--bad-quality-fraction", badQualityFraction);
            checkFraction("--flat-fraction", flatFraction);
            checkFraction("--drift-asset-fraction", driftAssetFraction);
            if (lateFraction > 0 && lateBy.isZero()) {
                throw new InvalidOptionException(
                        "--late-by", "--late-by: must be more than 0 when --late-fraction is set");
            }
            if (!Double.isFinite(driftOffset)) {
                throw new InvalidOptionException(
                        "--drift-offset",
                        "--drift-offset: must be a finite number, got " + driftOffset);
            }
            return new SimulatorOptions(this);
        }

        private static void checkRange(String flag, int value, int min, int max) {
            if (value < min || value > max) {
                throw new InvalidOptionException(
                        flag,
                        String.format(
                                Locale.ROOT,
                                "%s: must be between %d and %d, got %d",
                                flag,
                                min,
                                max,
                                value));
            }
        }

        private static void checkDuration(String flag, Duration value) {
            if (value.isNegative() || value.compareTo(MAX_DURATION) > 0) {
                throw new InvalidOptionException(
                        flag,
                        flag
                                + ": must be between 0 and "
                                + Durations.format(MAX_DURATION)
                                + ", got "
                                + describe(value));
            }
        }

        private static void checkFraction(String flag, double value) {
            if (!(value >= 0.0 && value <= 1.0)) {
                throw new InvalidOptionException(
                        flag, flag + ": must be a fraction between 0 and 1, got " + value);
            }
        }

        private static String describe(Duration d) {
            return d.isNegative() ? d.toString() : Durations.format(d);
        }
    }

    /**
     * A flag is unknown, lacks its value, or has a value that cannot be used. The message starts
     * with the flag and is meant to be shown to the user as a single line.
     */
    public static final class InvalidOptionException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        private final String flag;

        public InvalidOptionException(String flag, String message) {
            super(message);
            this.flag = flag;
        }

        /** The flag at fault, e.g. {@code --interval}. */
        public String flag() {
            return flag;
        }
    }
}
