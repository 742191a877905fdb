package io.flowcast.stream.enrich;

import java.util.Objects;

/**
 * What the plant's asset register says about one asset: one row of the Aurora {@code asset} table
 * ({@code schemas/assets/asset-context.sql}), as the enrichment stage attaches it to feature
 * vectors.
 *
 * <p>A Flink POJO (public no-argument constructor, public fields of POJO-friendly types) so it
 * serializes with Flink's {@code PojoSerializer}, never Kryo. Immutable in spirit: build it once
 * (the JDBC client or a test builder fills the fields) and do not change it afterwards; instances
 * are shared through caches.
 *
 * <p>Rated values are {@code null} when the register does not know them; {@link #modelEndpoint}
 * {@code null} means "route by asset type", {@link #modelVariant} {@code null} means "let the
 * endpoint split traffic". An inactive asset ({@link #active} false) is still returned by lookups;
 * what to do with it is the caller's decision.
 */
public class AssetContext {

    /** The asset id as the job derives it from the tag path, e.g. {@code SiteA/Line1/Pump-001}. */
    public String assetId;

    /** Lower-case asset type code, e.g. {@code pump}. */
    public String assetType;

    /** Site, e.g. {@code SiteA}. */
    public String site;

    /** Line within the site, e.g. {@code Line1}. */
    public String line;

    /** Rated motor power in kW; null when unknown. */
    public Double ratedPowerKw;

    /** Rated flow in m³/h at full load; null when unknown or not applicable. */
    public Double ratedFlowM3h;

    /** Rated discharge pressure in bar; null when unknown. */
    public Double ratedPressureBar;

    /** Rated shaft speed in rpm; null when unknown. */
    public Double ratedSpeedRpm;

    /** SageMaker endpoint for this asset; null = route by asset type. */
    public String modelEndpoint;

    /** Production variant to target; null = the endpoint's own traffic split. */
    public String modelVariant;

    /** False for decommissioned or excluded assets. */
    public boolean active;

    /** When the row last changed, epoch milliseconds. */
    public long updatedAtMillis;

    /** For Flink's POJO serializer; use the fields or {@link #builder(String)} otherwise. */
    public AssetContext() {}

    /** A builder for an active asset with the given id; every other field starts unset. */
    public static Builder builder(String assetId) {
        return new Builder(assetId);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof AssetContext)) {
            return false;
        }
        AssetContext that = (AssetContext) o;
        return active == that.active
                && updatedAtMillis == that.updatedAtMillis
                && Objects.equals(assetId, that.assetId)
                && Objects.equals(assetType, that.assetType)
                && Objects.equals(site, that.site)
                && Objects.equals(line, that.line)
                && Objects.equals(ratedPowerKw, that.ratedPowerKw)
                && Objects.equals(ratedFlowM3h, that.ratedFlowM3h)
                && Objects.equals(ratedPressureBar, that.ratedPressureBar)
                && Objects.equals(ratedSpeedRpm, that.ratedSpeedRpm)
                && Objects.equals(modelEndpoint, that.modelEndpoint)
                && Objects.equals(modelVariant, that.modelVariant);
    }

    @Override
    public int hashCode() {
        return Objects.hash(assetId, assetType, updatedAtMillis);
    }

    @Override
    public String toString() {
        return "AssetContext{assetId="
                + assetId
                + ", assetType="
                + assetType
                + ", site="
                + site
                + ", line="
                + line
                + ", ratedPowerKw="
                + ratedPowerKw
                + ", ratedFlowM3h="
                + ratedFlowM3h
                + ", ratedPressureBar="
                + ratedPressureBar
                + ", ratedSpeedRpm="
                + ratedSpeedRpm
                + ", modelEndpoint="
                + modelEndpoint
                + ", modelVariant="
                + modelVariant
                + ", active="
                + active
                + ", updatedAtMillis="
                + updatedAtMillis
                + '}';
    }

    /**
     * Builds an {@link AssetContext} field by field (tests, fakes, the JDBC row mapper). Starts
     * with {@code active = true}, everything else unset; {@link #build()} checks that the
     * non-nullable columns are present.
     */
    public static final class Builder {
        private final AssetContext context = new AssetContext();

        private Builder(String assetId) {
            context.assetId = Objects.requireNonNull(assetId, "assetId");
            context.active = true;
        }

        public Builder assetType(String assetType) {
            context.assetType = assetType;
            return this;
        }

        public Builder site(String site) {
            context.site = site;
            return this;
        }

        public Builder line(String line) {
            context.line = line;
            return this;
        }

        public Builder ratedPowerKw(Double kw) {
            context.ratedPowerKw = kw;
            return this;
        }

        public Builder ratedFlowM3h(Double m3h) {
            context.ratedFlowM3h = m3h;
            return this;
        }

        public Builder ratedPressureBar(Double bar) {
            context.ratedPressureBar = bar;
            return this;
        }

        public Builder ratedSpeedRpm(Double rpm) {
            context.ratedSpeedRpm = rpm;
            return this;
        }

        public Builder modelEndpoint(String endpoint) {
            context.modelEndpoint = endpoint;
            return this;
        }

        public Builder modelVariant(String variant) {
            context.modelVariant = variant;
            return this;
        }

        public Builder active(boolean active) {
            context.active = active;
            return this;
        }

        public Builder updatedAtMillis(long epochMillis) {
            context.updatedAtMillis = epochMillis;
            return this;
        }

        /**
         * The finished context.
         *
         * @throws IllegalStateException if asset type, site or line is missing (the table's NOT
         *     NULL columns)
         */
        public AssetContext build() {
            requireSet(context.assetType, "assetType");
            requireSet(context.site, "site");
            requireSet(context.line, "line");
            AssetContext copy = new AssetContext();
            copy.assetId = context.assetId;
            copy.assetType = context.assetType;
            copy.site = context.site;
            copy.line = context.line;
            copy.ratedPowerKw = context.ratedPowerKw;
            copy.ratedFlowM3h = context.ratedFlowM3h;
            copy.ratedPressureBar = context.ratedPressureBar;
            copy.ratedSpeedRpm = context.ratedSpeedRpm;
            copy.modelEndpoint = context.modelEndpoint;
            copy.modelVariant = context.modelVariant;
            copy.active = context.active;
            copy.updatedAtMillis = context.updatedAtMillis;
            return copy;
        }

        private void requireSet(String value, String name) {
            if (value == null) {
                throw new IllegalStateException(
                        "AssetContext of " + context.assetId + ": " + name + " is not set");
            }
        }
    }
}
