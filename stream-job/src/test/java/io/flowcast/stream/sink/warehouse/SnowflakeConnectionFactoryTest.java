package io.flowcast.stream.sink.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.flowcast.stream.local.LoopbackCredentials;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Snowflake connection settings without a network to Snowflake: the URL and driver properties, the
 * key pair read through the real Secrets Manager SDK client from a local server speaking its JSON
 * protocol, and failures that never carry key material.
 */
class SnowflakeConnectionFactoryTest {

    static final String ARN =
            "arn:aws:secretsmanager:eu-west-1:123456789012:secret:flowcast/snowflake-AbC123";
    private static final String PASSPHRASE = "c0rrect-h0rse";

    private HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private volatile int status;
    private volatile String body;

    @BeforeEach
    void startFakeSecretsManager() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
        LoopbackCredentials.useDummyCredentialsForLoopback(endpoint());
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void handle(HttpExchange exchange) throws IOException {
        requests.add(
                exchange.getRequestHeaders().getFirst("X-Amz-Target")
                        + " "
                        + new String(
                                exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        byte[] reply = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
        if (status != 200) {
            exchange.getResponseHeaders().add("x-amzn-ErrorType", "ResourceNotFoundException");
        }
        exchange.sendResponseHeaders(status, reply.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(reply);
        }
    }

    private void answerWithSecret(String secretJson) {
        status = 200;
        body =
                "{\"ARN\":\""
                        + ARN
                        + "\",\"Name\":\"flowcast/snowflake\",\"SecretString\":"
                        + jsonString(secretJson)
                        + "}";
    }

    private static String secret(String user, String pem, String passphrase) {
        return "{"
                + (user == null ? "" : "\"user\":\"" + user + "\",")
                + "\"privateKey\":"
                + jsonString(pem)
                + (passphrase == null ? "" : ",\"privateKeyPassphrase\":\"" + passphrase + "\"")
                + "}";
    }

    private SnowflakeConnectionFactory factory(String configuredUser, String role) {
        return new SnowflakeConnectionFactory(
                "myorg-myaccount",
                null,
                "FLOWCAST_WH",
                "FLOWCAST",
                "ANALYTICS",
                role,
                new SecretsManagerKeyPairSource(ARN, endpoint(), configuredUser));
    }

    @Test
    void readsAnEncryptedKeyFromSecretsManagerAndSetsTheDriverProperties() {
        answerWithSecret(secret("FLOWCAST_SINK", TestKeys.encryptedPem(PASSPHRASE), PASSPHRASE));
        SnowflakeConnectionFactory factory = factory(null, "FLOWCAST_WRITER");

        SnowflakeKeyPair keyPair = factory.keyPairSource().read();
        Properties p = factory.connectionProperties(keyPair);

        assertThat(factory.url())
                .isEqualTo("jdbc:snowflake://myorg-myaccount.snowflakecomputing.com/");
        assertThat(requests)
                .singleElement()
                .asString()
                .startsWith("secretsmanager.GetSecretValue ")
                .contains("\"SecretId\":\"" + ARN);
        assertThat(p.get("user")).isEqualTo("FLOWCAST_SINK");
        assertThat(p.get("authenticator")).isEqualTo("SNOWFLAKE_JWT");
        assertThat(p.get("privateKey")).isInstanceOf(PrivateKey.class);
        assertThat(((PrivateKey) p.get("privateKey")).getEncoded())
                .isEqualTo(TestKeys.KEY_PAIR.getPrivate().getEncoded());
        assertThat(p)
                .containsEntry("warehouse", "FLOWCAST_WH")
                .containsEntry("db", "FLOWCAST")
                .containsEntry("schema", "ANALYTICS")
                .containsEntry("role", "FLOWCAST_WRITER");
        assertThat(keyPair.toString())
                .doesNotContain(TestKeys.fragmentOf(TestKeys.unencryptedPem()));
        assertThat(factory.toString()).contains(ARN).doesNotContain("PRIVATE KEY");
        assertThat(factory.dialect()).isInstanceOf(SnowflakeDialect.class);
    }

    @Test
    void theConfiguredUserWinsAndNoRoleMeansTheUsersDefault() {
        answerWithSecret(secret(null, TestKeys.unencryptedPem(), null));
        SnowflakeConnectionFactory factory = factory("CONFIGURED_USER", null);

        Properties p = factory.connectionProperties(factory.keyPairSource().read());

        assertThat(p.get("user")).isEqualTo("CONFIGURED_USER");
        assertThat(p).doesNotContainKey("role");
    }

    @Test
    void aSecretThatCannotBeReadIsATransientConnectionFailure() {
        status = 400;
        body = "{\"__type\":\"ResourceNotFoundException\",\"Message\":\"no such secret\"}";

        assertThatThrownBy(() -> factory(null, null).connect())
                .isInstanceOf(SQLTransientConnectionException.class)
                .hasMessageContaining(ARN)
                .hasMessageContaining("no such secret");
    }

    @Test
    void anUnusableSecretIsAnAuthorizationFailureWithoutKeyMaterial() {
        String pem = TestKeys.encryptedPem(PASSPHRASE);
        answerWithSecret(secret("FLOWCAST_SINK", pem, "wrong-passphrase"));

        assertThatThrownBy(() -> factory(null, null).connect())
                .isInstanceOf(SQLInvalidAuthorizationSpecException.class)
                .hasMessageContaining(ARN)
                .hasMessageContaining("could not be decrypted")
                .satisfies(
                        e -> {
                            assertThat(e.getMessage())
                                    .doesNotContain(TestKeys.fragmentOf(pem))
                                    .doesNotContain("wrong-passphrase");
                            assertThat(((SQLInvalidAuthorizationSpecException) e).getSQLState())
                                    .isEqualTo("28000");
                        });
        assertThat(TransientSqlErrors.isTransientState("28000")).isFalse();
    }

    @Test
    void secretShapesAreCheckedWithoutQuotingThem() {
        String pem = TestKeys.unencryptedPem();
        PrivateKeysTest.assertFailsWithoutLeaking(
                () -> SecretsManagerKeyPairSource.parseSecret("{\"user\":\"u\"}", ARN, null),
                pem,
                "has no \"privateKey\" key");
        PrivateKeysTest.assertFailsWithoutLeaking(
                () -> SecretsManagerKeyPairSource.parseSecret(secret(null, pem, null), ARN, null),
                pem,
                "has no \"user\" key and Warehouse/user is not set");
        PrivateKeysTest.assertFailsWithoutLeaking(
                () ->
                        SecretsManagerKeyPairSource.parseSecret(
                                "{\"privateKey\":" + jsonString(pem), ARN, "u"),
                pem,
                "is not valid JSON");
    }

    @Test
    void urlOverrideAndInvalidSettings() {
        SnowflakeKeyPairSource keys = new SecretsManagerKeyPairSource(ARN, null, null);
        assertThat(
                        new SnowflakeConnectionFactory(
                                        null,
                                        "jdbc:snowflake://myorg-acct.privatelink.snowflakecomputing.com/",
                                        "WH",
                                        "DB",
                                        "S",
                                        null,
                                        keys)
                                .url())
                .isEqualTo("jdbc:snowflake://myorg-acct.privatelink.snowflakecomputing.com/");
        assertThatThrownBy(
                        () ->
                                new SnowflakeConnectionFactory(
                                        "acct", null, "WH; DROP TABLE x", "DB", "S", null, keys))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("warehouse must be a Snowflake identifier");
        assertThatThrownBy(
                        () ->
                                new SnowflakeConnectionFactory(
                                        "acct/evil", null, "WH", "DB", "S", null, keys))
                .hasMessageContaining("account must be");
    }

    @Test
    void theFactoryShipsWithTheJobGraphWithoutSecrets() throws Exception {
        answerWithSecret(secret("FLOWCAST_SINK", TestKeys.unencryptedPem(), null));
        SnowflakeConnectionFactory factory = factory(null, null);
        factory.keyPairSource().read();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(factory);
        }
        assertThat(bytes.toString(StandardCharsets.ISO_8859_1))
                .contains(ARN)
                .doesNotContain("PRIVATE KEY");
    }

    private static String jsonString(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
