-- Schema of the test server's unique-index tests (test_server.py UniqueIndexTest).

-- Replicated: a primary key and a two-column UNIQUE constraint besides it.
CREATE TABLE U (
    ID INTEGER NOT NULL,
    A  VARCHAR(16),
    B  INTEGER,
    C  INTEGER,
    PRIMARY KEY (ID),
    UNIQUE (A, C)
);

-- Partitioned: ASSUMEUNIQUE (enforced within a partition), a named UNIQUE constraint that
-- holds the partition column, and a non-unique index.
CREATE TABLE UP (
    ID    INTEGER NOT NULL PRIMARY KEY,
    EMAIL VARCHAR(32) ASSUMEUNIQUE,
    CODE  INTEGER,
    CONSTRAINT UP_CODE UNIQUE (CODE, ID)
);
PARTITION TABLE UP ON COLUMN ID;
CREATE INDEX UP_BY_CODE ON UP (CODE);
