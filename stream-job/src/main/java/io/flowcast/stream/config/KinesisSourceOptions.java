package io.flowcast.stream.config;

import io.flowcast.stream.source.KinesisSourceConfig;
import java.net.URI;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Options of the {@value #GROUP} property group: which stream to read and how to reach it. Keys
 * other than {@code stream.arn} and {@code source.reader.type} are {@code
 * flink-connector-kinesis}'s own, so they mean what the connector documents.
 */
public final class KinesisSourceOptions {

    public static final String GROUP = "KinesisSource";

    private static final Pattern STREAM_ARN_PATTERN =
            Pattern.compile(
                    "arn:aws[a-z-]*:kinesis:[a-z0-9-]+:\\d{12}:stream/[A-Za-z0-9_.-]{1,128}");

    /** Initial position when the job starts without state (the connector's values). */
    public enum InitialPosition {
        LATEST,
        TRIM_HORIZON,
        AT_TIMESTAMP
    }

    /**
     * Credential providers allowed here. Static keys ({@code BASIC}) are deliberately absent:
     * credentials never live in configuration.
     */
    public enum CredentialsProvider {
        AUTO,
        ASSUME_ROLE,
        WEB_IDENTITY_TOKEN
    }

    /** How shards are read. */
    public enum ReaderType {
        POLLING,
        EFO
    }

    public static final ConfigOption<String> STREAM_ARN =
            ConfigOption.builder(GROUP, "stream.arn")
                    .type(streamArnType())
                    .required(
                            "ARN of the Kinesis data stream holding N3uron telemetry, e.g."
                                    + " arn:aws:kinesis:eu-west-1:123456789012:stream/telemetry.");

    public static final ConfigOption<String> REGION =
            ConfigOption.builder(GROUP, "aws.region")
                    .type(OptionTypes.NON_BLANK_STRING)
                    .required("AWS region of the stream.");

    public static final ConfigOption<URI> ENDPOINT =
            ConfigOption.builder(GROUP, "aws.endpoint")
                    .type(OptionTypes.ABSOLUTE_URI)
                    .optional(
                            "Endpoint override; leave unset on AWS. Locally the kinesis-local emulator,"
                                    + " http://127.0.0.1:4568.");

    public static final ConfigOption<CredentialsProvider> CREDENTIALS_PROVIDER =
            ConfigOption.builder(GROUP, "aws.credentials.provider")
                    .type(OptionTypes.enumType(CredentialsProvider.class))
                    .defaultValue(
                            CredentialsProvider.AUTO,
                            "AUTO uses the default provider chain (the application's IAM role on"
                                    + " Managed Flink). Static keys (BASIC) are refused.");

    public static final ConfigOption<InitialPosition> INITIAL_POSITION =
            ConfigOption.builder(GROUP, "flink.stream.initpos")
                    .type(OptionTypes.enumType(InitialPosition.class))
                    .defaultValue(
                            InitialPosition.LATEST,
                            "Where to start reading when the job has no checkpoint or snapshot.");

    public static final ConfigOption<String> INITIAL_TIMESTAMP =
            ConfigOption.builder(GROUP, "flink.stream.initpos.timestamp")
                    .type(isoTimestampType())
                    .optional(
                            "Start time for AT_TIMESTAMP, ISO-8601 with offset, e.g."
                                    + " 2026-11-21T08:00:00Z. Required with AT_TIMESTAMP.");

    public static final ConfigOption<Integer> SHARD_DISCOVERY_INTERVAL_MILLIS =
            ConfigOption.builder(GROUP, "flink.shard.discovery.intervalmillis")
                    .type(OptionTypes.POSITIVE_INT)
                    .defaultValue(10_000, "How often, in milliseconds, new shards are discovered.");

    public static final ConfigOption<ReaderType> READER_TYPE =
            ConfigOption.builder(GROUP, "source.reader.type")
                    .type(OptionTypes.enumType(ReaderType.class))
                    .defaultValue(
                            ReaderType.POLLING,
                            "POLLING (GetRecords, shared throughput). EFO (enhanced fan-out) needs"
                                    + " flink-connector-kinesis 5.x and is refused by this build.");

    public static final List<ConfigOption<?>> ALL =
            List.of(
                    STREAM_ARN,
                    REGION,
                    ENDPOINT,
                    CREDENTIALS_PROVIDER,
                    INITIAL_POSITION,
                    INITIAL_TIMESTAMP,
                    SHARD_DISCOVERY_INTERVAL_MILLIS,
                    READER_TYPE);

    /**
     * Connector keys passed through unchanged (role ARN and session name for ASSUME_ROLE, HTTP
     * client tuning).
     */
    public static final List<String> PASS_THROUGH_PREFIXES =
            Arrays.asList("aws.credentials.provider.", "aws.http");

    /** The connector's timestamp format for {@code flink.stream.initpos.timestamp}. */
    private static final DateTimeFormatter CONNECTOR_TIMESTAMP_FORMAT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX");

    private KinesisSourceOptions() {}

    /** Reads and cross-checks the group. */
    public static KinesisSourceConfig read(PropertyGroups groups) {
        Map<String, String> raw = groups.rawGroup(GROUP);
        for (String key : raw.keySet()) {
            if (key.contains(".basic.")) {
                throw new ConfigException(
                        "Property group '"
                                + GROUP
                                + "', key '"
                                + key
                                + "': static AWS credentials are not accepted in configuration;"
                                + " use the IAM role (aws.credentials.provider=AUTO)");
            }
        }
        if (groups.get(READER_TYPE) == ReaderType.EFO) {
            throw new ConfigException(
                    "Property group '"
                            + GROUP
                            + "', key '"
                            + READER_TYPE.key()
                            + "': EFO is not available: the KinesisStreamsSource in"
                            + " flink-connector-kinesis 4.3.0-1.19 reads by polling only. Use POLLING.");
        }
        InitialPosition position = groups.get(INITIAL_POSITION);
        Map<String, String> connector = new LinkedHashMap<>();
        connector.put(REGION.key(), groups.get(REGION));
        groups.find(ENDPOINT).ifPresent(uri -> connector.put(ENDPOINT.key(), uri.toString()));
        connector.put(CREDENTIALS_PROVIDER.key(), groups.get(CREDENTIALS_PROVIDER).name());
        connector.put(INITIAL_POSITION.key(), position.name());
        connector.put(
                SHARD_DISCOVERY_INTERVAL_MILLIS.key(),
                String.valueOf(groups.get(SHARD_DISCOVERY_INTERVAL_MILLIS)));
        String timestamp = groups.find(INITIAL_TIMESTAMP).orElse(null);
        if (position == InitialPosition.AT_TIMESTAMP && timestamp == null) {
            throw new ConfigException(
                    "Property group '"
                            + GROUP
                            + "' sets "
                            + INITIAL_POSITION.key()
                            + "=AT_TIMESTAMP but is missing key '"
                            + INITIAL_TIMESTAMP.key()
                            + "'");
        }
        if (timestamp != null) {
            if (position != InitialPosition.AT_TIMESTAMP) {
                throw new ConfigException(
                        "Property group '"
                                + GROUP
                                + "', key '"
                                + INITIAL_TIMESTAMP.key()
                                + "' is only used with "
                                + INITIAL_POSITION.key()
                                + "=AT_TIMESTAMP, but the position is "
                                + position);
            }
            connector.put(INITIAL_TIMESTAMP.key(), timestamp);
        }
        raw.forEach(
                (key, value) -> {
                    if (PASS_THROUGH_PREFIXES.stream().anyMatch(key::startsWith)
                            && !connector.containsKey(key)) {
                        connector.put(key, value);
                    }
                });
        return new KinesisSourceConfig(groups.get(STREAM_ARN), connector);
    }

    private static OptionType<String> streamArnType() {
        return new OptionType<String>() {
            private static final long serialVersionUID = 1L;

            @Override
            public String parse(String raw) {
                String arn = raw.trim();
                if (!STREAM_ARN_PATTERN.matcher(arn).matches()) {
                    throw new IllegalArgumentException(
                            "expected a Kinesis stream ARN like"
                                    + " arn:aws:kinesis:<region>:<account>:stream/<name> but got '"
                                    + raw
                                    + "'");
                }
                return arn;
            }

            @Override
            public String describe() {
                return "Kinesis stream ARN";
            }
        };
    }

    private static OptionType<String> isoTimestampType() {
        return new OptionType<String>() {
            private static final long serialVersionUID = 1L;

            @Override
            public String parse(String raw) {
                try {
                    OffsetDateTime time = OffsetDateTime.parse(raw.trim());
                    return CONNECTOR_TIMESTAMP_FORMAT.format(
                            time.withOffsetSameInstant(ZoneOffset.UTC));
                } catch (DateTimeParseException e) {
                    throw new IllegalArgumentException(
                            "expected an ISO-8601 time with offset such as 2026-11-21T08:00:00Z but got '"
                                    + raw
                                    + "'");
                }
            }

            @Override
            public String describe() {
                return "ISO-8601 timestamp";
            }
        };
    }
}
