-- The three services' databases (each brought to its schema by its pods' init container, infra/db-migrations) and
-- the Engage rate budget's (its table is created on first use). Run once, by the postgres image, on an empty data directory.
CREATE DATABASE contacts;
CREATE DATABASE transactions;
CREATE DATABASE promotions;
CREATE DATABASE engage;
