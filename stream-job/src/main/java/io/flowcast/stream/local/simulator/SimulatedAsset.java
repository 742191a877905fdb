package io.flowcast.stream.local.simulator;

import java.util.List;
import java.util.Objects;

/**
 * One machine of the simulated plant: where it sits, what it is, and which signals it publishes.
 *
 * <p>The id is the N3uron tag path prefix {@code <site>/<line>/<name>}, which is also the Kinesis
 * partition key and the asset id the job derives (everything before the last {@code /} of a tag).
 * Immutable; equality is by id.
 */
public final class SimulatedAsset {

    private final String id;
    private final String name;
    private final AssetType type;
    private final String site;
    private final String line;
    private final AssetPhysics physics;

    SimulatedAsset(String site, String line, String name, AssetType type, AssetPhysics physics) {
        this.site = Objects.requireNonNull(site, "site");
        this.line = Objects.requireNonNull(line, "line");
        this.name = Objects.requireNonNull(name, "name");
        this.type = Objects.requireNonNull(type, "type");
        this.physics = Objects.requireNonNull(physics, "physics");
        this.id = site + "/" + line + "/" + name;
    }

    /** {@code SiteA/Line1/Pump-001}. */
    public String id() {
        return id;
    }

    /** {@code Pump-001}. */
    public String name() {
        return name;
    }

    public AssetType type() {
        return type;
    }

    /** {@code SiteA}. */
    public String site() {
        return site;
    }

    /** {@code Line1} (line names repeat across sites; the site qualifies them). */
    public String line() {
        return line;
    }

    /** The signals this asset publishes, in record order. */
    public List<Signal> signals() {
        return type.signals();
    }

    /** The full tag path of one of its signals, e.g. {@code SiteA/Line1/Pump-001/Load}. */
    public String tagPath(Signal signal) {
        return id + "/" + signal.tagName();
    }

    /** Nameplate ratings implied by its physics, e.g. for seeding the asset register. */
    public RatedValues rated() {
        return physics.rated(type);
    }

    AssetPhysics physics() {
        return physics;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SimulatedAsset && ((SimulatedAsset) o).id.equals(id);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    @Override
    public String toString() {
        return id + " (" + type.code() + ")";
    }
}
