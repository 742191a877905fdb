package io.flowcast.stream.local.sagemaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** CSV and JSON bodies in, predictions out, and the errors a container reports. */
class InvocationCodecTest {

    @Test
    void csvRowsWithMissingValues() throws Exception {
        FeatureRows rows = InvocationCodec.parseCsv("1,2.5,3\r\n,-4e1, nan \n7,8,\n", 3);

        assertThat(rows.rows()).isEqualTo(3);
        assertThat(rows.values())
                .containsExactly(1f, 2.5f, 3f, Float.NaN, -40f, Float.NaN, 7f, 8f, Float.NaN);
    }

    @Test
    void csvWithTheWrongColumnCountNamesTheRow() {
        assertThatThrownBy(() -> InvocationCodec.parseCsv("1,2,3\n4,5\n", 3))
                .isInstanceOfSatisfying(
                        ModelInputException.class,
                        e -> assertThat(e.originalStatusCode()).isEqualTo(400))
                .hasMessage("row 2 has 2 columns but the model expects 3 features");
        assertThatThrownBy(() -> InvocationCodec.parseCsv("1,2,3,4", 3))
                .hasMessage("row 1 has 4 columns but the model expects 3 features");
    }

    @Test
    void csvRejectsWhatIsNotAPlainNumber() {
        assertThatThrownBy(() -> InvocationCodec.parseCsv("1,abc,3", 3))
                .hasMessage("row 1, column 2: could not convert 'abc' to a number");
        assertThatThrownBy(() -> InvocationCodec.parseCsv("1,2,Infinity", 3))
                .isInstanceOf(ModelInputException.class);
        assertThatThrownBy(() -> InvocationCodec.parseCsv("1,2,3f", 3))
                .isInstanceOf(ModelInputException.class);
        assertThatThrownBy(() -> InvocationCodec.parseCsv("", 3)).hasMessage("empty payload");
    }

    @Test
    void jsonInstancesWithNullForMissing() throws Exception {
        byte[] body =
                "{\"instances\":[{\"features\":[1,null,3.5]},{\"features\":[0,0,0]}]}"
                        .getBytes(StandardCharsets.UTF_8);

        FeatureRows rows = InvocationCodec.parseJson(body, 3);

        assertThat(rows.values()).containsExactly(1f, Float.NaN, 3.5f, 0f, 0f, 0f);
    }

    @Test
    void jsonErrors() {
        assertThatThrownBy(
                        () ->
                                InvocationCodec.parseJson(
                                        "{\"instances\":[{\"features\":[1,2]}]}".getBytes(), 3))
                .hasMessage("row 1 has 2 columns but the model expects 3 features");
        assertThatThrownBy(
                        () ->
                                InvocationCodec.parseJson(
                                        "{\"instances\":[{\"features\":[1,\"x\",2]}]}".getBytes(),
                                        3))
                .hasMessageContaining("instance 1, feature 2");
        assertThatThrownBy(() -> InvocationCodec.parseJson("[1,2".getBytes(), 3))
                .hasMessageStartingWith("payload is not valid JSON");
    }

    @Test
    void predictionsRoundTripExactly() {
        float[] predictions = {0.1f, -3.3333333f, 1e-7f};

        String csv = new String(InvocationCodec.format(InvocationCodec.CSV, predictions));
        String json = new String(InvocationCodec.format(InvocationCodec.JSON, predictions));

        assertThat(csv).isEqualTo("0.1\n-3.3333333\n1.0E-7\n");
        assertThat(json)
                .isEqualTo(
                        "{\"predictions\":[{\"score\":0.1},{\"score\":-3.3333333},{\"score\":1.0E-7}]}");
    }

    @Test
    void responseTypeFollowsAcceptElseTheRequest() throws Exception {
        assertThat(InvocationCodec.responseType(null, "text/csv")).isEqualTo("text/csv");
        assertThat(InvocationCodec.responseType("*/*", "text/csv")).isEqualTo("text/csv");
        assertThat(InvocationCodec.responseType("application/json; q=1", "text/csv"))
                .isEqualTo("application/json");
        assertThatThrownBy(() -> InvocationCodec.responseType("image/png", "text/csv"))
                .isInstanceOfSatisfying(
                        ModelInputException.class,
                        e -> assertThat(e.originalStatusCode()).isEqualTo(406));
        assertThatThrownBy(() -> InvocationCodec.parse("application/x-npy", new byte[1], 3))
                .isInstanceOfSatisfying(
                        ModelInputException.class,
                        e -> assertThat(e.originalStatusCode()).isEqualTo(415));
    }
}
