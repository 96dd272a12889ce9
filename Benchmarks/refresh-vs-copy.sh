#!/usr/bin/env bash
# Benchmark of `veil refresh` against a plain copy of the same database, side by side on one server.
#
# usage: Benchmarks/refresh-vs-copy.sh SERVER_URL SCALE [ROUNDS] [VEIL_BINARY] [--keep]
#   SERVER_URL   a superuser URL without a database, e.g. postgresql://postgres@127.0.0.1:5432
#   SCALE        customers: 200000 or 1000000 (the issue's two scales); each has 3 orders and 3 payments
#   ROUNDS       rounds of (plain copy, veil refresh), alternately; default 3
#   VEIL_BINARY  default .build/release/veil (build with `swift build -c release --product veil`)
#
# The source database veil_bench_refresh_SCALE is generated once (generate_series) and kept for the next run when
# --keep is given: customers with ten masked columns (first and last name, email, phone, SSN, street, postcode,
# city, card, IBAN), orders and payments with one each, primary keys, a unique email, foreign keys and secondary
# indexes. The plain copy is what a platform team would script without masking: pre-data DDL, then per table
# `COPY ... TO STDOUT | COPY ... FROM STDIN`, then post-data, into a fresh database. `veil refresh --jobs 2` runs a
# profile that masks those eleven columns and keeps the rest, with `leak_check` left at its default (`fail`), as the
# bundled profiles have it. After each timed copy its tables are vacuumed and analyzed, untimed, so that autovacuum
# does not do it during the next timed run. Prints every round's seconds, both medians, their ratio and the load
# average.
set -euo pipefail
source "$(dirname "$0")/timing.sh"
server=${1:?usage: $0 SERVER_URL SCALE [ROUNDS] [VEIL_BINARY] [--keep]}
scale=${2:?usage: $0 SERVER_URL SCALE [ROUNDS] [VEIL_BINARY] [--keep]}
rounds=${3:-3}
veil=${4:-.build/release/veil}
keep=${5:-}
[[ $scale =~ ^[0-9]+$ ]] || { echo "SCALE must be a number of customers" >&2; exit 64; }
[ -x "$veil" ] || { echo "no veil binary at $veil (swift build -c release --product veil)" >&2; exit 66; }
source_db=veil_bench_refresh_$scale
copy_db=veil_bench_plain_copy
staging_db=veil_bench_staging
work=$(mktemp -d)
admin() { PGOPTIONS='-c client_min_messages=warning' psql "$server/postgres" -X -q -v ON_ERROR_STOP=1 "$@"; }
cleanup() {
    rm -rf "$work"
    for database in "$copy_db" "$staging_db" "${staging_db}__veil_next" "${staging_db}__veil_old"; do
        admin -c "DROP DATABASE IF EXISTS \"$database\" WITH (FORCE)" >/dev/null 2>&1 || true
    done
    [ "$keep" = --keep ] || admin -c "DROP DATABASE IF EXISTS $source_db WITH (FORCE)" >/dev/null 2>&1 || true
}
trap cleanup EXIT

if [ "$(psql "$server/postgres" -XAtc "SELECT count(*) FROM pg_database WHERE datname = '$source_db'")" = 0 ]; then
    echo "generating $source_db ($scale customers, $((scale * 3)) orders, $((scale * 3)) payments) ..." >&2
    admin -c "CREATE DATABASE $source_db"
    psql "$server/$source_db" -X -q -v ON_ERROR_STOP=1 -v scale="$scale" <<'SQL'
CREATE TABLE customers (
    id bigint PRIMARY KEY,
    first_name text NOT NULL,
    last_name text NOT NULL,
    email text NOT NULL UNIQUE,
    phone text,
    ssn text,
    street text,
    postcode text,
    city text,
    card_number text,
    iban text,
    tier integer NOT NULL,
    created date NOT NULL);
INSERT INTO customers
    SELECT g,
           (ARRAY['Anna','Boris','Chloe','Dmitri','Elena','Farid','Grace','Hiro'])[g % 8 + 1],
           (ARRAY['Lindqvist','Petrov','Moreau','Okafor','Santos','Nakamura','Weber','Haddad'])[g % 8 + 1] || g,
           'customer' || g || '@example.org',
           '+1 415 ' || lpad((g % 10000000)::text, 7, '0'),
           lpad((g % 900 + 100)::text, 3, '0') || '-' || lpad((g % 90 + 10)::text, 2, '0') || '-'
               || lpad((g % 9000 + 1000)::text, 4, '0'),
           (g % 9999 + 1) || ' Main Street',
           lpad((g % 99999)::text, 5, '0'),
           (ARRAY['Springfield','Riverton','Lakeside','Hillview'])[g % 4 + 1],
           '4' || lpad(((g::bigint * 104729) % 1000000000000000)::text, 15, '0'),
           'DE' || lpad((g % 97 + 2)::text, 2, '0') || lpad(((g::bigint * 7919) % 1000000000000000000)::text, 18, '0'),
           g % 4,
           date '2020-01-01' + (g % 1500)
    FROM generate_series(1, :scale) g;
CREATE TABLE orders (
    id bigint PRIMARY KEY,
    customer_id bigint NOT NULL REFERENCES customers,
    total numeric(10,2) NOT NULL,
    shipping_address text,
    created timestamptz NOT NULL);
INSERT INTO orders
    SELECT g, (g - 1) / 3 + 1, (g % 100000) / 100.0, (g % 9999 + 1) || ' Harbour Road',
           timestamptz '2021-01-01 00:00+00' + (g % 100000) * interval '1 minute'
    FROM generate_series(1, :scale * 3) g;
CREATE TABLE payments (
    id bigint PRIMARY KEY,
    order_id bigint NOT NULL REFERENCES orders,
    amount numeric(10,2) NOT NULL,
    card_number text,
    paid timestamptz NOT NULL);
INSERT INTO payments
    SELECT g, g, (g % 100000) / 100.0, '5' || lpad(((g::bigint * 15485863) % 1000000000000000)::text, 15, '0'),
           timestamptz '2021-01-02 00:00+00' + (g % 100000) * interval '1 minute'
    FROM generate_series(1, :scale * 3) g;
CREATE INDEX customers_last_name_idx ON customers (last_name);
CREATE INDEX orders_customer_id_idx ON orders (customer_id);
CREATE INDEX payments_order_id_idx ON payments (order_id);
CREATE INDEX orders_created_idx ON orders (created);
VACUUM ANALYZE;
SQL
fi

cat > "$work/profile.yaml" <<EOF
version: 1
source: $server/$source_db
target: $server/$staging_db
keys:
  store: $work/keys
  passphrase: env:VEIL_PASSPHRASE
tables:
  customers:
    columns:
      id: keep
      first_name: fake.first_name
      last_name: fake.last_name
      email: email
      phone: { rule: fpe, keep_prefix: 2 }
      ssn: { rule: fpe, domain: ssn }
      street: fake.street_address
      postcode: fake.postcode
      city: fake.city
      card_number: card
      iban: iban
      tier: keep
      created: keep
  orders:
    columns:
      id: keep
      customer_id: keep
      total: keep
      shipping_address: fake.street_address
      created: keep
  payments:
    columns:
      id: keep
      order_id: keep
      amount: keep
      card_number: card
      paid: keep
EOF
export VEIL_PASSPHRASE="bench passphrase"
"$veil" keys init "$work/profile.yaml" >/dev/null

# The plain copy: pre-data, each table's rows through a pipe, post-data, into a fresh database.
plain_copy() {
    admin -c "DROP DATABASE IF EXISTS $copy_db WITH (FORCE)" -c "CREATE DATABASE $copy_db"
    pg_dump --section=pre-data -d "$server/$source_db" | psql "$server/$copy_db" -X -q -v ON_ERROR_STOP=1 >/dev/null
    for table in customers orders payments; do
        psql "$server/$source_db" -X -q -c "COPY public.$table TO STDOUT" \
            | psql "$server/$copy_db" -X -q -v ON_ERROR_STOP=1 -c "COPY public.$table FROM STDIN"
    done
    pg_dump --section=post-data -d "$server/$source_db" | psql "$server/$copy_db" -X -q -v ON_ERROR_STOP=1 >/dev/null
}

refresh() {
    "$veil" refresh "$work/profile.yaml" --jobs 2 --quiet --report "$work/report.json"
}

# settle DATABASE: after a timed copy, untimed: the server's autovacuum would VACUUM ANALYZE the copy's freshly
# loaded tables (about 15 s of CPU at 1,000,000 customers) a minute later, in the middle of the other side's timed
# run. Doing it now, and a checkpoint, starts every timed run on a quiet server.
settle() {
    psql "$server/$1" -X -q -c "VACUUM ANALYZE" && admin -c "CHECKPOINT"
}

copies=() refreshes=()
for round in $(seq 1 "$rounds"); do
    copy=$(seconds plain_copy)
    settle "$copy_db"
    fresh=$(seconds refresh)
    settle "$staging_db"
    copies+=("$copy") refreshes+=("$fresh")
    printf 'round %d: plain copy %.2f s, veil refresh %.2f s, load %s\n' "$round" "$copy" "$fresh" \
        "$(cut -d' ' -f1-3 /proc/loadavg)"
done

# The two copies hold the same rows: counts per table.
for table in customers orders payments; do
    a=$(psql "$server/$copy_db" -XAtc "SELECT count(*) FROM $table")
    b=$(psql "$server/$staging_db" -XAtc "SELECT count(*) FROM $table")
    [ "$a" = "$b" ] || { echo "$table: the plain copy has $a rows, staging $b" >&2; exit 1; }
done
copy_median=$(median "${copies[@]}")
refresh_median=$(median "${refreshes[@]}")
printf 'scale %d: plain copy median %.2f s, veil refresh median %.2f s, ratio %.2fx (%d rounds; %d cores; load %s)\n' \
    "$scale" "$copy_median" "$refresh_median" "$(echo "$refresh_median / $copy_median" | bc -l)" "$rounds" \
    "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)"
