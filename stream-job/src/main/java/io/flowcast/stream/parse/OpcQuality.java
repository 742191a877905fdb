package io.flowcast.stream.parse;

/**
 * OPC DA quality codes as N3uron reports them: an 8-bit field whose top two bits give the class (00
 * Bad, 01 Uncertain, 11 Good). 192 is plain Good, 216 Good with local override.
 */
public final class OpcQuality {

    /** Plain Good. */
    public static final int GOOD = 192;

    /** Plain Bad (e.g. no communication). */
    public static final int BAD = 0;

    /** The highest valid code. */
    public static final int MAX = 255;

    private static final int CLASS_MASK = 0xC0;

    private OpcQuality() {}

    /** True for codes in the Good class (192..255). */
    public static boolean isGood(int quality) {
        return (quality & CLASS_MASK) == CLASS_MASK;
    }
}
