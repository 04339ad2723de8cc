#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan) and runs each for a bounded time,
# seeded from the corpus (../shared/corpus) and tests/data.
#
#   tests/fuzz/run_fuzzers.sh [SECONDS_PER_TARGET]     (default 120)
#
# Exits non-zero when a target finds a crash, a leak, a hang or undefined behaviour; the input
# that did it is left in build-fuzz/findings/.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds="${1:-120}"
build=build-fuzz
corpus="${HEAPLINE_CORPUS_DIR:-../shared/corpus}"

command -v clang++ >/dev/null || { echo "run_fuzzers.sh: clang++ is needed (apt-get install clang)" >&2; exit 2; }
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
    -DHEAPLINE_FUZZ=ON -DHEAPLINE_BUILD_GUI=OFF -DHEAPLINE_BUILD_TESTS=OFF >/dev/null
cmake --build "$build" --parallel "$(nproc)" --target fuzz_heaptrack fuzz_massif fuzz_heapline fuzz_timespec

# Seeds: small files, decompressed, so that mutations reach the parsers rather than zstd's checks.
seeds="$build/seeds"
rm -rf "$seeds"
mkdir -p "$seeds"/{heaptrack,massif,heapline,timespec} "$build/findings"
for f in tests/data/heaptrack.* "$corpus"/recorded/heaptrack.phases*.zst "$corpus"/external/heaptrack.david*; do
    [ -f "$f" ] || continue
    case "$f" in
    *.zst) (zstd -dc "$f" 2>/dev/null || true) | head -c 200000 >"$seeds/heaptrack/$(basename "$f").txt" ;;
    *.gz) (gzip -dc "$f" 2>/dev/null || true) | head -c 200000 >"$seeds/heaptrack/$(basename "$f").txt" ;;
    *) head -c 200000 "$f" >"$seeds/heaptrack/$(basename "$f")" ;;
    esac
done
for f in "$corpus"/recorded/massif.out.phases* "$corpus"/external/massif.out.{32406,stack,kate3}; do
    [ -f "$f" ] && head -c 200000 "$f" >"$seeds/massif/$(basename "$f")"
done
cp tests/data/*.heapline "$seeds/heapline/"
printf '%s\n' 12.5s 800ms 40% peak start end '#3' mark:warm 2.5G 1e308s -0s 'mark:' >"$seeds/timespec/list"
i=0
while read -r spec; do printf '%s' "$spec" >"$seeds/timespec/$i"; i=$((i + 1)); done <"$seeds/timespec/list"
rm "$seeds/timespec/list"

status=0
for target in heaptrack massif heapline timespec; do
    echo "==> fuzz_$target for ${seconds}s"
    work="$build/work-$target"
    mkdir -p "$work"
    dict=()
    [ -f "tests/fuzz/dict/$target.dict" ] && dict=(-dict="tests/fuzz/dict/$target.dict")
    if ! ASAN_OPTIONS=detect_leaks=1 "$build/tests/fuzz/fuzz_$target" "$work" "$seeds/$target" "${dict[@]}" \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=262144 \
        -artifact_prefix="$build/findings/$target-" -print_final_stats=1 2>"$build/fuzz_$target.log"; then
        echo "fuzz_$target found a problem: see $build/fuzz_$target.log and $build/findings/" >&2
        tail -40 "$build/fuzz_$target.log" >&2
        status=1
    else
        grep -E "stat::number_of_executed_units|cov:" "$build/fuzz_$target.log" | tail -2
    fi
done
exit $status
