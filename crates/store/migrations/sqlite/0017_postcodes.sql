-- Postcodes and where they are, imported from a postcode directory (the
-- ONS Postcode Directory or a file of the same columns) by
-- `roots postcodes import`: for searching the directory by distance, and
-- later for the deprivation of the areas people live in. Reference data:
-- no personal data.
CREATE TABLE postcodes (
    postcode   TEXT PRIMARY KEY,
    latitude   REAL NOT NULL,
    longitude  REAL NOT NULL,
    country    TEXT,
    district   TEXT,
    lsoa       TEXT,
    imd_rank   INTEGER
);
