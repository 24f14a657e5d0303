-- The first schema. Each record is kept whole as JSON in doc, so a new record
-- field needs no migration; the other columns copy the fields that queries
-- filter or order on. Times are Unix milliseconds; see doc.go.

CREATE TABLE sources (
    region          TEXT NOT NULL,
    name            TEXT NOT NULL,
    account         TEXT NOT NULL,
    partner_account TEXT NOT NULL,
    state           TEXT NOT NULL,
    expiration_time INTEGER, -- NULL unless the source is PENDING
    doc             TEXT NOT NULL,
    PRIMARY KEY (region, name)
) WITHOUT ROWID, STRICT;

CREATE INDEX sources_by_account ON sources (region, account, name);
CREATE INDEX sources_by_partner ON sources (region, partner_account, name);
CREATE INDEX sources_by_expiration ON sources (state, expiration_time);

CREATE TABLE buses (
    account TEXT NOT NULL,
    region  TEXT NOT NULL,
    name    TEXT NOT NULL,
    doc     TEXT NOT NULL,
    PRIMARY KEY (account, region, name)
) WITHOUT ROWID, STRICT;

CREATE TABLE rules (
    account TEXT NOT NULL,
    region  TEXT NOT NULL,
    bus     TEXT NOT NULL,
    name    TEXT NOT NULL,
    doc     TEXT NOT NULL,
    PRIMARY KEY (account, region, bus, name)
) WITHOUT ROWID, STRICT;

-- AUTOINCREMENT keeps seq from ever being reused, even after the newest
-- events are deleted: readers page through a bus with "seq > last seen".
CREATE TABLE events (
    seq            INTEGER PRIMARY KEY AUTOINCREMENT,
    account        TEXT NOT NULL,
    region         TEXT NOT NULL,
    bus            TEXT NOT NULL,
    id             TEXT NOT NULL,
    time           INTEGER NOT NULL,
    ingestion_time INTEGER NOT NULL,
    envelope       BLOB NOT NULL
) STRICT;

CREATE INDEX events_by_bus ON events (account, region, bus, seq);
