-- Schema for the VoltDB protocol test server (and its own tests).
-- Unquoted names are upper-cased, as VoltDB does.

-- The seed guide's example table (replicated, composite primary key).
CREATE TABLE person (
    firstname VARCHAR(64) NOT NULL,
    lastname  VARCHAR(64) NOT NULL,
    age       INTEGER,
    salary    FLOAT,
    PRIMARY KEY (firstname, lastname)
);

-- The table of the real-server observations (docs/voltdb-protocol.md section 13).
CREATE TABLE T (
    ID   INTEGER NOT NULL,
    NAME VARCHAR(32),
    V    FLOAT,
    PRIMARY KEY (ID)
);
PARTITION TABLE T ON COLUMN ID;

-- Every column type (docs/voltdb-protocol.md section 13.4 / 13.5); replicated, so no R.select.
CREATE TABLE R (
    K  BIGINT NOT NULL,
    TS TIMESTAMP,
    D  DECIMAL,
    VB VARBINARY(16),
    TI TINYINT,
    SI SMALLINT,
    S  VARCHAR(8) DEFAULT 'dflt',
    PRIMARY KEY (K)
);

-- A partitioned copy of R, so that RP.select can return a stored row.
CREATE TABLE RP (
    K  BIGINT NOT NULL PRIMARY KEY,
    TS TIMESTAMP,
    D  DECIMAL,
    VB VARBINARY(16),
    TI TINYINT,
    SI SMALLINT,
    S  VARCHAR(8 BYTES)
);
PARTITION TABLE RP ON COLUMN K;

-- No primary key: only NOPK.insert exists.
CREATE TABLE NOPK (
    A INTEGER,
    B VARCHAR(10)
);
