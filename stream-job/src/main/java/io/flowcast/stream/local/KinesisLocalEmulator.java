package io.flowcast.stream.local;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Starts and stops the {@code kinesis-local} emulator (kinesis-mock compiled to JavaScript, pinned
 * in {@code scripts/emulators/package-lock.json}) as a child Node.js process on loopback. Used by
 * the local run and by the ITCases, so both exercise the real {@code KinesisStreamsSource} against
 * the same stand-in.
 *
 * <p>The process is destroyed by {@link #close()} and, as a safety net, by a JVM shutdown hook, so
 * Ctrl-C leaves nothing running.
 */
public final class KinesisLocalEmulator implements AutoCloseable {

    /** kinesis-mock's fixed account id, used in stream ARNs. */
    public static final String ACCOUNT_ID = "000000000000";

    public static final String REGION = "us-east-1";

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final int port;
    private final Path log;
    private final Thread shutdownHook;

    private KinesisLocalEmulator(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.shutdownHook = new Thread(process::destroyForcibly, "kinesis-local-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Starts the emulator on {@code plainPort} (HTTP) and {@code plainPort + 1} (TLS, unused) with
     * the given streams created, and waits until it accepts connections.
     *
     * @param emulatorsDir the {@code scripts/emulators} folder with {@code node_modules} installed
     * @param streams kinesis-mock's {@code INITIALIZE_STREAMS} value, e.g. {@code telemetry:2}
     * @param logFile where the emulator's output goes
     * @throws LocalSetupException with a message a user can act on (Node missing, port taken, not
     *     installed, did not start)
     */
    public static KinesisLocalEmulator start(
            Path emulatorsDir, int plainPort, String streams, Path logFile) {
        Path packageDir = emulatorsDir.resolve("node_modules").resolve("kinesis-local");
        if (!Files.isRegularFile(packageDir.resolve("main.js"))) {
            throw new LocalSetupException(
                    "The Kinesis emulator is not installed in "
                            + packageDir
                            + ". Run: npm ci --prefix "
                            + emulatorsDir);
        }
        requireNode();
        requirePortFree(plainPort, "the Kinesis emulator (HTTP)");
        requirePortFree(plainPort + 1, "the Kinesis emulator (TLS)");
        try {
            Files.createDirectories(logFile.toAbsolutePath().getParent());
            ProcessBuilder builder =
                    new ProcessBuilder("node", "main.js")
                            .directory(packageDir.toFile())
                            .redirectErrorStream(true)
                            .redirectOutput(logFile.toFile());
            Map<String, String> env = builder.environment();
            env.put("KINESIS_MOCK_PLAIN_PORT", String.valueOf(plainPort));
            env.put("KINESIS_MOCK_TLS_PORT", String.valueOf(plainPort + 1));
            env.put("INITIALIZE_STREAMS", streams);
            env.put("AWS_REGION", REGION);
            env.put("LOG_LEVEL", "WARN");
            // Streams become ACTIVE at once, so tests and the local run need not poll for it.
            env.put("CREATE_STREAM_DURATION", "0ms");
            Process process = builder.start();
            KinesisLocalEmulator emulator = new KinesisLocalEmulator(process, plainPort, logFile);
            emulator.awaitListening();
            return emulator;
        } catch (IOException e) {
            throw new LocalSetupException(
                    "Could not start the Kinesis emulator: " + e.getMessage());
        }
    }

    /** The HTTP endpoint to give the AWS SDK and the connector ({@code aws.endpoint}). */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** The ARN kinesis-mock gives a stream of this name. */
    public static String streamArn(String streamName) {
        return "arn:aws:kinesis:" + REGION + ":" + ACCOUNT_ID + ":stream/" + streamName;
    }

    private void awaitListening() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new LocalSetupException(
                        "The Kinesis emulator exited with code "
                                + process.exitValue()
                                + " during start-up; see "
                                + log);
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                sleep(100);
            }
        }
        close();
        throw new LocalSetupException(
                "The Kinesis emulator did not listen on port " + port + " within " + START_TIMEOUT);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // Already in shutdown: the hook runs anyway and finds the process gone.
        }
    }

    /** Fails with a clear message unless {@code node} runs. */
    static void requireNode() {
        try {
            Process node =
                    new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            if (!node.waitFor(20, TimeUnit.SECONDS) || node.exitValue() != 0) {
                throw new LocalSetupException(
                        "'node --version' failed; install Node.js 18 or newer");
            }
        } catch (IOException e) {
            throw new LocalSetupException(
                    "Node.js was not found on the PATH; install Node.js 18 or newer (it runs the"
                            + " Kinesis emulator)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalSetupException("Interrupted while checking for Node.js");
        }
    }

    /** Fails with a clear message if something already listens on {@code port}. */
    public static void requirePortFree(int port, String purpose) {
        try (ServerSocket socket = new ServerSocket()) {
            // Like the servers themselves: TIME_WAIT leftovers of a previous run do not block a
            // bind.
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress("127.0.0.1", port));
        } catch (IOException e) {
            throw new LocalSetupException(
                    "Port "
                            + port
                            + " (for "
                            + purpose
                            + ") is already in use. Stop whatever uses it (another local run?) or"
                            + " choose another port.");
        }
    }

    /** A free loopback port, for tests. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A free port whose successor is free too (the emulator takes two). */
    public static int freePortPair() {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port = freePort();
            if (port < 65535) {
                try {
                    requirePortFree(port + 1, "probe");
                    return port;
                } catch (LocalSetupException taken) {
                    // try another
                }
            }
        }
        throw new LocalSetupException("Could not find two adjacent free ports");
    }

    /** Finds {@code scripts/emulators} from a system property or by walking up from the cwd. */
    public static Path defaultEmulatorsDir() {
        String configured = System.getProperty("flowcast.emulators.dir");
        if (configured != null) {
            return Path.of(configured);
        }
        File dir = new File("").getAbsoluteFile();
        while (dir != null) {
            File candidate = new File(dir, "scripts/emulators");
            if (new File(candidate, "package.json").isFile()) {
                return candidate.toPath();
            }
            dir = dir.getParentFile();
        }
        throw new LocalSetupException(
                "Cannot find scripts/emulators; run from the Flowcast checkout or set"
                        + " -Dflowcast.emulators.dir");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalSetupException("Interrupted while waiting for the Kinesis emulator");
        }
    }
}
