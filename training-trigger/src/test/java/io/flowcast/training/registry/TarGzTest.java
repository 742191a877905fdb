package io.flowcast.training.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The tar.gz writer round-trips through its reader, across block boundaries. */
class TarGzTest {

    @Test
    void entriesRoundTrip() throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("xgboost-model", "{\"learner\":{}}".getBytes(StandardCharsets.UTF_8));
        entries.put("exactly-one-block", new byte[512]);
        entries.put("big", new byte[5000]);
        entries.get("big")[4999] = 7;

        byte[] archive = TarGz.toBytes(entries, 1_700_000_000L);
        Map<String, byte[]> back = TarGz.read(new ByteArrayInputStream(archive));

        assertThat(back.keySet()).containsExactly("xgboost-model", "exactly-one-block", "big");
        assertThat(back.get("xgboost-model")).isEqualTo(entries.get("xgboost-model"));
        assertThat(back.get("big")).isEqualTo(entries.get("big"));
    }
}
