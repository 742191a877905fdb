package io.flowcast.stream.local;

import io.flowcast.stream.config.Durations;
import io.flowcast.stream.local.simulator.SimulatorOptions;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Flags of the local run ({@code scripts/run-local.sh}). Flags it does not know are handed to the
 * telemetry simulator, so every simulator knob works here too.
 */
public final class LocalRunOptions {

    final Path config;
    final Duration duration;
    final int uiPort;
    final int parallelism;
    final Duration checkpointInterval;
    final Duration progressInterval;
    final boolean simulate;
    final boolean help;
    final List<String> simulatorArgs;
    final Scenario scenario;
    final Map<String, String> retrainingSettings;

    /** A preset of the local run. */
    enum Scenario {
        /** Steady plant telemetry with a few faults. */
        STEADY,
        /**
         * The whole drift loop: a pump bearing-temperature sensor offset starts after {@value
         * #DRIFT_START}, the job detects it, the local Step Functions retrains, the model server
         * swaps the model and the new version's residuals are back to normal.
         */
        DRIFT;

        static final String DRIFT_START = "3m";
        static final String DRIFT_DURATION = "12m";
    }

    private LocalRunOptions(
            Path config,
            Duration duration,
            int uiPort,
            int parallelism,
            Duration checkpointInterval,
            Duration progressInterval,
            boolean simulate,
            boolean help,
            List<String> simulatorArgs,
            Scenario scenario,
            Map<String, String> retrainingSettings) {
        this.config = config;
        this.duration = duration;
        this.uiPort = uiPort;
        this.parallelism = parallelism;
        this.checkpointInterval = checkpointInterval;
        this.progressInterval = progressInterval;
        this.simulate = simulate;
        this.help = help;
        this.simulatorArgs = simulatorArgs;
        this.scenario = scenario;
        this.retrainingSettings = retrainingSettings;
    }

    /** Parses the flags; unknown {@code --flags} (and their values) go to the simulator. */
    public static LocalRunOptions parse(String... args) {
        Path config = Paths.get("kda-config", "flowcast-local.json");
        Duration duration = Duration.ZERO;
        int uiPort = 8081;
        int parallelism = 2;
        Duration checkpointInterval = Duration.ofSeconds(10);
        Duration progressInterval = Duration.ofSeconds(5);
        boolean simulate = true;
        boolean help = false;
        List<String> simulatorArgs = new ArrayList<>();
        Scenario scenario = Scenario.STEADY;
        boolean durationGiven = false;
        Map<String, String> retrainingSettings = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--help":
                case "-h":
                    help = true;
                    break;
                case "--config":
                    config = Paths.get(value(args, ++i, arg));
                    break;
                case "--duration":
                    duration = duration(value(args, ++i, arg), arg, true);
                    durationGiven = true;
                    break;
                case "--scenario":
                    String name = value(args, ++i, arg);
                    try {
                        scenario = Scenario.valueOf(name.toUpperCase(Locale.ROOT));
                    } catch (IllegalArgumentException e) {
                        throw new LocalSetupException(
                                arg + ": expected steady or drift, got '" + name + "'");
                    }
                    break;
                case "--retraining":
                    String setting = value(args, ++i, arg);
                    int eq = setting.indexOf('=');
                    if (eq < 1) {
                        throw new LocalSetupException(
                                arg
                                        + ": expected key=value (a local retraining setting), got '"
                                        + setting
                                        + "'");
                    }
                    retrainingSettings.put(setting.substring(0, eq), setting.substring(eq + 1));
                    break;
                case "--ui-port":
                    uiPort = port(value(args, ++i, arg), arg);
                    break;
                case "--parallelism":
                    parallelism = positive(value(args, ++i, arg), arg);
                    break;
                case "--checkpoint-interval":
                    checkpointInterval = duration(value(args, ++i, arg), arg, false);
                    break;
                case "--progress-interval":
                    progressInterval = duration(value(args, ++i, arg), arg, false);
                    break;
                case "--no-simulator":
                    simulate = false;
                    break;
                default:
                    if (!arg.startsWith("--")) {
                        throw new LocalSetupException(
                                "unexpected argument '" + arg + "'; see --help");
                    }
                    simulatorArgs.add(arg);
                    if (!arg.contains("=")
                            && i + 1 < args.length
                            && !args[i + 1].startsWith("--")) {
                        simulatorArgs.add(args[++i]);
                    }
                    break;
            }
        }
        if (scenario == Scenario.DRIFT) {
            if (!durationGiven) {
                duration = duration(Scenario.DRIFT_DURATION, "--duration", true);
            }
            if (simulatorArgs.stream().noneMatch(a -> a.startsWith("--drift-start"))) {
                simulatorArgs.add("--drift-start");
                simulatorArgs.add(Scenario.DRIFT_START);
            }
        }
        return new LocalRunOptions(
                config,
                duration,
                uiPort,
                parallelism,
                checkpointInterval,
                progressInterval,
                simulate,
                help,
                simulatorArgs,
                scenario,
                Map.copyOf(retrainingSettings));
    }

    /** Usage text: the local run's own flags, then the simulator's. */
    public static String usage() {
        return "Usage: scripts/run-local.sh [options] [simulator options]\n"
                + "\n"
                + "Runs the Flowcast pipeline on this machine: starts the Kinesis emulator, the N3uron\n"
                + "telemetry simulator and the Flink job (Web UI on http://localhost:8081), and prints\n"
                + "progress until Ctrl-C or --duration.\n"
                + "\n"
                + "Options:\n"
                + "  --duration D             stop after D (e.g. 90s, 5m); default: run until Ctrl-C\n"
                + "  --config FILE            job configuration (default kda-config/flowcast-local.json)\n"
                + "  --ui-port N              Flink Web UI / REST port (default 8081)\n"
                + "  --parallelism N          job parallelism (default 2)\n"
                + "  --checkpoint-interval D  checkpoint interval (default 10s); files commit on checkpoints\n"
                + "  --progress-interval D    how often progress is printed (default 5s)\n"
                + "  --no-simulator           do not publish telemetry (read what is in the stream)\n"
                + "  --scenario drift         the whole drift loop: a pump sensor offset from minute "
                + Scenario.DRIFT_START
                + ",\n"
                + "                           drift detected, retrained, new model served; runs "
                + Scenario.DRIFT_DURATION
                + "\n"
                + "                           unless --duration is given\n"
                + "  --retraining KEY=VALUE   a setting of the local retraining pipeline (repeatable),\n"
                + "                           e.g. min.rows=120\n"
                + "  --help                   this text\n"
                + "\n"
                + "Simulator options (endpoint, region and stream come from the job configuration):\n"
                + SimulatorOptions.usage();
    }

    private static String value(String[] args, int index, String flag) {
        if (index >= args.length || args[index].startsWith("--")) {
            throw new LocalSetupException(flag + " needs a value; see --help");
        }
        return args[index];
    }

    private static Duration duration(String text, String flag, boolean zeroAllowed) {
        Duration d;
        try {
            d = Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw new LocalSetupException(flag + ": " + e.getMessage());
        }
        if (d.isZero() && !zeroAllowed) {
            throw new LocalSetupException(flag + ": must be above zero");
        }
        return d;
    }

    private static int port(String text, String flag) {
        int port = positive(text, flag);
        if (port > 65535) {
            throw new LocalSetupException(flag + ": " + port + " is not a port number");
        }
        return port;
    }

    private static int positive(String text, String flag) {
        try {
            int value = Integer.parseInt(text.trim());
            if (value < 1) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new LocalSetupException(
                    flag + ": expected a positive whole number but got '" + text + "'");
        }
    }
}
