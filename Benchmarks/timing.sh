# Timing helpers the benchmark scripts share (sourced, not run).

# seconds CMD...: runs CMD (its standard output discarded) and prints its wall-clock seconds; fails when CMD does.
seconds() {
    local start end
    start=$(date +%s.%N)
    "$@" >/dev/null
    end=$(date +%s.%N)
    echo "$end - $start" | bc
}

# median VALUE...: the median of the values (the mean of the middle two for an even count).
median() {
    printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
