package io.flowcast.stream.parse;

import io.flowcast.stream.deadletter.DeadLetter;

/** Receives what {@link TelemetryParser} makes of one record: samples and dead letters. */
public interface ParseOutput {

    void sample(TelemetrySample sample);

    void deadLetter(DeadLetter deadLetter);
}
