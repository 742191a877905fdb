package io.flowcast.stream.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The CSV and JSON wire formats: encoding, strict decoding. */
class PayloadFormatTest {

    private static final List<double[]> ROWS =
            List.of(new double[] {1.5, Double.NaN, 3}, new double[] {-0.25, 1e-7, 42});

    @Test
    void csvIsOneRowPerLineWithEmptyFieldsForMissingValues() {
        assertThat(new String(PayloadFormat.CSV.encode(ROWS), StandardCharsets.UTF_8))
                .isEqualTo("1.5,,3\n-0.25,1.0e-7,42\n");
        for (double[] row : ROWS) {
            for (PayloadFormat format : PayloadFormat.values()) {
                assertThat(format.encodedSizeBound(row))
                        .isGreaterThanOrEqualTo(format.encode(java.util.List.of(row)).length);
            }
        }
        double[] longest = {-1.2345678901234567e-300, Double.MIN_VALUE, -Double.MAX_VALUE};
        assertThat(PayloadFormat.JSON.encodedSizeBound(longest))
                .isGreaterThanOrEqualTo(
                        PayloadFormat.JSON.encode(java.util.List.of(longest)).length);
    }

    @Test
    void jsonUsesInstancesAndNullForMissingValues() {
        assertThat(new String(PayloadFormat.JSON.encode(ROWS), StandardCharsets.UTF_8))
                .isEqualTo(
                        "{\"instances\":[{\"features\":[1.5,null,3]},{\"features\":[-0.25,1.0e-7,42]}]}");
    }

    @Test
    void scoresDecodeFromLinesOrCommasAndFromJsonPredictions() {
        assertThat(PayloadFormat.CSV.decode("0.5\n1.25\n".getBytes(), 2))
                .containsExactly(0.5, 1.25);
        assertThat(PayloadFormat.CSV.decode("0.5,1.25".getBytes(), 2)).containsExactly(0.5, 1.25);
        assertThat(
                        PayloadFormat.JSON.decode(
                                "{\"predictions\": [{\"score\": 0.5}, {\"score\":-2e3}]}"
                                        .getBytes(),
                                2))
                .containsExactly(0.5, -2000.0);
    }

    @Test
    void aWrongCountOrANonNumberIsRefused() {
        assertThatThrownBy(() -> PayloadFormat.CSV.decode("1\n2\n3\n".getBytes(), 2))
                .isInstanceOf(PayloadException.class)
                .hasMessageContaining("3 scores for 2 rows");
        assertThatThrownBy(() -> PayloadFormat.CSV.decode("1\nNaN\n".getBytes(), 2))
                .hasMessageContaining("not finite");
        assertThatThrownBy(() -> PayloadFormat.JSON.decode("{\"errors\":[]}".getBytes(), 1))
                .hasMessageContaining("predictions");
        assertThatThrownBy(() -> PayloadFormat.CSV.encode(List.of(new double[] {1.0 / 0})))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
