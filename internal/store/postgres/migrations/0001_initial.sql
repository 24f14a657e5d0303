-- The first schema, the same tables as the embedded store's. Each record is
-- kept whole as JSON text in doc (not jsonb, which reorders keys and would
-- change the target documents that must come back as they were put); the
-- other columns copy the fields that queries filter or order on. Key and
-- name columns use the "C" collation so that they order and compare by
-- bytes, as SQLite's BINARY collation does. Times are Unix milliseconds.

CREATE TABLE sources (
    region          TEXT COLLATE "C" NOT NULL,
    name            TEXT COLLATE "C" NOT NULL,
    account         TEXT COLLATE "C" NOT NULL,
    partner_account TEXT COLLATE "C" NOT NULL,
    state           TEXT COLLATE "C" NOT NULL,
    expiration_time BIGINT, -- NULL unless the source is PENDING
    doc             TEXT NOT NULL,
    PRIMARY KEY (region, name)
);

CREATE INDEX sources_by_account ON sources (region, account, name);
CREATE INDEX sources_by_partner ON sources (region, partner_account, name);
CREATE INDEX sources_by_expiration ON sources (state, expiration_time);

CREATE TABLE buses (
    account TEXT COLLATE "C" NOT NULL,
    region  TEXT COLLATE "C" NOT NULL,
    name    TEXT COLLATE "C" NOT NULL,
    doc     TEXT NOT NULL,
    PRIMARY KEY (account, region, name)
);

CREATE TABLE rules (
    account TEXT COLLATE "C" NOT NULL,
    region  TEXT COLLATE "C" NOT NULL,
    bus     TEXT COLLATE "C" NOT NULL,
    name    TEXT COLLATE "C" NOT NULL,
    doc     TEXT NOT NULL,
    PRIMARY KEY (account, region, bus, name)
);

-- An identity sequence never hands out a value twice, even after the newest
-- events are deleted: readers page through a bus with "seq > last seen".
CREATE TABLE events (
    seq            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account        TEXT COLLATE "C" NOT NULL,
    region         TEXT COLLATE "C" NOT NULL,
    bus            TEXT COLLATE "C" NOT NULL,
    id             TEXT COLLATE "C" NOT NULL,
    time           BIGINT NOT NULL,
    ingestion_time BIGINT NOT NULL,
    envelope       BYTEA NOT NULL
);

CREATE INDEX events_by_bus ON events (account, region, bus, seq);
