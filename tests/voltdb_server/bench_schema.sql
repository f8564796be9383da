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
