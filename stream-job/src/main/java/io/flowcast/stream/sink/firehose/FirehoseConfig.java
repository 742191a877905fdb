package io.flowcast.stream.sink.firehose;

import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Immutable settings of the optional Kinesis Data Firehose predictions sink: the delivery stream,
 * where to reach it, and how records are batched into {@code PutRecordBatch} requests.
 *
 * <p>Arguments are checked against the service's limits (at most {@value #MAX_RECORDS_PER_BATCH}
 * records and {@value #MAX_BYTES_PER_BATCH} bytes per request) and the connector's own rules (the
 * buffer must hold more than one batch; a batch must fit the largest record Firehose accepts).
 * Credentials are not part of it: the sink uses the default provider chain.
 */
public final class FirehoseConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Records per {@code PutRecordBatch} request allowed by Firehose. */
    public static final int MAX_RECORDS_PER_BATCH = 500;

    /** Bytes per {@code PutRecordBatch} request allowed by Firehose (4 MiB). */
    public static final long MAX_BYTES_PER_BATCH = 4L * 1024 * 1024;

    /** Largest record (data blob before base64) Firehose accepts: 1,000 KiB. */
    public static final long MAX_RECORD_BYTES = 1000L * 1024;

    private final String deliveryStream;
    private final String region;
    private final URI endpoint;
    private final int maxBatchSize;
    private final int maxInFlightRequests;
    private final int maxBufferedRequests;
    private final long maxBatchBytes;
    private final Duration maxTimeInBuffer;

    private FirehoseConfig(Builder b) {
        this.deliveryStream = requireText(b.deliveryStream, "deliveryStream");
        this.region = requireText(b.region, "region");
        this.endpoint = b.endpoint;
        this.maxBatchSize = b.maxBatchSize;
        this.maxInFlightRequests = b.maxInFlightRequests;
        this.maxBufferedRequests = b.maxBufferedRequests;
        this.maxBatchBytes = b.maxBatchBytes;
        this.maxTimeInBuffer = Objects.requireNonNull(b.maxTimeInBuffer, "maxTimeInBuffer");
        if (maxBatchSize < 1 || maxBatchSize > MAX_RECORDS_PER_BATCH) {
            throw new IllegalArgumentException(
                    "maxBatchSize must be between 1 and "
                            + MAX_RECORDS_PER_BATCH
                            + " (Firehose's PutRecordBatch limit) but is "
                            + maxBatchSize);
        }
        if (maxInFlightRequests < 1) {
            throw new IllegalArgumentException(
                    "maxInFlightRequests must be at least 1 but is " + maxInFlightRequests);
        }
        if (maxBufferedRequests <= maxBatchSize) {
            throw new IllegalArgumentException(
                    "maxBufferedRequests ("
                            + maxBufferedRequests
                            + ") must be greater than maxBatchSize ("
                            + maxBatchSize
                            + ")");
        }
        if (maxBatchBytes < MAX_RECORD_BYTES || maxBatchBytes > MAX_BYTES_PER_BATCH) {
            throw new IllegalArgumentException(
                    "maxBatchBytes must be between "
                            + MAX_RECORD_BYTES
                            + " (the largest Firehose record) and "
                            + MAX_BYTES_PER_BATCH
                            + " (Firehose's PutRecordBatch limit) but is "
                            + maxBatchBytes);
        }
        if (maxTimeInBuffer.isNegative() || maxTimeInBuffer.isZero()) {
            throw new IllegalArgumentException(
                    "maxTimeInBuffer must be above zero but is " + maxTimeInBuffer);
        }
    }

    /** Starts a config for {@code deliveryStream} in {@code region}, with the defaults below. */
    public static Builder builder(String deliveryStream, String region) {
        return new Builder(deliveryStream, region);
    }

    /** Name of the delivery stream (not its ARN). */
    public String deliveryStream() {
        return deliveryStream;
    }

    public String region() {
        return region;
    }

    /** Endpoint override (a local stand-in in tests); empty on AWS. */
    public Optional<URI> endpoint() {
        return Optional.ofNullable(endpoint);
    }

    public int maxBatchSize() {
        return maxBatchSize;
    }

    public int maxInFlightRequests() {
        return maxInFlightRequests;
    }

    public int maxBufferedRequests() {
        return maxBufferedRequests;
    }

    public long maxBatchBytes() {
        return maxBatchBytes;
    }

    public Duration maxTimeInBuffer() {
        return maxTimeInBuffer;
    }

    @Override
    public String toString() {
        return "FirehoseConfig{"
                + deliveryStream
                + " in "
                + region
                + (endpoint == null ? "" : " via " + endpoint)
                + ", batch<="
                + maxBatchSize
                + " records/"
                + maxBatchBytes
                + " B, inFlight<="
                + maxInFlightRequests
                + ", buffered<="
                + maxBufferedRequests
                + ", flush after "
                + maxTimeInBuffer
                + "}";
    }

    private static String requireText(String value, String name) {
        if (value == null || value.trim().isEmpty()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        return value;
    }

    /**
     * Builds a {@link FirehoseConfig}. Defaults are the connector's: 500 records and 4 MiB per
     * request, 50 requests in flight, 10,000 records buffered, a partial batch sent after 5 s.
     */
    public static final class Builder {
        public static final int DEFAULT_MAX_BATCH_SIZE = MAX_RECORDS_PER_BATCH;
        public static final int DEFAULT_MAX_IN_FLIGHT_REQUESTS = 50;
        public static final int DEFAULT_MAX_BUFFERED_REQUESTS = 10_000;
        public static final long DEFAULT_MAX_BATCH_BYTES = MAX_BYTES_PER_BATCH;
        public static final Duration DEFAULT_MAX_TIME_IN_BUFFER = Duration.ofSeconds(5);

        private final String deliveryStream;
        private final String region;
        private URI endpoint;
        private int maxBatchSize = DEFAULT_MAX_BATCH_SIZE;
        private int maxInFlightRequests = DEFAULT_MAX_IN_FLIGHT_REQUESTS;
        private int maxBufferedRequests = DEFAULT_MAX_BUFFERED_REQUESTS;
        private long maxBatchBytes = DEFAULT_MAX_BATCH_BYTES;
        private Duration maxTimeInBuffer = DEFAULT_MAX_TIME_IN_BUFFER;

        private Builder(String deliveryStream, String region) {
            this.deliveryStream = deliveryStream;
            this.region = region;
        }

        /** Endpoint override; null (the default) means the regional AWS endpoint. */
        public Builder endpoint(URI endpoint) {
            this.endpoint = endpoint;
            return this;
        }

        public Builder maxBatchSize(int records) {
            this.maxBatchSize = records;
            return this;
        }

        public Builder maxInFlightRequests(int requests) {
            this.maxInFlightRequests = requests;
            return this;
        }

        public Builder maxBufferedRequests(int records) {
            this.maxBufferedRequests = records;
            return this;
        }

        public Builder maxBatchBytes(long bytes) {
            this.maxBatchBytes = bytes;
            return this;
        }

        public Builder maxTimeInBuffer(Duration time) {
            this.maxTimeInBuffer = time;
            return this;
        }

        public FirehoseConfig build() {
            return new FirehoseConfig(this);
        }
    }
}
