package io.flowcast.stream;

import io.flowcast.stream.deadletter.DeadLetter;
import org.apache.flink.util.OutputTag;

/** Every side output of the job, in one place so producers and consumers share the same tag. */
public final class SideOutputs {

    /** Input a stage rejected, with the reason; written by the dead-letter sink. */
    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<DeadLetter>("dead-letters") {};

    private SideOutputs() {}
}
