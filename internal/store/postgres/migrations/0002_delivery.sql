-- Delivery: the durable queue of (event, target) jobs, the jobs that failed
-- for good, and the connections and API destinations HTTP targets use.

-- A job is leased while a node delivers it; an expired lease makes it
-- claimable again, so a job survives the death of the node that held it.
-- The id comes from deliveries_id_seq (BIGSERIAL names it so), which
-- EnqueueDeliveries draws from directly to pair each job with its id.
CREATE TABLE deliveries (
    id          BIGSERIAL PRIMARY KEY,
    due_at      BIGINT NOT NULL,
    lease_until BIGINT NOT NULL,
    doc         BYTEA NOT NULL
);

CREATE INDEX deliveries_due ON deliveries (due_at);

CREATE TABLE failed_deliveries (
    id      BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    time    BIGINT NOT NULL,
    code    TEXT NOT NULL,
    message TEXT NOT NULL,
    doc     BYTEA NOT NULL
);

CREATE TABLE connections (
    account TEXT COLLATE "C" NOT NULL,
    region  TEXT COLLATE "C" NOT NULL,
    name    TEXT COLLATE "C" NOT NULL,
    state   TEXT COLLATE "C" NOT NULL,
    doc     TEXT NOT NULL,
    PRIMARY KEY (account, region, name)
);

CREATE TABLE api_destinations (
    account        TEXT COLLATE "C" NOT NULL,
    region         TEXT COLLATE "C" NOT NULL,
    name           TEXT COLLATE "C" NOT NULL,
    connection_arn TEXT COLLATE "C" NOT NULL,
    doc            TEXT NOT NULL,
    PRIMARY KEY (account, region, name)
);
