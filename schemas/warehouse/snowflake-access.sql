-- Flowcast in Snowflake: who may do what. Run once as a role that may create roles, users and
-- warehouses (e.g. SECURITYADMIN for roles and users, SYSADMIN for the warehouses), after
-- snowflake.sql has created the tables and views. Names match kda-config/deploy-parameters.example
-- (database FLOWCAST, schema PUBLIC, the job's warehouse FLOWCAST_WH); change them together.
--
-- Two roles:
--   FLOWCAST_WRITER  the stream job's MERGE into the three tables (a SERVICE user, key-pair only);
--   FLOWCAST_READER  analysts and BI tools: read the tables and views, nothing else.
-- Analysts get their own warehouse, so their queries neither wait for nor keep awake the job's.

CREATE WAREHOUSE IF NOT EXISTS FLOWCAST_WH
    WAREHOUSE_SIZE = XSMALL AUTO_SUSPEND = 60 AUTO_RESUME = TRUE INITIALLY_SUSPENDED = TRUE;
CREATE WAREHOUSE IF NOT EXISTS FLOWCAST_ANALYST_WH
    WAREHOUSE_SIZE = XSMALL AUTO_SUSPEND = 60 AUTO_RESUME = TRUE INITIALLY_SUSPENDED = TRUE;

-- The job: MERGE needs SELECT, INSERT and UPDATE; nothing may be deleted or altered.
CREATE ROLE IF NOT EXISTS FLOWCAST_WRITER;
GRANT USAGE ON WAREHOUSE FLOWCAST_WH TO ROLE FLOWCAST_WRITER;
GRANT USAGE ON DATABASE FLOWCAST TO ROLE FLOWCAST_WRITER;
GRANT USAGE ON SCHEMA FLOWCAST.PUBLIC TO ROLE FLOWCAST_WRITER;
GRANT SELECT, INSERT, UPDATE ON TABLE FLOWCAST.PUBLIC.PREDICTIONS TO ROLE FLOWCAST_WRITER;
GRANT SELECT, INSERT, UPDATE ON TABLE FLOWCAST.PUBLIC.DEAD_LETTERS TO ROLE FLOWCAST_WRITER;
GRANT SELECT, INSERT, UPDATE ON TABLE FLOWCAST.PUBLIC.DRIFT_EVENTS TO ROLE FLOWCAST_WRITER;

-- A service user: no password, no SSO; it authenticates with the RSA key whose private half is in
-- the Secrets Manager secret of SnowflakeSecretArn ({"user", "privateKey", "privateKeyPassphrase"}).
-- Generate the pair outside Snowflake (openssl genrsa 2048 | openssl pkcs8 -topk8 -v2 aes256
-- -out rsa_key.p8; openssl rsa -in rsa_key.p8 -pubout) and paste the public key's base64 body.
CREATE USER IF NOT EXISTS FLOWCAST_JOB
    TYPE = SERVICE
    DEFAULT_ROLE = FLOWCAST_WRITER
    DEFAULT_WAREHOUSE = FLOWCAST_WH
    RSA_PUBLIC_KEY = '<base64 body of rsa_key.pub>';
GRANT ROLE FLOWCAST_WRITER TO USER FLOWCAST_JOB;

-- Analysts: read-only on what exists now (ALL) and on what later releases add (FUTURE).
CREATE ROLE IF NOT EXISTS FLOWCAST_READER;
GRANT USAGE ON WAREHOUSE FLOWCAST_ANALYST_WH TO ROLE FLOWCAST_READER;
GRANT USAGE ON DATABASE FLOWCAST TO ROLE FLOWCAST_READER;
GRANT USAGE ON SCHEMA FLOWCAST.PUBLIC TO ROLE FLOWCAST_READER;
GRANT SELECT ON ALL TABLES IN SCHEMA FLOWCAST.PUBLIC TO ROLE FLOWCAST_READER;
GRANT SELECT ON ALL VIEWS IN SCHEMA FLOWCAST.PUBLIC TO ROLE FLOWCAST_READER;
GRANT SELECT ON FUTURE TABLES IN SCHEMA FLOWCAST.PUBLIC TO ROLE FLOWCAST_READER;
GRANT SELECT ON FUTURE VIEWS IN SCHEMA FLOWCAST.PUBLIC TO ROLE FLOWCAST_READER;
-- Then, per analyst (a PERSON user, signing in with the organisation's SSO):
--   GRANT ROLE FLOWCAST_READER TO USER <analyst>;
