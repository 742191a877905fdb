package io.flowcast.stream.local.simulator;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The simulated plant: sites, their lines, the assets on each line, and every asset's physical
 * parameters.
 *
 * <p>In: counts of sites, lines per site and assets per line, and the seed. Out: a fixed, ordered
 * list of {@link SimulatedAsset}s and each site's ambient temperature over time.
 *
 * <p>The inventory (names, types, positions) depends only on the counts, so the same flags always
 * describe the same plant and a database can be seeded from {@link #assets()} without running the
 * simulator. Sites are named {@code SiteA, SiteB, ... SiteZ, SiteAA, ...}, lines {@code Line1,
 * Line2, ...}; on each line pumps and compressors alternate starting with a pump, numbered by
 * position ({@code Pump-001, Compressor-002, Pump-003}). The parameters depend on the seed and on
 * the asset's own id only, so adding a site leaves the existing assets' behaviour unchanged.
 */
public final class PlantModel {

    private final long seed;
    private final List<SimulatedAsset> assets;
    private final Map<String, SimulatedAsset> assetsById;
    private final Map<String, SiteClimate> climates;

    /**
     * Builds the plant.
     *
     * @throws IllegalArgumentException if a count is below 1
     */
    public PlantModel(int sites, int linesPerSite, int assetsPerLine, long seed) {
        requirePositive(sites, "sites");
        requirePositive(linesPerSite, "linesPerSite");
        requirePositive(assetsPerLine, "assetsPerLine");
        this.seed = seed;
        List<SimulatedAsset> all = new ArrayList<>();
        Map<String, SiteClimate> siteClimates = new LinkedHashMap<>();
        for (int s = 0; s < sites; s++) {
            String site = siteName(s);
            siteClimates.put(
                    site, SiteClimate.draw(Seeds.random(seed, Seeds.CLIMATE, Seeds.ofText(site))));
            for (int l = 0; l < linesPerSite; l++) {
                String line = "Line" + (l + 1);
                for (int a = 0; a < assetsPerLine; a++) {
                    AssetType type = a % 2 == 0 ? AssetType.PUMP : AssetType.COMPRESSOR;
                    String name = type.assetName(a + 1);
                    String id = site + "/" + line + "/" + name;
                    AssetPhysics physics =
                            AssetPhysics.draw(
                                    type, Seeds.random(seed, Seeds.PARAMETERS, Seeds.ofText(id)));
                    all.add(new SimulatedAsset(site, line, name, type, physics));
                }
            }
        }
        this.assets = Collections.unmodifiableList(all);
        Map<String, SimulatedAsset> byId = new HashMap<>();
        for (SimulatedAsset a : all) {
            byId.put(a.id(), a);
        }
        this.assetsById = byId;
        this.climates = Collections.unmodifiableMap(siteClimates);
    }

    /** The plant the options describe. */
    public static PlantModel of(SimulatorOptions options) {
        return new PlantModel(
                options.sites(), options.linesPerSite(), options.assetsPerLine(), options.seed());
    }

    /** Every asset, ordered by site, line, then position on the line. */
    public List<SimulatedAsset> assets() {
        return assets;
    }

    /** The site names in order. */
    public List<String> sites() {
        return new ArrayList<>(climates.keySet());
    }

    /** The asset with this id ({@code SiteA/Line1/Pump-001}), if the plant has it. */
    public Optional<SimulatedAsset> asset(String id) {
        return Optional.ofNullable(assetsById.get(id));
    }

    public long seed() {
        return seed;
    }

    /**
     * The true ambient temperature of a site at a time, in °C.
     *
     * @throws IllegalArgumentException for a site the plant does not have
     */
    public double ambientTemperature(String site, long epochMillis) {
        SiteClimate climate = climates.get(site);
        if (climate == null) {
            throw new IllegalArgumentException("unknown site " + site);
        }
        return climate.ambientAt(epochMillis);
    }

    /** The name of the site at a 0-based index: A..Z, then AA, AB, ... like spreadsheet columns. */
    static String siteName(int index) {
        StringBuilder letters = new StringBuilder();
        int n = index + 1;
        while (n > 0) {
            int rem = (n - 1) % 26;
            letters.insert(0, (char) ('A' + rem));
            n = (n - 1) / 26;
        }
        return "Site" + letters;
    }

    private static void requirePositive(int count, String name) {
        if (count < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, got " + count);
        }
    }
}
