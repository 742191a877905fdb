package io.flowcast.stream.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** Exactness and size of the packed duplicate-detection set. */
class SeenSamplesTest {

    private static final long T0 = 1_800_000_000_000L;
    private static final long SECOND = 1_000L;

    @Test
    void answersExactlyLikeAHashSetForRandomStreamsWithResendsAndDisorder() {
        Random random = new Random(11);
        for (int round = 0; round < 300; round++) {
            int signals = 1 + random.nextInt(20);
            SeenSamples seen = SeenSamples.forSignals(signals);
            Set<String> reference = new HashSet<>();
            List<long[]> history = new ArrayList<>();
            int samples = random.nextInt(1500);
            long spacing = 1 + random.nextInt(2000);
            int jitter = random.nextInt(4) == 0 ? 0 : random.nextInt(300);
            for (int i = 0; i < samples; i++) {
                int signal = random.nextInt(signals);
                long ts;
                if (!history.isEmpty() && random.nextInt(10) == 0) {
                    ts = history.get(random.nextInt(history.size()))[1]; // a resend
                    signal = (int) history.get(random.nextInt(history.size()))[0];
                } else {
                    long slot = i / signals + (random.nextInt(8) == 0 ? -random.nextInt(30) : 0);
                    ts = T0 + slot * spacing + (jitter == 0 ? 0 : random.nextInt(jitter));
                }
                history.add(new long[] {signal, ts});
                boolean expectedNew = reference.add(signal + "@" + ts);
                assertThat(seen.add(signal, ts))
                        .as("round %d sample %d: signal %d at %d", round, i, signal, ts)
                        .isEqualTo(expectedNew);
            }
            assertThat(seen.size).isEqualTo(reference.size());
            for (String pair : reference) {
                String[] parts = pair.split("@");
                assertThat(seen.contains(Integer.parseInt(parts[0]), Long.parseLong(parts[1])))
                        .isTrue();
            }
            assertThat(seen.contains(0, T0 - 123_456)).isFalse();
        }
    }

    @Test
    void aSteadilySampledSignalCostsAFewBytesPerWindowWhateverItsSampleCount() {
        SeenSamples seen = SeenSamples.forSignals(20);
        for (int second = 0; second < 60; second++) {
            for (int s = 0; s < 20; s++) {
                assertThat(seen.add(s, T0 + second * SECOND)).isTrue();
            }
        }
        assertThat(seen.size).isEqualTo(1200);
        // 20 sections of signal, length, count, first offset, first delta, one run.
        assertThat(seen.packed.length + seen.pendingCount * 8).isLessThanOrEqualTo(20 * 12);
        for (int s = 0; s < 20; s++) {
            assertThat(seen.add(s, T0 + 30 * SECOND)).isFalse();
            assertThat(seen.contains(s, T0 + 30 * SECOND + 1)).isFalse();
        }
    }

    @Test
    void jitteredTimestampsCostAboutOneBytePerSample() {
        Random random = new Random(3);
        SeenSamples seen = SeenSamples.forSignals(20);
        for (int second = 0; second < 60; second++) {
            for (int s = 0; s < 20; s++) {
                seen.add(s, T0 + second * SECOND + random.nextInt(41) - 20);
            }
        }
        assertThat(seen.size).isEqualTo(1200);
        assertThat(seen.packed.length).isBetween(1000, 1400);
    }

    @Test
    void addAllKeepsTheUnionAndRejectsWhatBothSidesSaw() {
        SeenSamples a = SeenSamples.forSignals(3);
        SeenSamples b = SeenSamples.forSignals(3);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(5));
        for (int i : order) {
            a.add(i % 3, T0 + i * SECOND);
            if (i >= 50) {
                b.add(i % 3, T0 - 7 + i * SECOND); // b's base differs from a's
                b.add(i % 3, T0 + i * SECOND);
            }
        }
        a.addAll(b);
        assertThat(a.size).isEqualTo(150);
        assertThat(a.contains(2, T0 - 7 + 53 * SECOND)).isTrue();
        assertThat(a.contains(2, T0 - 7 + 52 * SECOND)).isFalse();
    }

    @Test
    void isAPojoThatRoundTripsThroughItsSerializer() throws Exception {
        TypeInformation<SeenSamples> info = TypeInformation.of(SeenSamples.class);
        assertThat(info).isInstanceOf(PojoTypeInfo.class);
        TypeSerializer<SeenSamples> serializer = info.createSerializer(new SerializerConfigImpl());
        SeenSamples seen = SeenSamples.forSignals(4);
        for (int i = 0; i < 100; i++) {
            seen.add(i % 4, T0 + (i * 7919L) % 50_000);
        }
        DataOutputSerializer out = new DataOutputSerializer(256);
        serializer.serialize(seen, out);
        SeenSamples copy = serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));

        assertThat(copy.keys()).containsExactly(seen.keys());
        assertThat(copy.add(1, T0 + (5 * 7919L) % 50_000)).isFalse();
    }

    @Test
    void refusesSignalCountsOutsideTheKeyRange() {
        assertThatThrownBy(() -> SeenSamples.forSignals(0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SeenSamples.forSignals(257))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1..256");
    }
}
