package io.flowcast.stream.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Collections;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** When {@link LoopbackCredentials} supplies dummy credentials, and when it must not. */
class LoopbackCredentialsTest {

    private static final Map<String, String> NO_ENV = Collections.emptyMap();

    @Test
    void setsDummyCredentialsForALoopbackEndpointWithoutCredentials() {
        Properties props = new Properties();

        boolean applied =
                LoopbackCredentials.useDummyCredentialsForLoopback(
                        URI.create("http://127.0.0.1:4568"), props, NO_ENV);

        assertThat(applied).isTrue();
        assertThat(props.getProperty("aws.accessKeyId")).isEqualTo("flowcast-local");
        assertThat(props.getProperty("aws.secretAccessKey")).isEqualTo("flowcast-local");
    }

    @Test
    void neverForOtherEndpoints() {
        Properties props = new Properties();

        assertThat(
                        LoopbackCredentials.useDummyCredentialsForLoopback(
                                URI.create("https://kinesis.us-east-1.amazonaws.com"),
                                props,
                                NO_ENV))
                .isFalse();
        assertThat(
                        LoopbackCredentials.useDummyCredentialsForLoopback(
                                URI.create("http://10.0.0.5:4568"), props, NO_ENV))
                .isFalse();
        assertThat(LoopbackCredentials.useDummyCredentialsForLoopback(null, props, NO_ENV))
                .isFalse();
        assertThat(props).isEmpty();
    }

    @Test
    void neverOverridesConfiguredCredentials() {
        Properties props = new Properties();
        props.setProperty("aws.accessKeyId", "AKIA-mine");
        assertThat(
                        LoopbackCredentials.useDummyCredentialsForLoopback(
                                URI.create("http://localhost:4568"), props, NO_ENV))
                .isFalse();
        assertThat(props.getProperty("aws.accessKeyId")).isEqualTo("AKIA-mine");
        assertThat(props.getProperty("aws.secretAccessKey")).isNull();

        Properties empty = new Properties();
        assertThat(
                        LoopbackCredentials.useDummyCredentialsForLoopback(
                                URI.create("http://localhost:4568"),
                                empty,
                                Map.of("AWS_ACCESS_KEY_ID", "AKIA-env")))
                .isFalse();
        assertThat(empty).isEmpty();
    }

    @Test
    void recognisesLoopbackHosts() {
        assertThat(LoopbackCredentials.isLoopback(URI.create("http://localhost:4568"))).isTrue();
        assertThat(LoopbackCredentials.isLoopback(URI.create("http://LOCALHOST:4568"))).isTrue();
        assertThat(LoopbackCredentials.isLoopback(URI.create("http://127.0.0.1:4568"))).isTrue();
        assertThat(LoopbackCredentials.isLoopback(URI.create("http://127.1.2.3:4568"))).isTrue();
        assertThat(LoopbackCredentials.isLoopback(URI.create("http://[::1]:4568"))).isTrue();
        assertThat(LoopbackCredentials.isLoopback(URI.create("http://localhost.example.com")))
                .isFalse();
        assertThat(LoopbackCredentials.isLoopback(URI.create("http://128.0.0.1"))).isFalse();
    }
}
