-- Asset context for Flowcast's enrichment stage (Aurora PostgreSQL; PostgreSQL 12 or newer).
--
-- One row per asset the N3uron gateways publish for. The job looks rows up by asset_id only
-- (the primary key) and never writes. Safe to run again: every statement is idempotent.
-- What each column means and how the job uses it: schemas/assets/README.md.

CREATE TABLE IF NOT EXISTS asset (
    asset_id           text             PRIMARY KEY
                                        CONSTRAINT asset_id_not_blank CHECK (btrim(asset_id) <> ''),
    asset_type         text             NOT NULL
                                        CONSTRAINT asset_type_is_code CHECK (asset_type ~ '^[a-z][a-z0-9_]*$'),
    site               text             NOT NULL,
    line               text             NOT NULL,
    rated_power_kw     double precision CONSTRAINT rated_power_kw_positive CHECK (rated_power_kw > 0),
    rated_flow_m3h     double precision CONSTRAINT rated_flow_m3h_positive CHECK (rated_flow_m3h > 0),
    rated_pressure_bar double precision CONSTRAINT rated_pressure_bar_positive CHECK (rated_pressure_bar > 0),
    rated_speed_rpm    double precision CONSTRAINT rated_speed_rpm_positive CHECK (rated_speed_rpm > 0),
    model_endpoint     text             CONSTRAINT model_endpoint_not_blank CHECK (btrim(model_endpoint) <> ''),
    model_variant      text             CONSTRAINT model_variant_not_blank CHECK (btrim(model_variant) <> ''),
    active             boolean          NOT NULL DEFAULT true,
    updated_at         timestamptz      NOT NULL DEFAULT now()
);

-- The job only reads by primary key. This index serves the plant teams' maintenance queries
-- ("every asset of SiteA/Line2"), which would otherwise scan the table.
CREATE INDEX IF NOT EXISTS asset_site_line_idx ON asset (site, line);

-- updated_at follows every change, also hand-written UPDATEs that forget to set it.
CREATE OR REPLACE FUNCTION asset_touch_updated_at() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END;
$$;

DROP TRIGGER IF EXISTS asset_touch_updated_at ON asset;
CREATE TRIGGER asset_touch_updated_at
    BEFORE UPDATE ON asset
    FOR EACH ROW EXECUTE FUNCTION asset_touch_updated_at();

COMMENT ON TABLE asset IS
    'Flowcast asset context: one row per asset publishing telemetry. Read by the Flink job by asset_id; see schemas/assets/README.md.';
COMMENT ON COLUMN asset.asset_id IS
    'The asset id exactly as the job derives it from the N3uron tag path (everything before the last /), e.g. SiteA/Line1/Pump-001. Case-sensitive.';
COMMENT ON COLUMN asset.asset_type IS
    'Lower-case asset type code, e.g. pump or compressor. Selects the feature spec (schemas/features/<type>.json) and, unless model_endpoint is set, the model.';
COMMENT ON COLUMN asset.site IS
    'Site the asset belongs to, e.g. SiteA.';
COMMENT ON COLUMN asset.line IS
    'Production line within the site, e.g. Line1 (line names repeat across sites).';
COMMENT ON COLUMN asset.rated_power_kw IS
    'Nameplate (rated) motor power in kW; NULL when unknown. Must be > 0.';
COMMENT ON COLUMN asset.rated_flow_m3h IS
    'Rated volumetric flow in m3/h at 100 % load; NULL when unknown or not applicable. Must be > 0.';
COMMENT ON COLUMN asset.rated_pressure_bar IS
    'Rated discharge pressure in bar (gauge) at 100 % load; NULL when unknown. Must be > 0.';
COMMENT ON COLUMN asset.rated_speed_rpm IS
    'Rated shaft speed in revolutions per minute; NULL when unknown. Must be > 0.';
COMMENT ON COLUMN asset.model_endpoint IS
    'SageMaker endpoint that scores this asset. NULL = route by asset_type (the default).';
COMMENT ON COLUMN asset.model_variant IS
    'Production variant of the endpoint to target (e.g. a canary). NULL = let the endpoint split traffic.';
COMMENT ON COLUMN asset.active IS
    'false = decommissioned or excluded: by default the job treats the asset like an unknown one (no predictions).';
COMMENT ON COLUMN asset.updated_at IS
    'When the row last changed; set on insert and, by trigger, on every update.';
