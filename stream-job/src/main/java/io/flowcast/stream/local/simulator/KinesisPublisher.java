package io.flowcast.stream.local.simulator;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.KinesisClientBuilder;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;

/**
 * Publishes records to a Kinesis data stream with PutRecords.
 *
 * <p>In: the records of a tick. Out: PutRecords requests of at most {@value
 * #MAX_RECORDS_PER_REQUEST} records and 5 MiB (payloads plus partition keys, as Kinesis counts).
 *
 * <p>Retries: a PutRecords call can succeed for some entries and fail others (typically {@code
 * ProvisionedThroughputExceededException} on a hot shard). Only the failed entries are sent again,
 * after an exponential backoff (100 ms doubling, capped at 5 s by default), so accepted records are
 * never written twice; a retried record can land after later ones of its shard, as with any Kinesis
 * producer. After {@code maxAttempts} calls with failures left it throws {@link PublishException}.
 * Whole-call failures (network, throttling of the call, missing stream) are retried by the SDK's
 * own retry policy and then reported as {@link PublishException}.
 *
 * <p>Credentials come from the SDK default provider chain only. Not thread-safe: one simulator
 * thread publishes.
 */
public final class KinesisPublisher implements RecordPublisher {

    /** Kinesis limit on entries per PutRecords call. */
    public static final int MAX_RECORDS_PER_REQUEST = 500;

    /** Kinesis limit on one PutRecords call: payloads plus partition keys. */
    public static final long MAX_BYTES_PER_REQUEST = 5L * 1024 * 1024;

    /** Kinesis limit on one record: payload plus partition key. */
    public static final int MAX_BYTES_PER_RECORD = 1024 * 1024;

    /** Calls per batch before giving up on entries that keep failing. */
    public static final int DEFAULT_MAX_ATTEMPTS = 8;

    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(100);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(5);

    /** The one Kinesis call the publisher makes; tests stand in for Kinesis by implementing it. */
    @FunctionalInterface
    public interface PutRecordsCall {
        PutRecordsResponse putRecords(PutRecordsRequest request);
    }

    /** Waits between retries; tests pass one that records the waits instead of sleeping. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final String streamName;
    private final PutRecordsCall call;
    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Sleeper sleeper;
    private final AutoCloseable resource;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong retriedRecords = new AtomicLong();

    /** Publishes through the client and closes it on {@link #close()}. */
    public KinesisPublisher(KinesisClient client, String streamName) {
        this(
                streamName,
                Objects.requireNonNull(client, "client")::putRecords,
                DEFAULT_MAX_ATTEMPTS,
                DEFAULT_INITIAL_BACKOFF,
                DEFAULT_MAX_BACKOFF,
                d -> Thread.sleep(d.toMillis()),
                client);
    }

    /** Publishes through any implementation of the call, with the default retry settings. */
    public KinesisPublisher(String streamName, PutRecordsCall call) {
        this(
                streamName,
                call,
                DEFAULT_MAX_ATTEMPTS,
                DEFAULT_INITIAL_BACKOFF,
                DEFAULT_MAX_BACKOFF,
                d -> Thread.sleep(d.toMillis()),
                null);
    }

    KinesisPublisher(
            String streamName,
            PutRecordsCall call,
            int maxAttempts,
            Duration initialBackoff,
            Duration maxBackoff,
            Sleeper sleeper,
            AutoCloseable resource) {
        this.streamName = Objects.requireNonNull(streamName, "streamName");
        this.call = Objects.requireNonNull(call, "call");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException(
                    "maxAttempts must be at least 1, got " + maxAttempts);
        }
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException(
                    "need 0 <= initialBackoff <= maxBackoff, got "
                            + initialBackoff
                            + " and "
                            + maxBackoff);
        }
        this.maxAttempts = maxAttempts;
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.resource = resource;
    }

    /** A publisher to the options' stream, region and endpoint. */
    public static KinesisPublisher create(SimulatorOptions options) {
        return new KinesisPublisher(
                buildClient(options.region(), options.endpoint()), options.stream());
    }

    /**
     * A synchronous Kinesis client for the region, with the endpoint override if given.
     *
     * <p>No HTTP client is named: the SDK picks the synchronous one on the classpath. In this
     * project that is the Apache client ({@code software.amazon.awssdk:apache-client}, a runtime
     * dependency of the Kinesis SDK), which speaks the plain HTTP/1.1 the local emulator serves.
     * Naming it in code would need it at compile scope.
     */
    public static KinesisClient buildClient(String region, Optional<URI> endpoint) {
        KinesisClientBuilder builder =
                KinesisClient.builder()
                        .region(Region.of(region))
                        .overrideConfiguration(
                                c ->
                                        c.apiCallAttemptTimeout(Duration.ofSeconds(10))
                                                .apiCallTimeout(Duration.ofSeconds(60)));
        // Credentials: the SDK default chain (system properties, environment, profile, container
        // or instance role). Never from flags or files of our own.
        endpoint.ifPresent(builder::endpointOverride);
        return builder.build();
    }

    @Override
    public void publish(List<TelemetryRecord> records) {
        for (List<TelemetryRecord> batch : batches(records)) {
            List<PutRecordsRequestEntry> entries = new ArrayList<>(batch.size());
            for (TelemetryRecord r : batch) {
                entries.add(
                        PutRecordsRequestEntry.builder()
                                .partitionKey(r.partitionKey())
                                .data(SdkBytes.fromByteArrayUnsafe(r.data()))
                                .build());
            }
            putWithRetries(entries);
        }
    }

    /** PutRecords calls made so far, retries included. */
    public long requestCount() {
        return requests.get();
    }

    /** Entries sent again after a partial failure, so far. */
    public long retriedRecordCount() {
        return retriedRecords.get();
    }

    @Override
    public void close() {
        if (resource != null) {
            try {
                resource.close();
            } catch (Exception e) {
                // Closing only releases connections; nothing left to deliver depends on it.
            }
        }
    }

    /**
     * Splits records into PutRecords-sized batches, keeping their order.
     *
     * @throws IllegalArgumentException if a single record is over the 1 MiB Kinesis limit or its
     *     partition key is not 1-256 characters
     */
    static List<List<TelemetryRecord>> batches(List<TelemetryRecord> records) {
        List<List<TelemetryRecord>> batches = new ArrayList<>();
        List<TelemetryRecord> current = new ArrayList<>();
        long currentBytes = 0;
        for (TelemetryRecord r : records) {
            String key = r.partitionKey();
            if (key.isEmpty() || key.length() > 256) {
                throw new IllegalArgumentException(
                        "partition key must be 1-256 characters, got " + key.length() + ": " + key);
            }
            long size = r.dataSize() + key.getBytes(StandardCharsets.UTF_8).length;
            if (size > MAX_BYTES_PER_RECORD) {
                throw new IllegalArgumentException(
                        "record for "
                                + key
                                + " is "
                                + size
                                + " bytes, over the Kinesis limit of "
                                + MAX_BYTES_PER_RECORD);
            }
            if (current.size() == MAX_RECORDS_PER_REQUEST
                    || currentBytes + size > MAX_BYTES_PER_REQUEST) {
                batches.add(current);
                current = new ArrayList<>();
                currentBytes = 0;
            }
            current.add(r);
            currentBytes += size;
        }
        if (!current.isEmpty()) {
            batches.add(current);
        }
        return batches;
    }

    private void putWithRetries(List<PutRecordsRequestEntry> entries) {
        List<PutRecordsRequestEntry> pending = entries;
        for (int attempt = 1; ; attempt++) {
            PutRecordsResponse response = callOnce(pending);
            Integer failedCount = response.failedRecordCount();
            if (failedCount == null || failedCount == 0) {
                return;
            }
            List<PutRecordsResultEntry> results = response.records();
            if (results.size() != pending.size()) {
                throw new PublishException(
                        String.format(
                                "PutRecords to stream '%s' answered %d results for %d records",
                                streamName, results.size(), pending.size()));
            }
            // Results are positional: entry i of the response belongs to entry i of the request.
            List<PutRecordsRequestEntry> failed = new ArrayList<>();
            String lastError = null;
            for (int i = 0; i < results.size(); i++) {
                PutRecordsResultEntry result = results.get(i);
                if (result.errorCode() != null) {
                    failed.add(pending.get(i));
                    lastError = result.errorCode() + ": " + result.errorMessage();
                }
            }
            if (failed.isEmpty()) {
                return;
            }
            if (attempt >= maxAttempts) {
                throw new PublishException(
                        String.format(
                                "PutRecords to stream '%s': %d of %d records still failing"
                                        + " after %d attempts (last error %s)",
                                streamName, failed.size(), entries.size(), attempt, lastError));
            }
            retriedRecords.addAndGet(failed.size());
            sleep(backoff(attempt));
            pending = failed;
        }
    }

    private PutRecordsResponse callOnce(List<PutRecordsRequestEntry> entries) {
        requests.incrementAndGet();
        PutRecordsRequest request =
                PutRecordsRequest.builder().streamName(streamName).records(entries).build();
        try {
            return call.putRecords(request);
        } catch (ResourceNotFoundException e) {
            throw new PublishException(
                    "stream '"
                            + streamName
                            + "' not found (create it or pass --stream): "
                            + e.getMessage(),
                    e);
        } catch (SdkException e) {
            throw new PublishException(
                    "PutRecords to stream '" + streamName + "' failed: " + e.getMessage(), e);
        }
    }

    /** Backoff before retry number {@code attempt}: initial * 2^(attempt-1), capped. */
    Duration backoff(int attempt) {
        long ms = initialBackoff.toMillis();
        for (int i = 1; i < attempt && ms < maxBackoff.toMillis(); i++) {
            ms *= 2;
        }
        return Duration.ofMillis(Math.min(ms, maxBackoff.toMillis()));
    }

    private void sleep(Duration d) {
        try {
            sleeper.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishException(
                    "interrupted while waiting to retry PutRecords to stream '" + streamName + "'",
                    e);
        }
    }
}
