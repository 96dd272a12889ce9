#!/usr/bin/env bash
# Benchmark of `veil snapshot`: a 1 % customer subset (with every order and payment of those customers, and the
# parents they reference) of a 1,000,000-customer PostgreSQL database, masked into SQLite.
#
# usage: Benchmarks/snapshot-subset.sh SERVER_URL [VEIL_BINARY] [--keep]
#   SERVER_URL   a superuser URL without a database, e.g. postgresql://postgres@127.0.0.1:5432
#   VEIL_BINARY  default .build/release/veil (build with `swift build -c release --product veil`)
# The database veil_bench_subset is created (generate_series: 1,000,000 customers, 2,000,000 orders,
# 2,000,000 payments) and dropped at the end unless --keep is given. Prints the snapshot's wall-clock seconds.
set -euo pipefail
server=${1:?usage: $0 SERVER_URL [VEIL_BINARY] [--keep]}
veil=${2:-.build/release/veil}
keep=${3:-}
database=veil_bench_subset
work=$(mktemp -d)
trap 'rm -rf "$work"; [ "$keep" = --keep ] || psql "$server/postgres" -qc "DROP DATABASE IF EXISTS $database" >/dev/null' EXIT

if [ "$(psql "$server/postgres" -Atc "SELECT count(*) FROM pg_database WHERE datname = '$database'")" = 0 ]; then
    echo "generating $database ..." >&2
    psql "$server/postgres" -qc "CREATE DATABASE $database"
    psql "$server/$database" -q -v ON_ERROR_STOP=1 <<'SQL'
CREATE TABLE customers (
    id bigint PRIMARY KEY, email text NOT NULL, name text NOT NULL, created date NOT NULL);
INSERT INTO customers
    SELECT g, 'user' || g || '@example.com', 'Customer ' || g, date '2020-01-01' + (g % 1000)
    FROM generate_series(1, 1000000) g;
CREATE TABLE orders (
    id bigint PRIMARY KEY, customer_id bigint NOT NULL REFERENCES customers, total numeric(10,2) NOT NULL,
    shipping_address text);
INSERT INTO orders
    SELECT g, (g::bigint * 7919) % 1000000 + 1, (g % 100000) / 100.0, g || ' Main Street'
    FROM generate_series(1, 2000000) g;
CREATE TABLE payments (
    id bigint PRIMARY KEY, order_id bigint NOT NULL REFERENCES orders, amount numeric(10,2) NOT NULL,
    card_number text);
INSERT INTO payments
    SELECT g, g, (g % 100000) / 100.0, '4' || lpad(((g::bigint * 104729) % 1000000000000000)::text, 15, '0')
    FROM generate_series(1, 2000000) g;
CREATE INDEX ON orders (customer_id);
CREATE INDEX ON payments (order_id);
ANALYZE;
SQL
fi

cat > "$work/profile.yaml" <<EOF2
version: 1
source: $server/$database
keys:
  store: $work/keys
  passphrase: env:VEIL_PASSPHRASE
tables:
  customers:
    columns:
      id: keep
      email: { rule: fake.email, domain: person.email }
      name: fake.full_name
      created: { rule: shift_date, max_days: 90, by: id }
  orders:
    columns:
      id: keep
      customer_id: keep
      total: keep
      shipping_address: fake.street_address
  payments:
    columns:
      id: keep
      order_id: keep
      amount: keep
      card_number: fake.card
subset:
  customers: { percent: 1 }
subset_options:
  include_children: true
EOF2
export VEIL_PASSPHRASE="bench passphrase"
"$veil" keys init "$work/profile.yaml" >/dev/null
start=$(date +%s.%N)
quiet=--quiet
[ -n "${VEIL_BENCH_VERBOSE:-}" ] && quiet=  # VEIL_BENCH_VERBOSE=1: per-table progress lines
"$veil" snapshot "$work/profile.yaml" --out "$work/subset.sqlite" $quiet
end=$(date +%s.%N)
for table in customers orders payments; do
    printf '%s: %s rows\n' "$table" "$(sqlite3 "$work/subset.sqlite" "SELECT count(*) FROM $table")"
done
printf 'foreign_key_check: %s problems\n' "$(sqlite3 "$work/subset.sqlite" 'PRAGMA foreign_key_check' | wc -l)"
printf 'snapshot seconds: %.2f\n' "$(echo "$end - $start" | bc)"
