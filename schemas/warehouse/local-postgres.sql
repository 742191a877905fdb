-- Flowcast warehouse tables for the local stand-in (PostgreSQL 15+, embedded PostgreSQL 17).
-- The same shape as snowflake.sql: JSONB instead of VARIANT, timestamp (UTC) instead of TIMESTAMP_NTZ.
-- Idempotent: safe to apply again.

CREATE TABLE IF NOT EXISTS predictions (
    prediction_id   text             NOT NULL PRIMARY KEY,
    asset_id        text             NOT NULL,
    asset_type      text             NOT NULL,
    site            text,
    line            text,
    window_start    timestamp        NOT NULL,
    window_end      timestamp        NOT NULL,
    target          text             NOT NULL,
    predicted       double precision NOT NULL,
    actual          double precision,
    residual        double precision,
    anomaly_score   double precision,
    anomaly         boolean          NOT NULL,
    endpoint        text             NOT NULL,
    variant         text,
    model_version   text,
    latency_ms      double precision NOT NULL,
    attempts        integer          NOT NULL,
    enrichment      text,
    features        jsonb,
    written_at      timestamp        NOT NULL
);

COMMENT ON TABLE predictions IS 'One row per model prediction (asset, window, endpoint, model version); upserted on prediction_id by the stream job.';
COMMENT ON COLUMN predictions.prediction_id IS 'Deterministic name-based UUID of asset_id, window_end, endpoint and model_version.';
COMMENT ON COLUMN predictions.window_start IS 'Window start, UTC, inclusive.';
COMMENT ON COLUMN predictions.window_end IS 'Window end, UTC, exclusive.';
COMMENT ON COLUMN predictions.anomaly_score IS '|residual| in units of the model baseline residual spread; null without actual or baseline.';
COMMENT ON COLUMN predictions.features IS 'The model input features as a JSON object {name: value}; semi-structured so model changes never alter the table.';
COMMENT ON COLUMN predictions.written_at IS 'When the row was last inserted or updated, UTC.';

CREATE INDEX IF NOT EXISTS predictions_asset_window ON predictions (asset_id, window_end DESC);
CREATE INDEX IF NOT EXISTS predictions_site_window ON predictions (site, window_start);

CREATE TABLE IF NOT EXISTS dead_letters (
    dead_letter_id    text      NOT NULL PRIMARY KEY,
    reason            text      NOT NULL,
    detail            text      NOT NULL,
    stage             text      NOT NULL,
    tag_path          text,
    sample_index      integer,
    payload           text,
    payload_encoding  text,
    payload_bytes     integer   NOT NULL,
    payload_truncated boolean   NOT NULL,
    stream            text,
    shard_id          text,
    sequence_number   text,
    partition_key     text,
    arrival_time      timestamp,
    detected_at       timestamp NOT NULL,
    written_at        timestamp NOT NULL
);

COMMENT ON TABLE dead_letters IS 'Input the stream job could not use (schemas/records/dead-letter.schema.json); upserted on dead_letter_id.';
COMMENT ON COLUMN dead_letters.dead_letter_id IS 'Deterministic name-based UUID of stage, reason, stream, shard, sequence number, partition key, tag path, sample index and payload hash.';
COMMENT ON COLUMN dead_letters.payload IS 'The rejected data, utf-8 text or base64 (payload_encoding), possibly truncated (payload_truncated).';
COMMENT ON COLUMN dead_letters.detected_at IS 'Processing time of the rejection, UTC (the latest replay wins).';

CREATE TABLE IF NOT EXISTS drift_events (
    episode_id       text             NOT NULL PRIMARY KEY,
    asset_type       text             NOT NULL,
    model_version    text             NOT NULL,
    metric           text             NOT NULL,
    feature          text,
    metric_value     double precision NOT NULL,
    threshold        double precision NOT NULL,
    first_window_end timestamp        NOT NULL,
    last_window_end  timestamp        NOT NULL,
    sample_count     bigint           NOT NULL,
    evaluations      integer          NOT NULL,
    written_at       timestamp        NOT NULL
);

COMMENT ON TABLE drift_events IS 'One row per drift episode (schemas/records/drift-event.schema.json); upserted on episode_id by the stream job.';
COMMENT ON COLUMN drift_events.episode_id IS 'Deterministic name-based UUID of asset type, model version, metric, feature and the window end of the episode''s first breaching evaluation (DriftEvent.episodeIdOf).';
COMMENT ON COLUMN drift_events.feature IS 'The drifted input feature; null for the residual metrics.';
COMMENT ON COLUMN drift_events.metric_value IS 'The metric in the evaluation that raised the event (the record''s value).';
COMMENT ON COLUMN drift_events.last_window_end IS 'Latest window end among the breaching evaluations, UTC: when the drift was detected in event time.';

CREATE INDEX IF NOT EXISTS drift_events_model ON drift_events (asset_type, model_version, last_window_end DESC);

-- The latest prediction of every asset (by window end; ties by write time).
CREATE OR REPLACE VIEW latest_prediction_per_asset AS
SELECT DISTINCT ON (asset_id) *
FROM predictions
ORDER BY asset_id, window_end DESC, written_at DESC, prediction_id;

COMMENT ON VIEW latest_prediction_per_asset IS 'The latest prediction (greatest window_end) of each asset.';

-- Per site and UTC hour of the window start: predictions, anomalies, the largest anomaly score.
CREATE OR REPLACE VIEW anomalies_per_hour_per_site AS
SELECT site,
       date_trunc('hour', window_start) AS hour,
       count(*) AS predictions,
       count(*) FILTER (WHERE anomaly) AS anomalies,
       max(anomaly_score) AS max_anomaly_score
FROM predictions
GROUP BY site, date_trunc('hour', window_start);

COMMENT ON VIEW anomalies_per_hour_per_site IS 'Predictions and anomalies per site (null: not enriched) and UTC hour of window_start.';

-- Per model (asset type and version): drift episodes, on what, when first and last detected.
CREATE OR REPLACE VIEW drift_episodes_per_model AS
SELECT asset_type,
       model_version,
       count(*) AS episodes,
       count(DISTINCT feature) AS features_drifted,
       count(*) FILTER (WHERE feature IS NULL) AS residual_episodes,
       min(last_window_end) AS first_detected,
       max(last_window_end) AS last_detected,
       max(metric_value / NULLIF(threshold, 0)) AS max_value_over_threshold
FROM drift_events
GROUP BY asset_type, model_version;

COMMENT ON VIEW drift_episodes_per_model IS 'Drift episodes per model (asset type and version): how many, on what, when first and last detected (UTC, event time).';
