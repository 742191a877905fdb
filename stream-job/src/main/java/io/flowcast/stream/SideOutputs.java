package io.flowcast.stream;

import io.flowcast.stream.deadletter.DeadLetter;
import io.flowcast.stream.parse.TelemetrySample;
import org.apache.flink.util.OutputTag;

/** Every side output of the job, in one place so producers and consumers share the same tag. */
public final class SideOutputs {

    /** Input a stage rejected, with the reason; written by the dead-letter sink. */
    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<DeadLetter>("dead-letters") {};

    /** Samples that arrived after their window closed; they become LATE_SAMPLE dead letters. */
    public static final OutputTag<TelemetrySample> LATE_SAMPLES =
            new OutputTag<TelemetrySample>("late-samples") {};

    private SideOutputs() {}
}
