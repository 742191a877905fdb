package io.flowcast.stream.enrich;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowcast.stream.enrich.AssetLookupException.Reason;
import io.flowcast.stream.local.EmbeddedAurora;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link JdbcAssetContextClient} against a real PostgreSQL 17 ({@link EmbeddedAurora}): row
 * mapping, unknown and inactive assets, hostile ids, an outage and the recovery after it, query
 * timeouts, a full queue, and closing.
 */
class JdbcAssetContextClientTest {

    static final String PUMP = "SiteA/Line1/Pump-001";
    static final String RETIRED_COMPRESSOR = "SiteA/Line1/Compressor-002";
    static final Instant PUMP_UPDATED_AT = Instant.parse("2026-11-21T08:15:30.250Z");
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);

    /** Generous for a shared 2-core machine; the point is "not stuck", not a benchmark. */
    static final Duration MARGIN = Duration.ofSeconds(2);

    static EmbeddedAurora aurora;

    private JdbcAssetContextClient client;

    @BeforeAll
    static void startDatabase() throws SQLException {
        aurora = EmbeddedAurora.launch();
        try (Connection c = aurora.dataSource().getConnection();
                Statement s = c.createStatement()) {
            s.execute(
                    "INSERT INTO asset VALUES ('"
                            + PUMP
                            + "', 'pump', 'SiteA', 'Line1', 75.5, 180.25, 7.5, 1480,"
                            + " 'pump-bearing-temp', 'canary', true, '"
                            + PUMP_UPDATED_AT
                            + "')");
            s.execute(
                    "INSERT INTO asset (asset_id, asset_type, site, line, active) VALUES ('"
                            + RETIRED_COMPRESSOR
                            + "', 'compressor', 'SiteA', 'Line1', false)");
        }
    }

    @AfterAll
    static void stopDatabase() {
        if (aurora != null) {
            aurora.close();
        }
    }

    @AfterEach
    void closeClient() {
        if (client != null) {
            client.close();
        }
        aurora.start(); // in case a test left it stopped
    }

    private JdbcAssetContextClient client(AuroraConnectionConfig.Builder config) {
        client = JdbcAssetContextClient.create(config.build());
        return client;
    }

    private JdbcAssetContextClient defaultClient() {
        return client(aurora.connectionConfigBuilder().connectTimeout(CONNECT_TIMEOUT));
    }

    @Test
    void aFoundRowMapsEveryColumn() throws Exception {
        Optional<AssetContext> found = defaultClient().find(PUMP).get(10, TimeUnit.SECONDS);

        assertThat(found)
                .contains(
                        AssetContext.builder(PUMP)
                                .assetType("pump")
                                .site("SiteA")
                                .line("Line1")
                                .ratedPowerKw(75.5)
                                .ratedFlowM3h(180.25)
                                .ratedPressureBar(7.5)
                                .ratedSpeedRpm(1480.0)
                                .modelEndpoint("pump-bearing-temp")
                                .modelVariant("canary")
                                .active(true)
                                .updatedAtMillis(PUMP_UPDATED_AT.toEpochMilli())
                                .build());
    }

    @Test
    void anUnknownIdIsEmpty() throws Exception {
        assertThat(defaultClient().find("SiteZ/Line9/Pump-404").get(10, TimeUnit.SECONDS))
                .isEmpty();
        // Ids are exact: case matters, no trimming.
        assertThat(client.find(PUMP.toLowerCase()).get(10, TimeUnit.SECONDS)).isEmpty();
        assertThat(client.find(PUMP + " ").get(10, TimeUnit.SECONDS)).isEmpty();
    }

    @Test
    void anInactiveAssetIsReturnedWithActiveFalseAndNullRatings() throws Exception {
        AssetContext retired =
                defaultClient().find(RETIRED_COMPRESSOR).get(10, TimeUnit.SECONDS).orElseThrow();

        assertThat(retired.active).isFalse();
        assertThat(retired.assetType).isEqualTo("compressor");
        assertThat(retired.ratedPowerKw).isNull();
        assertThat(retired.ratedFlowM3h).isNull();
        assertThat(retired.ratedPressureBar).isNull();
        assertThat(retired.ratedSpeedRpm).isNull();
        assertThat(retired.modelEndpoint).isNull();
        assertThat(retired.modelVariant).isNull();
        assertThat(retired.updatedAtMillis).isPositive();
    }

    @Test
    void anSqlInjectionLookingIdIsJustAnUnknownId() throws Exception {
        defaultClient();
        for (String hostile :
                new String[] {
                    "x' OR '1'='1",
                    PUMP + "' OR 'a'='a",
                    "'; DROP TABLE asset; --",
                    "SiteA/Line1/Pump-001\\'; DELETE FROM asset; --",
                    "\u0000"
                }) {
            CompletableFuture<Optional<AssetContext>> lookup = client.find(hostile);
            // NUL cannot be sent as text; then the lookup fails, but never as anything but a
            // failed lookup of that id.
            try {
                assertThat(lookup.get(10, TimeUnit.SECONDS)).as(hostile).isEmpty();
            } catch (ExecutionException e) {
                assertThat(e.getCause()).isInstanceOf(AssetLookupException.class);
                assertThat(((AssetLookupException) e.getCause()).reason()).isEqualTo(Reason.FAILED);
            }
        }
        assertThat(countAssets()).isEqualTo(2);
        assertThat(client.find(PUMP).get(10, TimeUnit.SECONDS)).isPresent();
    }

    @Test
    void whileTheDatabaseIsDownLookupsFailFastWithoutBlockingAndRecoverWhenItIsBack()
            throws Exception {
        defaultClient();
        assertThat(client.find(PUMP).get(10, TimeUnit.SECONDS)).isPresent();

        aurora.stop();
        // More lookups than pooled connections: the first ones find dropped connections, the
        // later ones no connection at all.
        for (int i = 0; i < 8; i++) {
            long t0 = System.nanoTime();
            CompletableFuture<Optional<AssetContext>> lookup = client.find(PUMP);
            Duration callTook = Duration.ofNanos(System.nanoTime() - t0);
            assertThat(callTook).as("find() returned at once").isLessThan(Duration.ofMillis(200));

            AssetLookupException failure = failureOf(lookup, CONNECT_TIMEOUT.plus(MARGIN));
            Duration failedAfter = Duration.ofNanos(System.nanoTime() - t0);
            assertThat(failure.reason()).isEqualTo(Reason.UNAVAILABLE);
            assertThat(failure.assetId()).isEqualTo(PUMP);
            assertThat(failedAfter).isLessThan(CONNECT_TIMEOUT.plus(MARGIN));
        }
        assertThat(client.isDatabaseReachable()).isFalse();

        // A burst fails as a whole within about one connect timeout, not one per lookup thread.
        long burstStart = System.nanoTime();
        List<CompletableFuture<Optional<AssetContext>>> burst = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            burst.add(client.find(PUMP));
        }
        for (CompletableFuture<Optional<AssetContext>> lookup : burst) {
            assertThat(failureOf(lookup, CONNECT_TIMEOUT.plus(MARGIN)).reason())
                    .isEqualTo(Reason.UNAVAILABLE);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - burstStart))
                .isLessThan(CONNECT_TIMEOUT.plus(MARGIN));

        aurora.start();
        // The same client, without a restart: the pool reconnects on demand.
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        Optional<AssetContext> found = Optional.empty();
        while (found.isEmpty() && System.nanoTime() < deadline) {
            try {
                found = client.find(PUMP).get(10, TimeUnit.SECONDS);
            } catch (ExecutionException stillDown) {
                Thread.sleep(100);
            }
        }
        assertThat(found).as("lookups succeed again after the restart").isPresent();
        assertThat(client.isDatabaseReachable()).isTrue();
        assertThat(client.find(RETIRED_COMPRESSOR).get(10, TimeUnit.SECONDS)).isPresent();
    }

    @Test
    void aQueryLongerThanTheQueryTimeoutFailsWithTimeout() throws Exception {
        client(
                aurora.connectionConfigBuilder()
                        .queryTimeout(Duration.ofSeconds(1))
                        .connectTimeout(CONNECT_TIMEOUT));
        assertThat(client.find(PUMP).get(10, TimeUnit.SECONDS)).isPresent(); // warm

        try (Connection locker = lockAssetTable()) {
            long t0 = System.nanoTime();
            AssetLookupException failure =
                    failureOf(client.find(PUMP), Duration.ofSeconds(1).plus(MARGIN));
            assertThat(failure.reason()).isEqualTo(Reason.TIMEOUT);
            assertThat(Duration.ofNanos(System.nanoTime() - t0))
                    .isGreaterThanOrEqualTo(Duration.ofMillis(900));
            locker.rollback();
        }
        assertThat(client.find(PUMP).get(10, TimeUnit.SECONDS)).isPresent();
    }

    @Test
    void aFullQueueFailsNewLookupsAtOnce() throws Exception {
        client(
                aurora.connectionConfigBuilder()
                        .poolSize(1)
                        .maxQueuedLookups(1)
                        .queryTimeout(Duration.ofSeconds(30)));
        assertThat(client.find(PUMP).get(10, TimeUnit.SECONDS)).isPresent(); // warm

        CompletableFuture<Optional<AssetContext>> running;
        CompletableFuture<Optional<AssetContext>> queued;
        try (Connection locker = lockAssetTable()) {
            running = client.find(PUMP);
            awaitLookupsWaitingForLock(1);
            queued = client.find(RETIRED_COMPRESSOR);

            long t0 = System.nanoTime();
            CompletableFuture<Optional<AssetContext>> refused = client.find(PUMP);
            assertThat(refused).isCompletedExceptionally();
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(200));
            assertThat(failureOf(refused, Duration.ZERO).reason()).isEqualTo(Reason.OVERLOADED);
            assertThat(failureOf(refused, Duration.ZERO)).hasMessageContaining("1 lookups");
            assertThat(running).isNotDone();
            assertThat(queued).isNotDone();
            locker.rollback();
        }
        // Nothing was lost: the running and the queued lookup complete once the lock is gone.
        assertThat(running.get(10, TimeUnit.SECONDS)).isPresent();
        assertThat(queued.get(10, TimeUnit.SECONDS)).isPresent();
    }

    @Test
    void closeFailsPendingLookupsAndLaterOnesAndIsIdempotent() throws Exception {
        client(
                aurora.connectionConfigBuilder()
                        .poolSize(1)
                        .maxQueuedLookups(10)
                        .queryTimeout(Duration.ofSeconds(30)));
        assertThat(client.find(PUMP).get(10, TimeUnit.SECONDS)).isPresent();

        try (Connection locker = lockAssetTable()) {
            CompletableFuture<Optional<AssetContext>> running = client.find(PUMP);
            awaitLookupsWaitingForLock(1);
            CompletableFuture<Optional<AssetContext>> queued = client.find(PUMP);

            long t0 = System.nanoTime();
            client.close();
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));

            assertThat(failureOf(queued, Duration.ZERO).reason()).isEqualTo(Reason.CLOSED);
            assertThat(failureOf(running, MARGIN).reason()).isEqualTo(Reason.CLOSED);
            locker.rollback();
        }
        client.close(); // again: nothing happens
        assertThat(client.isClosed()).isTrue();
        assertThat(failureOf(client.find(PUMP), Duration.ZERO).reason()).isEqualTo(Reason.CLOSED);
    }

    @Test
    void aNullIdIsAProgrammingError() {
        assertThatThrownBy(() -> defaultClient().find(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("assetId");
    }

    @Test
    void theFactoryTravelsAsJavaSerializationAndCreatesWorkingClients() throws Exception {
        AssetContextClientFactory factory =
                JdbcAssetContextClient.factory(aurora.connectionConfig());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(factory);
        }
        AssetContextClientFactory copy;
        try (ObjectInputStream in =
                new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (AssetContextClientFactory) in.readObject();
        }
        try (AssetContextClient created = copy.create()) {
            assertThat(created.find(PUMP).get(10, TimeUnit.SECONDS)).isPresent();
        }
    }

    @Test
    void aUserThatDoesNotMatchTheCredentialsIsRefused() {
        assertThatThrownBy(
                        () ->
                                JdbcAssetContextClient.create(
                                        aurora.connectionConfigBuilder()
                                                .user("flowcast_reader")
                                                .build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("configured user flowcast_reader differs");
    }

    @Test
    void aMissingCaBundleIsReportedBeforeAnyConnection() {
        AuroraConnectionConfig config =
                AuroraConnectionConfigTest.production()
                        .sslRootCert("/nonexistent/rds-global-bundle.pem")
                        .build();
        assertThatThrownBy(() -> JdbcAssetContextClient.create(config))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("/nonexistent/rds-global-bundle.pem")
                .hasMessageContaining("not a readable file");
    }

    @Test
    void aCaBundleShippedInTheJarIsUnpackedToAFileOnce() throws Exception {
        Path file = JdbcAssetContextClient.unpackRootCert("classpath:flowcast/tls/test-bundle.pem");

        assertThat(Files.readString(file)).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(JdbcAssetContextClient.unpackRootCert("classpath:flowcast/tls/test-bundle.pem"))
                .isEqualTo(file);
        AuroraConnectionConfig missing =
                AuroraConnectionConfigTest.production()
                        .sslRootCert("classpath:flowcast/tls/global-bundle.pem")
                        .build();
        assertThatThrownBy(() -> JdbcAssetContextClient.create(missing))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("classpath:flowcast/tls/global-bundle.pem")
                .hasMessageContaining("is not in the job jar");
    }

    /** Takes an exclusive lock on the table in an open transaction; lookups wait behind it. */
    private static Connection lockAssetTable() throws SQLException {
        Connection c = aurora.dataSource().getConnection();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute("LOCK TABLE asset IN ACCESS EXCLUSIVE MODE");
        }
        return c;
    }

    /** Waits until {@code n} of our lookups are blocked on the table lock in the database. */
    private static void awaitLookupsWaitingForLock(int n) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            try (Connection c = aurora.dataSource().getConnection();
                    Statement s = c.createStatement();
                    ResultSet r =
                            s.executeQuery(
                                    "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type"
                                            + " = 'Lock' AND application_name ="
                                            + " 'flowcast-asset-context'")) {
                r.next();
                if (r.getInt(1) >= n) {
                    return;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError(n + " lookups did not reach the lock within 10 s");
    }

    private static int countAssets() throws SQLException {
        try (Connection c = aurora.dataSource().getConnection();
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT count(*) FROM asset")) {
            r.next();
            return r.getInt(1);
        }
    }

    /** The lookup's failure, which must arrive within {@code within}. */
    private static AssetLookupException failureOf(
            CompletableFuture<Optional<AssetContext>> lookup, Duration within) throws Exception {
        try {
            Optional<AssetContext> result =
                    within.isZero()
                            ? lookup.getNow(null)
                            : lookup.get(within.toMillis(), TimeUnit.MILLISECONDS);
            throw new AssertionError("expected the lookup to fail, got " + result);
        } catch (ExecutionException | CompletionException e) {
            assertThat(e.getCause()).isInstanceOf(AssetLookupException.class);
            return (AssetLookupException) e.getCause();
        } catch (TimeoutException e) {
            throw new AssertionError("the lookup did not fail within " + within, e);
        }
    }
}
