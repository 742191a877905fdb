package io.flowcast.stream.local.simulator;

import java.util.Random;

/**
 * The ambient air temperature of one site: a daily sine around a mean.
 *
 * <p>In: parameters drawn once per site from the run seed, and an epoch-millisecond time. Out: the
 * true (noise-free) ambient temperature in °C at that time. The peak hour is in UTC and differs per
 * site, which stands in for sites in different time zones.
 */
final class SiteClimate {

    private static final double MILLIS_PER_DAY = 86_400_000.0;

    private final double meanCelsius;
    private final double amplitudeCelsius;
    private final double peakHourUtc;

    private SiteClimate(Random r) {
        meanCelsius = 8 + 16 * r.nextDouble();
        amplitudeCelsius = 3 + 5 * r.nextDouble();
        peakHourUtc = 24 * r.nextDouble();
    }

    static SiteClimate draw(Random random) {
        return new SiteClimate(random);
    }

    double ambientAt(long epochMillis) {
        double hourOfDay =
                24.0 * Math.floorMod(epochMillis, (long) MILLIS_PER_DAY) / MILLIS_PER_DAY;
        return meanCelsius
                + amplitudeCelsius * Math.cos(2 * Math.PI * (hourOfDay - peakHourUtc) / 24.0);
    }
}
