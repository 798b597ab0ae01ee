#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# bench-ask: `mimo-chat --ask … --json` reading a 65,536-token stream from
# the loopback test server, against `curl -N` reading the same stream.
# Prints figures; never fails on timing. Built into build/tests/bench-ask,
# run by `build-aux/dev bench`.
#
#   MIMO_BENCH_TOKENS  tokens in the stream (65536)
#   MIMO_BENCH_RATE    tokens a second for the paced run (20000)
#   MIMO_BENCH_RUNS    runs of each as fast as possible, the median is shown (5)
#   MIMO_BENCH_PACED_RUNS  likewise for the paced stream (3)

set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
builddir=${MIMO_BUILDDIR:-$(dirname "$here")}
server=$builddir/tests/mimo-test-server
chat=$builddir/src/mimo-chat
tokens=${MIMO_BENCH_TOKENS:-65536}
rate=${MIMO_BENCH_RATE:-20000}
runs=${MIMO_BENCH_RUNS:-5}
paced_runs=${MIMO_BENCH_PACED_RUNS:-3}
key=sk-empiriolabs-bench-0000

if ! command -v curl >/dev/null; then
  echo "bench-ask: curl is not installed; nothing to compare with"
  exit 0
fi

tmp=$(mktemp -d)
server_pid=
cleanup () {
  [ -z "$server_pid" ] || kill "$server_pid" 2>/dev/null || true
  [ -z "$server_pid" ] || wait "$server_pid" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

"$server" --key "$key" >"$tmp/url" &
server_pid=$!
for _ in $(seq 100); do
  [ -s "$tmp/url" ] && break
  sleep 0.05
done
url=$(head -n1 "$tmp/url")

now_ns () { date +%s%N; }

# The body mimo-chat sends, near enough: the stream depends on the marker only.
run_curl () {
  local marker=$1
  curl -sSN -o "$tmp/curl.out" \
    -H "Authorization: Bearer $key" -H 'Content-Type: application/json' -H 'Accept: text/event-stream' \
    -d "{\"model\":\"mimo-v2-flash\",\"messages\":[{\"role\":\"user\",\"content\":\"$marker\"}],\"stream\":true,\"stream_options\":{\"include_usage\":true}}" \
    "$url/chat/completions"
}

run_mimo () {
  local marker=$1
  EMPIRIOLABS_API_KEY=$key MIMO_BASE_URL=$url "$chat" --ask "$marker" --json --no-thinking >"$tmp/mimo.out"
}

# median_ms CMD MARKER: the median wall time of $runs runs, in ms.
median_ms () {
  local cmd=$1 marker=$2 i start end
  local -a times=()
  for ((i = 0; i < runs; i++)); do
    start=$(now_ns)
    "$cmd" "$marker"
    end=$(now_ns)
    times+=($(((end - start) / 1000)))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{ a[NR] = $1 } END { printf "%.1f", a[int((NR + 1) / 2)] / 1000 }'
}

check_answer () {
  grep -q '"status":"complete"' "$tmp/mimo.out" &&
    grep -q "\"completion_tokens\":$tokens," "$tmp/mimo.out" ||
    { echo "bench-ask: mimo-chat did not read the whole stream:"; head -c 300 "$tmp/mimo.out"; echo; exit 1; }
}

burst="[[mimo-test:bench $tokens]]"
paced="[[mimo-test:bench $tokens $rate]]"

# Warm the page cache and the server, and check the answer is whole.
run_curl "$burst"
run_mimo "$burst"
check_answer
stream_bytes=$(wc -c <"$tmp/curl.out")

echo "mimo-chat --ask --json against curl -N, $tokens tokens ($((stream_bytes / 1024)) KiB of SSE) on loopback, median of $runs"

curl_ms=$(median_ms run_curl "$burst")
mimo_ms=$(median_ms run_mimo "$burst")
check_answer
awk -v c="$curl_ms" -v m="$mimo_ms" -v n="$tokens" 'BEGIN {
  printf "  %-34s curl %8.1f ms   mimo-chat %8.1f ms   ratio %5.2fx\n", "as fast as loopback goes:", c, m, m / c
  printf "  %-34s %.1f us a token (about %d tokens a second)\n", "mimo-chat time beyond curl:", (m - c) * 1000 / n, n / ((m - c) / 1000)
}'

runs=$paced_runs
curl_ms=$(median_ms run_curl "$paced")
mimo_ms=$(median_ms run_mimo "$paced")
check_answer
awk -v c="$curl_ms" -v m="$mimo_ms" -v r="$rate" 'BEGIN {
  printf "  %-34s curl %8.1f ms   mimo-chat %8.1f ms   ratio %5.2fx (target <= 1.1x)\n", "paced at " r " tokens a second:", c, m, m / c
}'
