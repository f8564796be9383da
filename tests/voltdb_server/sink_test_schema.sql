-- Tables for ksink's VoltDB sink integration tests and benchmark (tests/integration/voltdb_*).
-- Unquoted names are upper-cased, as VoltDB does.

-- The seed guide's User record: firstName, lastName, age, salary.
CREATE TABLE person (
    firstname VARCHAR(64) NOT NULL,
    lastname  VARCHAR(64) NOT NULL,
    age       INTEGER,
    salary    FLOAT,
    PRIMARY KEY (firstname, lastname)
);

-- Every column type the sink writes.
CREATE TABLE all_types (
    k  BIGINT NOT NULL,
    ti TINYINT,
    si SMALLINT,
    i  INTEGER,
    f  FLOAT,
    d  DECIMAL,
    s  VARCHAR(8),
    vb VARBINARY(4),
    ts TIMESTAMP,
    PRIMARY KEY (k)
);

-- A keyed table, partitioned like a typical VoltDB table: UPSERT order and replays.
CREATE TABLE kv (
    k   VARCHAR(32) NOT NULL,
    v   BIGINT NOT NULL,
    src VARCHAR(32),
    PRIMARY KEY (k)
);
PARTITION TABLE kv ON COLUMN k;

-- No primary key: only EVENTS.insert exists, and every insert adds a row.
CREATE TABLE events (
    seq BIGINT NOT NULL,
    p   INTEGER,
    msg VARCHAR(32)
);

-- Partitioned on an integer column: the hashinator's integer path (bulk loads).
CREATE TABLE readings (
    id  INTEGER NOT NULL,
    v   BIGINT,
    at  TIMESTAMP,
    PRIMARY KEY (id)
);
PARTITION TABLE readings ON COLUMN id;
