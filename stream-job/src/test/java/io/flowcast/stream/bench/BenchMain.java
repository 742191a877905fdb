package io.flowcast.stream.bench;

import java.util.function.Predicate;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;

/**
 * The shared {@code main} of the MiniCluster benchmarks: parse the options (exit 2 with the usage
 * on bad arguments, print the usage for {@code --help}), silence start-up warnings (errors still
 * show), run, and exit 0 if every check passed, 1 otherwise; an exception is printed and counts as
 * failed. {@code System.exit} because Flink, Netty and the SDK leave non-daemon threads behind.
 */
final class BenchMain {

    /** Parses a benchmark's arguments. */
    @FunctionalInterface
    interface Parser<O> {
        /**
         * @throws IllegalArgumentException with a message for the user
         */
        O parse(String[] args);
    }

    /** Runs a benchmark; true if every check passed. */
    @FunctionalInterface
    interface Body<O> {
        boolean run(O options) throws Exception;
    }

    private BenchMain() {}

    static <O> void run(
            String name,
            String usage,
            String[] args,
            Parser<O> parser,
            Predicate<O> help,
            Body<O> body) {
        O options;
        try {
            options = parser.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(name + ": " + e.getMessage());
            System.err.println(usage);
            System.exit(2);
            return;
        }
        if (help.test(options)) {
            System.out.println(usage);
            return;
        }
        Configurator.setRootLevel(Level.ERROR);
        boolean ok;
        try {
            ok = body.run(options);
        } catch (Exception | Error e) {
            e.printStackTrace();
            ok = false;
        }
        System.exit(ok ? 0 : 1);
    }
}
