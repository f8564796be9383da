-- The table of bench/voltdb-throughput.sh: one row per benchmark record.
CREATE TABLE bench (
    id     BIGINT NOT NULL,
    name   VARCHAR(32),
    age    INTEGER,
    salary FLOAT,
    ts     TIMESTAMP,
    PRIMARY KEY (id)
);
PARTITION TABLE bench ON COLUMN id;

-- The same with its names unique too (the benchmark's names are): an UPSERT may meet another
-- row's name, so under THROW its rows wait for each other across VoltDB partitions
-- (bench/voltdb-throughput.sh --kcql 'UPSERT INTO bench_unique SELECT * FROM bench').
CREATE TABLE bench_unique (
    id     BIGINT NOT NULL,
    name   VARCHAR(32),
    age    INTEGER,
    salary FLOAT,
    ts     TIMESTAMP,
    PRIMARY KEY (id),
    CONSTRAINT bench_unique_name ASSUMEUNIQUE (name)
);
PARTITION TABLE bench_unique ON COLUMN id;
