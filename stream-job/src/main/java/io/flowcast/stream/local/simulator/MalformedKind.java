package io.flowcast.stream.local.simulator;

/**
 * The kinds of bad message the simulator sends in place of a good record when {@code
 * --malformed-fraction} is set. They are used in this order, round-robin, so a short run already
 * covers every kind.
 *
 * <p>Each kind is something the job's parser must route to the dead-letter output rather than crash
 * on or silently accept.
 */
public enum MalformedKind {
    /** A valid record cut off part-way: not parseable JSON. */
    TRUNCATED_JSON,
    /** {@code "v":"abc"}: a string where a number belongs. */
    STRING_VALUE,
    /** {@code "v":NaN}: a literal JSON does not allow. */
    NAN_LITERAL,
    /** A sample without its {@code ts}. */
    MISSING_TS,
    /** A tag with no {@code /}, so no asset id can be derived from it. */
    TAG_WITHOUT_SEPARATOR,
    /** A well-formed sample stamped two days in the future. */
    FUTURE_TIMESTAMP,
    /** A tag whose value is hundreds of nested arrays instead of a sample list. */
    NESTED_ARRAY_GARBAGE,
    /** A JSON array at the top level where an object is expected. */
    TOP_LEVEL_ARRAY
}
