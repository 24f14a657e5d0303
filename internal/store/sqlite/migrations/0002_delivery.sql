-- Delivery: the durable queue of (event, target) jobs, the jobs that failed
-- for good, and the connections and API destinations HTTP targets use.

-- A job is leased while a node delivers it; an expired lease makes it
-- claimable again, so a job survives the death of the node that held it.
CREATE TABLE deliveries (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    due_at      INTEGER NOT NULL,
    lease_until INTEGER NOT NULL,
    doc         BLOB NOT NULL
) STRICT;

CREATE INDEX deliveries_due ON deliveries (due_at);

CREATE TABLE failed_deliveries (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    time    INTEGER NOT NULL,
    code    TEXT NOT NULL,
    message TEXT NOT NULL,
    doc     BLOB NOT NULL
) STRICT;

CREATE TABLE connections (
    account TEXT NOT NULL,
    region  TEXT NOT NULL,
    name    TEXT NOT NULL,
    state   TEXT NOT NULL,
    doc     TEXT NOT NULL,
    PRIMARY KEY (account, region, name)
) WITHOUT ROWID, STRICT;

CREATE TABLE api_destinations (
    account        TEXT NOT NULL,
    region         TEXT NOT NULL,
    name           TEXT NOT NULL,
    connection_arn TEXT NOT NULL,
    doc            TEXT NOT NULL,
    PRIMARY KEY (account, region, name)
) WITHOUT ROWID, STRICT;
