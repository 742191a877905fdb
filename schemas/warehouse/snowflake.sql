-- Flowcast warehouse tables in Snowflake. Run in the target database and schema.
-- PRIMARY KEY is informational in Snowflake (not enforced): uniqueness comes from the sink's MERGE.
-- Timestamps are TIMESTAMP_NTZ holding UTC. Idempotent: safe to run again.

CREATE TABLE IF NOT EXISTS PREDICTIONS (
    PREDICTION_ID   VARCHAR(36)   NOT NULL COMMENT 'Deterministic name-based UUID of asset_id, window_end, endpoint and model_version',
    ASSET_ID        VARCHAR       NOT NULL COMMENT 'The asset, e.g. SiteA/Line1/Pump-001',
    ASSET_TYPE      VARCHAR       NOT NULL COMMENT 'Lower-case asset type',
    SITE            VARCHAR                COMMENT 'From the asset register; null when not enriched',
    LINE            VARCHAR                COMMENT 'From the asset register; null when not enriched',
    WINDOW_START    TIMESTAMP_NTZ NOT NULL COMMENT 'Window start, UTC, inclusive',
    WINDOW_END      TIMESTAMP_NTZ NOT NULL COMMENT 'Window end, UTC, exclusive',
    TARGET          VARCHAR       NOT NULL COMMENT 'Predicted quantity <signal>.<statistic>',
    PREDICTED       FLOAT         NOT NULL COMMENT 'The model prediction of the target',
    ACTUAL          FLOAT                  COMMENT 'Measured target; null without a usable sample',
    RESIDUAL        FLOAT                  COMMENT 'actual - predicted',
    ANOMALY_SCORE   FLOAT                  COMMENT '|residual| in units of the model baseline residual spread',
    ANOMALY         BOOLEAN       NOT NULL COMMENT 'anomaly_score above the configured threshold',
    ENDPOINT        VARCHAR       NOT NULL COMMENT 'SageMaker endpoint that answered',
    VARIANT         VARCHAR                COMMENT 'Production variant that answered',
    MODEL_VERSION   VARCHAR                COMMENT 'Model version from the answer',
    LATENCY_MS      FLOAT         NOT NULL COMMENT 'Submission to answer, ms',
    ATTEMPTS        INTEGER       NOT NULL COMMENT 'InvokeEndpoint calls this row took part in',
    ENRICHMENT      VARCHAR                COMMENT 'ENRICHED, STALE, UNENRICHED or UNKNOWN_ASSET',
    FEATURES        VARIANT                COMMENT 'Model input features as a JSON object {name: value}; semi-structured so model changes never alter the table',
    WRITTEN_AT      TIMESTAMP_NTZ NOT NULL COMMENT 'Last insert or update, UTC',
    CONSTRAINT PK_PREDICTIONS PRIMARY KEY (PREDICTION_ID)
)
CLUSTER BY (TO_DATE(WINDOW_START))
COMMENT = 'One row per model prediction; upserted on PREDICTION_ID by the Flowcast stream job';

CREATE TABLE IF NOT EXISTS DEAD_LETTERS (
    DEAD_LETTER_ID    VARCHAR(36)   NOT NULL COMMENT 'Deterministic name-based UUID of stage, reason, stream, shard, sequence number, partition key, tag path, sample index and payload hash',
    REASON            VARCHAR       NOT NULL COMMENT 'Reason code (schemas/records/dead-letter.schema.json)',
    DETAIL            VARCHAR       NOT NULL COMMENT 'Human-readable explanation; do not parse',
    STAGE             VARCHAR       NOT NULL COMMENT 'Pipeline stage that rejected the input',
    TAG_PATH          VARCHAR                COMMENT 'Tag of the rejected sample or tag; null for a record',
    SAMPLE_INDEX      INTEGER                COMMENT 'Index of the rejected sample; null otherwise',
    PAYLOAD           VARCHAR                COMMENT 'Rejected data, utf-8 text or base64, possibly truncated',
    PAYLOAD_ENCODING  VARCHAR                COMMENT 'utf-8 or base64',
    PAYLOAD_BYTES     INTEGER       NOT NULL COMMENT 'Size of the rejected data before truncation',
    PAYLOAD_TRUNCATED BOOLEAN       NOT NULL COMMENT 'Payload holds only the first part',
    STREAM            VARCHAR                COMMENT 'Kinesis stream ARN; null for later stages',
    SHARD_ID          VARCHAR                COMMENT 'Kinesis shard; null for later stages',
    SEQUENCE_NUMBER   VARCHAR                COMMENT 'Kinesis sequence number; null for later stages',
    PARTITION_KEY     VARCHAR                COMMENT 'Kinesis partition key',
    ARRIVAL_TIME      TIMESTAMP_NTZ          COMMENT 'Kinesis approximate arrival, UTC',
    DETECTED_AT       TIMESTAMP_NTZ NOT NULL COMMENT 'Processing time of the rejection, UTC (latest replay wins)',
    WRITTEN_AT        TIMESTAMP_NTZ NOT NULL COMMENT 'Last insert or update, UTC',
    CONSTRAINT PK_DEAD_LETTERS PRIMARY KEY (DEAD_LETTER_ID)
)
COMMENT = 'Input the Flowcast stream job could not use; upserted on DEAD_LETTER_ID';

CREATE TABLE IF NOT EXISTS DRIFT_EVENTS (
    EPISODE_ID       VARCHAR(36)   NOT NULL COMMENT 'Deterministic name-based UUID of asset type, model version, metric, feature and the window end of the episode''s first breaching evaluation (DriftEvent.episodeIdOf)',
    ASSET_TYPE       VARCHAR       NOT NULL COMMENT 'The model''s asset type',
    MODEL_VERSION    VARCHAR       NOT NULL COMMENT 'The model version whose training baseline was compared',
    METRIC           VARCHAR       NOT NULL COMMENT 'PSI, MISSING_RATE_CHANGE, RESIDUAL_PAGE_HINKLEY or RESIDUAL_RMSE_RATIO',
    FEATURE          VARCHAR                COMMENT 'The drifted input feature; null for the residual metrics',
    METRIC_VALUE     FLOAT         NOT NULL COMMENT 'The metric in the evaluation that raised the event (the record''s value)',
    THRESHOLD        FLOAT         NOT NULL COMMENT 'The configured threshold it breached',
    FIRST_WINDOW_END TIMESTAMP_NTZ NOT NULL COMMENT 'Earliest window end among the breaching evaluations, UTC',
    LAST_WINDOW_END  TIMESTAMP_NTZ NOT NULL COMMENT 'Latest window end among them, UTC: when the drift was detected in event time',
    SAMPLE_COUNT     BIGINT        NOT NULL COMMENT 'Values the metric used over the breaching evaluations',
    EVALUATIONS      INTEGER       NOT NULL COMMENT 'Consecutive breaching evaluations behind the event',
    WRITTEN_AT       TIMESTAMP_NTZ NOT NULL COMMENT 'Last insert or update, UTC',
    CONSTRAINT PK_DRIFT_EVENTS PRIMARY KEY (EPISODE_ID)
)
COMMENT = 'One row per drift episode (schemas/records/drift-event.schema.json); upserted on EPISODE_ID by the Flowcast stream job';

CREATE OR REPLACE VIEW LATEST_PREDICTION_PER_ASSET
COMMENT = 'The latest prediction (greatest WINDOW_END) of each asset'
AS
SELECT *
FROM PREDICTIONS
QUALIFY ROW_NUMBER() OVER (
    PARTITION BY ASSET_ID ORDER BY WINDOW_END DESC, WRITTEN_AT DESC, PREDICTION_ID) = 1;

CREATE OR REPLACE VIEW ANOMALIES_PER_HOUR_PER_SITE
COMMENT = 'Predictions and anomalies per site (null: not enriched) and UTC hour of WINDOW_START'
AS
SELECT SITE,
       DATE_TRUNC('HOUR', WINDOW_START) AS HOUR,
       COUNT(*) AS PREDICTIONS,
       COUNT_IF(ANOMALY) AS ANOMALIES,
       MAX(ANOMALY_SCORE) AS MAX_ANOMALY_SCORE
FROM PREDICTIONS
GROUP BY SITE, DATE_TRUNC('HOUR', WINDOW_START);

CREATE OR REPLACE VIEW DRIFT_EPISODES_PER_MODEL
COMMENT = 'Drift episodes per model (asset type and version): how many, on what, when first and last detected (UTC, event time)'
AS
SELECT ASSET_TYPE,
       MODEL_VERSION,
       COUNT(*) AS EPISODES,
       COUNT(DISTINCT FEATURE) AS FEATURES_DRIFTED,
       COUNT_IF(FEATURE IS NULL) AS RESIDUAL_EPISODES,
       MIN(LAST_WINDOW_END) AS FIRST_DETECTED,
       MAX(LAST_WINDOW_END) AS LAST_DETECTED,
       MAX(METRIC_VALUE / NULLIF(THRESHOLD, 0)) AS MAX_VALUE_OVER_THRESHOLD
FROM DRIFT_EVENTS
GROUP BY ASSET_TYPE, MODEL_VERSION;
