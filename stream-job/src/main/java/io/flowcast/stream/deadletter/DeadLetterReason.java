package io.flowcast.stream.deadletter;

/**
 * Why input was rejected. The codes are part of the dead-letter record's contract ({@code
 * schemas/records/dead-letter.schema.json}): add new ones, never rename.
 */
public enum DeadLetterReason {
    /** Not parseable JSON: syntax error, truncated, invalid encoding, trailing content. */
    INVALID_JSON,
    /** Valid JSON of the wrong structure: not an object, forms mixed, duplicated fields. */
    WRONG_SHAPE,
    /** A field of the wrong JSON type, e.g. a string value or a fractional timestamp. */
    WRONG_TYPE,
    /** A required field ({@code v}, {@code q}, {@code ts}, {@code tag}) is absent. */
    MISSING_FIELD,
    /** The value is JSON {@code null}. */
    MISSING_VALUE,
    /** The value is NaN or infinite (including numbers too large for a double). */
    NON_FINITE_VALUE,
    /** A number outside its range, e.g. quality above 255 or a negative timestamp. */
    VALUE_OUT_OF_RANGE,
    /** The timestamp is further ahead of the job's clock than allowed. */
    TIMESTAMP_IN_FUTURE,
    /** The timestamp is older than allowed. */
    TIMESTAMP_TOO_OLD,
    /** The Kinesis record is larger than allowed; it was not parsed. */
    RECORD_TOO_LARGE,
    /** The record holds more samples than allowed; none of them was kept. */
    TOO_MANY_SAMPLES,
    /** JSON nested deeper than allowed (hostile or garbled input). */
    TOO_DEEPLY_NESTED,
    /** The tag path does not match the configured rule (or is too long). */
    UNKNOWN_TAG_PATTERN,
    /** The record is empty, blank, or an object without tags (or a tag without samples). */
    EMPTY_MESSAGE,
    /** Window stage: the sample's event time was behind the watermark past the allowed lateness. */
    LATE_SAMPLE,
    /** Window stage: the asset's type is not known, so no feature spec applies. */
    UNKNOWN_ASSET_TYPE,
    /**
     * Enrichment: the asset is not in the asset register (or is inactive there), and {@code
     * Enrichment/on.unknown.asset} is {@code DEAD_LETTER}. The payload is the feature vector.
     */
    UNKNOWN_ASSET,
    /**
     * Enrichment: the asset register could not be read (database down, slow, timed out) and no
     * cached context was usable, and {@code Enrichment/on.failure} is {@code DEAD_LETTER}. The
     * payload is the feature vector.
     */
    ENRICHMENT_FAILED,
    /**
     * Inference: the model rejected the window's features (SageMaker ModelError); found by
     * splitting the batch, so only the rejected rows fail. The payload is the enriched vector.
     */
    MODEL_ERROR,
    /**
     * Inference: no prediction after the retries (throttling, 5xx, connection errors), within the
     * deadline, or while the endpoint's circuit was open; or the request was invalid (unknown
     * endpoint or variant) or the answer unusable. The detail names which. The payload is the
     * enriched vector.
     */
    INFERENCE_FAILED,
    /** Inference: no answer within {@code Inference/async.timeout}. The payload is the vector. */
    INFERENCE_TIMEOUT;

    /** True for the reasons the parse stage gives (the others come from later stages). */
    public boolean isParseReason() {
        return this != LATE_SAMPLE
                && this != UNKNOWN_ASSET_TYPE
                && this != UNKNOWN_ASSET
                && this != ENRICHMENT_FAILED
                && this != MODEL_ERROR
                && this != INFERENCE_FAILED
                && this != INFERENCE_TIMEOUT;
    }
}
