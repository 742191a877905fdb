package io.flowcast.stream.local.simulator;

import java.util.Random;

/**
 * Derives independent, repeatable random streams from the run's seed.
 *
 * <p>In: the run seed plus a few integers naming what the stream is for (a purpose constant, an
 * asset or site key, a tick number). Out: a 64-bit seed or a {@link Random} seeded with it. Every
 * asset and tick gets its own stream, so the physics of one asset never depends on how many other
 * assets exist or on which fault knobs are set, and any tick can be reproduced on its own.
 */
final class Seeds {

    /** Stream purpose: per-asset physical parameters. */
    static final long PARAMETERS = 1;

    /** Stream purpose: per-site climate. */
    static final long CLIMATE = 2;

    /** Stream purpose: per-asset, per-tick process and sensor noise. */
    static final long PHYSICS = 3;

    /** Stream purpose: per-asset, per-tick scenario faults (missing, late, malformed, ...). */
    static final long FAULTS = 4;

    /** Stream purpose: which assets get the sensor drift. */
    static final long DRIFT = 5;

    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

    private Seeds() {}

    /** Mixes the seed with the given parts into a well-spread 64-bit value. */
    static long derive(long seed, long... parts) {
        long h = mix(seed + GOLDEN_GAMMA);
        for (long part : parts) {
            h = mix(h ^ (part + GOLDEN_GAMMA));
        }
        return h;
    }

    /** A {@link Random} on the derived seed; java.util.Random's algorithm is fixed by its spec. */
    static Random random(long seed, long... parts) {
        return new Random(derive(seed, parts));
    }

    /**
     * A stable 64-bit key for a name (FNV-1a over its UTF-16 units). Unlike {@code hashCode} of
     * arbitrary objects this never changes between JVMs, so names are safe to seed from.
     */
    static long ofText(String text) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < text.length(); i++) {
            h ^= text.charAt(i);
            h *= 0x100000001b3L;
        }
        return h;
    }

    // SplitMix64's finaliser: every input bit affects every output bit, so neighbouring
    // ticks or assets do not get correlated streams.
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
