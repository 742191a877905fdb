package io.flowcast.stream.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowcast.stream.enrich.OutageGate.Admission;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The circuit breaker of {@link JdbcAssetContextClient}, on a manual clock. */
class OutageGateTest {

    static final long PROBE_INTERVAL = TimeUnit.SECONDS.toNanos(1);

    private long now = 1_000_000_000L;
    private final OutageGate gate = new OutageGate(PROBE_INTERVAL, () -> now);

    private void advanceMillis(long millis) {
        now += TimeUnit.MILLISECONDS.toNanos(millis);
    }

    @Test
    void everythingRunsWhileTheDatabaseIsReachable() {
        assertThat(gate.admit()).isEqualTo(Admission.RUN);
        assertThat(gate.admit()).isEqualTo(Admission.RUN);
        assertThat(gate.isDown()).isFalse();
        assertThat(gate.downForNanos()).isZero();
    }

    @Test
    void afterAConnectTimeoutLookupsAreRejectedUntilTheNextProbe() {
        gate.unreachable(false);
        assertThat(gate.isDown()).isTrue();
        assertThat(gate.admit()).isEqualTo(Admission.REJECT);

        advanceMillis(999);
        assertThat(gate.admit()).isEqualTo(Admission.REJECT);
        assertThat(gate.downForNanos()).isEqualTo(TimeUnit.MILLISECONDS.toNanos(999));

        advanceMillis(1);
        assertThat(gate.admit()).isEqualTo(Admission.PROBE);
        // Only one probe at a time.
        assertThat(gate.admit()).isEqualTo(Admission.REJECT);
        advanceMillis(5_000);
        assertThat(gate.admit()).isEqualTo(Admission.REJECT);
    }

    @Test
    void aFailedProbeWaitsAnotherIntervalAndASuccessfulOneReopens() {
        gate.unreachable(false);
        advanceMillis(1_000);
        assertThat(gate.admit()).isEqualTo(Admission.PROBE);
        advanceMillis(1_000); // the probe waited out the connect timeout
        gate.unreachable(true);
        assertThat(gate.admit()).isEqualTo(Admission.REJECT);
        assertThat(gate.downForNanos()).isEqualTo(TimeUnit.MILLISECONDS.toNanos(2_000));

        advanceMillis(1_000);
        assertThat(gate.admit()).isEqualTo(Admission.PROBE);
        gate.reachable();
        assertThat(gate.isDown()).isFalse();
        assertThat(gate.admit()).isEqualTo(Admission.RUN);
    }

    @Test
    void aProbeThatEndsWithoutAnswerFreesTheSlot() {
        gate.unreachable(false);
        advanceMillis(1_000);
        assertThat(gate.admit()).isEqualTo(Admission.PROBE);
        gate.probeEnded();
        assertThat(gate.admit()).isEqualTo(Admission.PROBE);
    }
}
