package io.flowcast.stream.parse;

import java.util.Objects;

/**
 * One validated measurement: a signal of an asset at an event time. Produced by {@link
 * TelemetryParser}; the input of windowing.
 *
 * <p>Samples whose OPC quality is not in the Good class are kept and flagged ({@code
 * goodQuality=false}) so later stages decide what to do with them.
 *
 * <p>A Flink POJO (public no-arg constructor, public fields) so it serializes without Kryo.
 */
public class TelemetrySample {

    /** Asset id derived from the tag path, e.g. {@code SiteA/Line1/Pump-001}. */
    public String assetId;

    /** Signal name derived from the tag path, e.g. {@code BearingTemp}. */
    public String signal;

    /** The measured value; booleans of digital tags are 1.0 and 0.0. Always finite. */
    public double value;

    /** OPC quality code 0..255. */
    public int quality;

    /** True when {@link #quality} is in the OPC Good class (192..255). */
    public boolean goodQuality;

    /** Event time in epoch milliseconds, as stamped by the gateway. */
    public long eventTimeMillis;

    public TelemetrySample() {}

    public TelemetrySample(
            String assetId, String signal, double value, int quality, long eventTimeMillis) {
        this.assetId = assetId;
        this.signal = signal;
        this.value = value;
        this.quality = quality;
        this.goodQuality = OpcQuality.isGood(quality);
        this.eventTimeMillis = eventTimeMillis;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof TelemetrySample)) {
            return false;
        }
        TelemetrySample that = (TelemetrySample) o;
        return Double.compare(that.value, value) == 0
                && quality == that.quality
                && goodQuality == that.goodQuality
                && eventTimeMillis == that.eventTimeMillis
                && Objects.equals(assetId, that.assetId)
                && Objects.equals(signal, that.signal);
    }

    @Override
    public int hashCode() {
        return Objects.hash(assetId, signal, eventTimeMillis);
    }

    @Override
    public String toString() {
        return assetId
                + "/"
                + signal
                + "@"
                + eventTimeMillis
                + "="
                + value
                + " (q="
                + quality
                + ")";
    }
}
