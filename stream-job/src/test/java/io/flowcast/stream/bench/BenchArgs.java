package io.flowcast.stream.bench;

/** Command-line value parsing shared by the benchmarks' option parsers. */
final class BenchArgs {

    private BenchArgs() {}

    /** {@code args[i]}, the value of {@code flag}. */
    static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return args[i];
    }

    static int positive(String flag, String text) {
        try {
            int n = Integer.parseInt(text);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(flag + " needs a positive integer, got " + text);
    }

    /** A number from 0 up to (and excluding, unless {@code maxIncluded}) {@code max}. */
    static double percent(String flag, String text, double max, boolean maxIncluded) {
        try {
            double p = Double.parseDouble(text);
            if (p >= 0 && (p < max || (maxIncluded && p == max))) {
                return p;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(
                flag
                        + " needs a number from 0 to "
                        + (maxIncluded ? "" : "below ")
                        + (long) max
                        + ", got "
                        + text);
    }

    static boolean onOff(String flag, String text) {
        if (!text.equals("on") && !text.equals("off")) {
            throw new IllegalArgumentException(flag + " takes on or off, got " + text);
        }
        return text.equals("on");
    }
}
