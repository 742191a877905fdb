package io.flowcast.stream.enrich;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The rules {@link AuroraConnectionConfig} enforces, its defaults and its redaction. */
class AuroraConnectionConfigTest {

    static final String SECRET_ARN =
            "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!cluster-flowcast-AbC123";
    static final String AURORA_HOST =
            "flowcast.cluster-ro-abcdefghijkl.eu-west-1.rds.amazonaws.com";

    static AuroraConnectionConfig.Builder production() {
        return AuroraConnectionConfig.builder()
                .host(AURORA_HOST)
                .database("flowcast")
                .credentialsProvider(SecretsManagerCredentialsProvider.forSecret(SECRET_ARN))
                .sslRootCert("/opt/flowcast/rds-global-bundle.pem");
    }

    static AuroraConnectionConfig.Builder local() {
        return AuroraConnectionConfig.builder()
                .host("localhost")
                .port(54321)
                .database("postgres")
                .credentialsProvider(
                        new FixedCredentialsProvider(
                                new DatabaseCredentials("postgres", "local-only-pw")))
                .tlsMode(TlsMode.DISABLE);
    }

    @Test
    void productionDefaults() {
        AuroraConnectionConfig config = production().build();
        assertThat(config.port()).isEqualTo(5432);
        assertThat(config.tlsMode()).isEqualTo(TlsMode.VERIFY_FULL);
        assertThat(config.poolSize()).isEqualTo(4);
        assertThat(config.maxQueuedLookups()).isEqualTo(256);
        assertThat(config.queryTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.user()).isEmpty();
    }

    @Test
    void tlsMayBeDisabledOnlyForLoopbackHosts() {
        for (String host : new String[] {"localhost", "127.0.0.1", "127.1.2.3", "::1", "[::1]"}) {
            assertThat(local().host(host).build().tlsMode()).isEqualTo(TlsMode.DISABLE);
        }
        assertThatThrownBy(() -> production().tlsMode(TlsMode.DISABLE).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("TLS may only be disabled")
                .hasMessageContaining(AURORA_HOST);
        // A name that merely resolves to loopback does not count.
        assertThatThrownBy(() -> local().host("localhost.example.com").build())
                .hasMessageContaining("TLS may only be disabled");
    }

    @Test
    void verifyFullNeedsTheCaBundle() {
        assertThatThrownBy(() -> production().sslRootCert(null).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("VERIFY_FULL needs sslRootCert");
    }

    @Test
    void fixedCredentialsAreRefusedForARealDatabase() {
        assertThatThrownBy(
                        () ->
                                local().host(AURORA_HOST)
                                        .tlsMode(TlsMode.VERIFY_FULL)
                                        .sslRootCert("/ca.pem")
                                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fixed credentials are only allowed")
                .hasMessageContaining("SecretsManagerCredentialsProvider");
    }

    @Test
    void boundsAreCheckedWithTheSettingsName() {
        assertThatThrownBy(() -> production().poolSize(0).build()).hasMessageContaining("poolSize");
        assertThatThrownBy(() -> production().poolSize(33).build())
                .hasMessageContaining("poolSize must be 1..32, got 33");
        assertThatThrownBy(() -> production().maxQueuedLookups(0).build())
                .hasMessageContaining("maxQueuedLookups");
        assertThatThrownBy(() -> production().queryTimeout(Duration.ofMillis(500)).build())
                .hasMessageContaining("queryTimeout");
        assertThatThrownBy(() -> production().connectTimeout(Duration.ofMillis(100)).build())
                .hasMessageContaining("connectTimeout");
        assertThatThrownBy(() -> production().port(0).build()).hasMessageContaining("port");
        assertThatThrownBy(() -> production().host(" ").build()).hasMessageContaining("host");
        assertThatThrownBy(() -> production().database(null).build())
                .hasMessageContaining("database");
        assertThatThrownBy(() -> production().credentialsProvider(null).build())
                .hasMessageContaining("credentials provider is required");
    }

    @Test
    void timeoutsRoundUpToWholeSecondsForJdbc() {
        AuroraConnectionConfig config =
                production()
                        .queryTimeout(Duration.ofMillis(1500))
                        .connectTimeout(Duration.ofMillis(250))
                        .build();
        assertThat(config.queryTimeoutSeconds()).isEqualTo(2);
        assertThat(config.connectTimeoutSeconds()).isEqualTo(1);
    }

    @Test
    void toStringNeverShowsThePassword() {
        String text = local().build().toString();
        assertThat(text).doesNotContain("local-only-pw").contains("password=<redacted>");
        assertThat(new DatabaseCredentials("flowcast", "s3cr3t!").toString())
                .doesNotContain("s3cr3t!");
        assertThat(production().build().toString()).contains(SECRET_ARN, "VERIFY_FULL");
    }

    @Test
    void survivesJavaSerializationUnchanged() throws Exception {
        AuroraConnectionConfig config = production().user("flowcast_reader").poolSize(2).build();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(config);
        }
        try (ObjectInputStream in =
                new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertThat(in.readObject()).isEqualTo(config);
        }
        assertThat(config.toBuilder().build()).isEqualTo(config);
    }
}
