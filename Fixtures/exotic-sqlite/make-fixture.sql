-- A SQLite database of the features SQLite has and PostgreSQL does not, built with the sqlite3 shell:
--   sqlite3 exotic.sqlite < make-fixture.sql
-- STRICT and WITHOUT ROWID tables, untyped and oddly typed columns holding other storage classes, ±inf, blobs,
-- integers past 2^53, generated columns (VIRTUAL and STORED), CHECK, ON DELETE CASCADE, DEFERRABLE, partial and
-- expression indexes, a view, a trigger, an AUTOINCREMENT counter past the largest id, quoted and unicode names.
-- Synthetic data only.
PRAGMA foreign_keys = ON;

CREATE TABLE "Kunden ü" (
    id INTEGER PRIMARY KEY,
    "E-Mail" TEXT NOT NULL CHECK ("E-Mail" LIKE '%@%'),
    anything,
    notes TEXT,
    amount NUMERIC,
    score REAL,
    big INTEGER,
    odd "VARCHAR(3) WITH TIME ZONE",
    flag BOOLEAN,
    email_lower TEXT GENERATED ALWAYS AS (lower("E-Mail")) VIRTUAL,
    big_next INTEGER GENERATED ALWAYS AS (big + 1) STORED
);

CREATE TABLE orders (
    order_id INTEGER NOT NULL,
    line INTEGER NOT NULL,
    kunde INTEGER REFERENCES "Kunden ü" (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    total REAL NOT NULL CHECK (total >= 0),
    PRIMARY KEY (order_id, line)
) WITHOUT ROWID;

CREATE TABLE measures (
    id INTEGER PRIMARY KEY,
    value REAL,
    label TEXT,
    raw BLOB,
    n INT,
    anyv ANY
) STRICT;

CREATE TABLE "tab""quote" (
    "名前" TEXT,
    "wert 2" INT
);

INSERT INTO "Kunden ü" (id, "E-Mail", anything, notes, amount, score, big, odd, flag) VALUES
    (1, 'Ada.Lovelace@example.com', 1, 'hello', 10, 1e999, 9007199254740993, 'abc', 1),
    (2, 'Bob@example.org', 9007199254740993, X'04', 10.5, -1e999, 9223372036854775807, 123, 0),
    (3, 'carol@example.net', -9223372036854775808, X'00FF10', 'abc', 0.1, -9223372036854775808, X'0102', 'yes'),
    (4, 'dave@example.com', 1.5, 'Infinity', X'00', 2.5e-300, 1.5, 4.25, 't'),
    (5, 'erin@example.com', 1e999, '\x41', 1e999, 1e300, '12345678901234567', NULL, 'false'),
    (6, 'frank@example.com', -1e999, '', '9223372036854775807', NULL, NULL, '', NULL),
    (7, 'grace@example.com', 'text', NULL, '1e999', 123456789.125, 42, 'x''y', 2),
    (8, 'heidi@example.com', X'0400FF', '42', -0.5, 3.0, 0, 'Infinity', 1.5),
    (9, 'ivan@example.com', '\x41', 'line
break', 2e20, 5.0, 1, '日本', 'on'),
    (10, 'judy@example.com', '42', 'ünïcode', 1.0, -2.0, 2, X'', X'01');

INSERT INTO orders VALUES
    (1, 1, 1, 10.5), (1, 2, 1, 250), (2, 1, 2, 1e999), (3, 1, 3, 0), (4, 1, NULL, 99.99), (5, 1, 10, 1000);

INSERT INTO measures VALUES
    (1, 1e999, 'inf', X'04', 0, '42'),
    (2, -1e999, '-inf', X'', 9007199254740993, 42),
    (3, 0.1, 'Infinity', X'DEADBEEF', -9223372036854775808, X'04'),
    (4, NULL, NULL, NULL, NULL, 1.0),
    (5, 1e-300, '', X'00', 9223372036854775807, 'text');

CREATE TABLE tickets (id INTEGER PRIMARY KEY AUTOINCREMENT, title TEXT);
INSERT INTO tickets (title) VALUES ('a'), ('b'), ('c'), ('d');
DELETE FROM tickets WHERE id >= 3;

INSERT INTO "tab""quote" VALUES ('山田', 1), ('O''Brien', X'04'), (NULL, 'zwei');

CREATE INDEX orders_big ON orders (total) WHERE total > 100;
CREATE INDEX "Kunden ü lower" ON "Kunden ü" (lower(notes));
CREATE UNIQUE INDEX measures_label ON measures (label) WHERE label IS NOT NULL AND label <> '';
CREATE VIEW big_orders AS SELECT order_id, line, total FROM orders WHERE total > 100;
CREATE TRIGGER orders_counted AFTER INSERT ON orders BEGIN
    UPDATE measures SET n = n + 1 WHERE id = 1;
END;
