#!/usr/bin/env bash
# Benchmark of the leak check: what `leak_check: fail` adds to a full `veil run` of a large plain dump.
#
# usage: Benchmarks/leak-check.sh SERVER_URL [VEIL_BINARY] [CUSTOMERS] [RUNS]
#   SERVER_URL   a superuser URL without a database, e.g. postgresql://postgres@127.0.0.1:5432
#   VEIL_BINARY  default .build/release/veil (build with `swift build -c release --product veil`)
#   CUSTOMERS    default 500000 (orders: twice as many)
#   RUNS         default 3: each run is timed with the check off and on, alternately
# The database veil_bench_leak is generated (customers with email, name, SSN, phone, card, address and a free-text
# note; orders with a masked address and a kept comment), dumped with pg_dump to a temporary file, and dropped.
# Prints each run's wall-clock seconds, the report's own leak-check seconds, and the median overhead.
set -euo pipefail
source "$(dirname "$0")/timing.sh"
server=${1:?usage: $0 SERVER_URL [VEIL_BINARY] [CUSTOMERS] [RUNS]}
veil=$(realpath "${2:-.build/release/veil}")
customers=${3:-500000}
runs=${4:-3}
database=veil_bench_leak
work=$(mktemp -d)
trap 'rm -rf "$work"; psql "$server/postgres" -qc "DROP DATABASE IF EXISTS $database" >/dev/null' EXIT

echo "generating $database ($customers customers) ..." >&2
psql "$server/postgres" -qc "DROP DATABASE IF EXISTS $database" -qc "CREATE DATABASE $database"
psql "$server/$database" -q -v ON_ERROR_STOP=1 -v customers="$customers" <<'SQL'
CREATE TABLE customers (
    id bigint PRIMARY KEY, email text NOT NULL, full_name text NOT NULL, ssn text, phone text,
    card_number text, street_address text, city text, note text, created date NOT NULL);
INSERT INTO customers
    SELECT g, 'user' || g || '@example.com', 'Customer Number ' || g,
        lpad((100 + g % 800)::text, 3, '0') || '-' || lpad((10 + g % 89)::text, 2, '0') || '-'
            || lpad((g % 10000)::text, 4, '0'),
        '+1 555 ' || lpad((g % 10000000)::text, 7, '0'),
        '4' || lpad(((g::bigint * 104729) % 1000000000000000)::text, 15, '0'),
        g || ' Main Street', 'Springfield',
        'Called on ' || (date '2024-01-01' + g % 365) || ' about order ' || g || ', asked to change the delivery day.',
        date '2020-01-01' + (g % 1000)
    FROM generate_series(1, :customers) g;
CREATE TABLE orders (
    id bigint PRIMARY KEY, customer_id bigint NOT NULL REFERENCES customers, total numeric(10,2) NOT NULL,
    shipping_address text, comment text);
INSERT INTO orders
    SELECT g, (g::bigint * 7919) % :customers + 1, (g % 100000) / 100.0, g || ' Harbour Road',
        'Leave the parcel at the back door, ring twice. Order ' || g
    FROM generate_series(1, 2 * :customers) g;
SQL
pg_dump --no-owner "$server/$database" > "$work/source.sql"
echo "dump: $(du -h "$work/source.sql" | cut -f1)" >&2

write_profile() {
    cat > "$work/profile-$1.yaml" <<EOF
version: 1
source: $work/source.sql
target: $work/masked-$1.sql
keys:
  store: $work/keys
  passphrase: env:VEIL_PASSPHRASE
leak_check: $1
tables:
  customers:
    columns:
      id: keep
      email: { rule: fake.email, unique: true }
      full_name: fake.full_name
      ssn: { rule: fpe, domain: ssn }
      phone: { rule: fpe, keep_prefix: 3 }
      card_number: card
      street_address: fake.street_address
      city: fake.city
      note: scrub
      created: { rule: shift_date, max_days: 90, by: id }
  orders:
    columns:
      id: keep
      customer_id: keep
      total: keep
      shipping_address: fake.street_address
      comment: keep
EOF
}
write_profile off
write_profile fail
export VEIL_PASSPHRASE="bench passphrase"
"$veil" keys init "$work/profile-off.yaml" >/dev/null

off=()
on=()
for run in $(seq "$runs"); do
    for mode in off fail; do
        seconds=$(seconds "$veil" run "$work/profile-$mode.yaml" --quiet --report "$work/report-$mode.json")
        check=$(sed -n 's/.*"leakCheckSeconds" : \([0-9.e-]*\).*/\1/p' "$work/report-$mode.json")
        leaks=$(sed -n 's/.*"leaksFound" : \([0-9]*\).*/\1/p' "$work/report-$mode.json")
        printf 'run %d, leak_check %-4s: %6.2f s%s\n' "$run" "$mode" "$seconds" \
            "${check:+ (check $(printf '%.2f' "$check") s, leaks ${leaks:-0})}"
        if [ "$mode" = off ]; then off+=("$seconds"); else on+=("$seconds"); fi
    done
done
off_median=$(median "${off[@]}")
on_median=$(median "${on[@]}")
printf 'median: off %.2f s, fail %.2f s, leak check adds %.1f %%\n' "$off_median" "$on_median" \
    "$(echo "($on_median - $off_median) * 100 / $off_median" | bc -l)"
