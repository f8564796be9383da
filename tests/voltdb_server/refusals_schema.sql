-- Tables whose rows VoltDB may refuse for what ksink cannot check before sending: the tests of
-- THROW across VoltDB partitions (tests/integration/voltdb_throw_order_test.cpp,
-- docs/voltdb-sink.md "Order and replays"; USERS, NAMES and LOG, partitioned on K) and of a full
-- table (tests/integration/voltdb_faults_test.cpp; CAPPED).

-- Keyed by K, with an e-mail unique too: an UPSERT may meet another row's e-mail. VoltDB wants
-- the partition column in every UNIQUE index of a partitioned table; ASSUMEUNIQUE is its way
-- around that, enforced within each partition.
CREATE TABLE users (
    k     VARCHAR(32) NOT NULL,
    email VARCHAR(64),
    v     BIGINT,
    PRIMARY KEY (k),
    CONSTRAINT users_email ASSUMEUNIQUE (email)
);
PARTITION TABLE users ON COLUMN k;

-- No unique index but the key's: only a name longer than 8 bytes is refused, and the catalog
-- does not tell VARCHAR(8 BYTES) from VARCHAR(8).
CREATE TABLE names (
    k    VARCHAR(32) NOT NULL,
    name VARCHAR(8 BYTES),
    PRIMARY KEY (k)
);
PARTITION TABLE names ON COLUMN k;

-- No primary key (no LOG.delete) but a unique (K, SEQ): an INSERT may be refused.
CREATE TABLE log (
    k   VARCHAR(32) NOT NULL,
    seq BIGINT NOT NULL,
    UNIQUE (k, seq)
);
PARTITION TABLE log ON COLUMN k;

-- At most 3 rows (replicated: 3 in all): a full table refuses every new row
-- ("Table CAPPED exceeds table maximum row count 3") until rows are deleted.
CREATE TABLE capped (
    k VARCHAR(32) NOT NULL,
    v BIGINT,
    PRIMARY KEY (k),
    CONSTRAINT capped_rows LIMIT PARTITION ROWS 3
);
