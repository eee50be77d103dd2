#!/usr/bin/env bash
# scripts/fuzz must fail when a target does not build and when libFuzzer leaves
# any artifact (crash-, oom-, timeout-, leak-), and pass when every target runs clean.
# It runs a copy of the script in a scratch folder with a stand-in `cargo` that plays
# each outcome, so no fuzzer is built or run (a second or so).
set -uo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

root="$scratch/repo"
mkdir -p "$root/scripts" "$root/fuzz" "$root/data/boundaries/detail" "$root/tests/fixtures/journey" "$scratch/bin" "$scratch/home"
cp "$repo/scripts/fuzz" "$repo/scripts/setup" "$root/scripts/"
touch "$root/tests/fixtures/journey/facilities.csv" "$root/data/boundaries/detail/500000.xzb"

# The stand-in: `cargo run … build --out DIR/facilities.xzd` writes a published folder;
# `cargo fuzz run TARGET` does what FAKE_FUZZ says for that target:
#   FAKE_FUZZ="decode=no-build names=oom-"  (no-build, or an artifact prefix to leave;
#   seed=no-build: the seed dataset does not build).
cat >"$scratch/bin/cargo" <<'FAKE'
#!/usr/bin/env bash
if [[ "$1 $2" == "fuzz --version" ]]; then echo "cargo-fuzz 0.13.2"; exit 0; fi
if [[ "$1" == "run" ]]; then
  [[ " ${FAKE_FUZZ:-} " == *" seed=no-build "* ]] && { echo "error: could not compile \`datakit\`" >&2; exit 101; }
  out=""
  while [[ $# -gt 0 ]]; do [[ "$1" == "--out" ]] && out="$2"; shift; done
  dir="$(dirname "$out")"
  mkdir -p "$dir/shards"
  touch "$dir/facilities.0123456789abcdef.xzd" "$dir/manifest.json" \
    "$dir/shards/clusters-z5.0123456789abcdef.json" "$dir/shards/names-000.0123456789abcdef.txt"
  exit 0
fi
if [[ "$1 $2" == "fuzz run" ]]; then
  target="$3"
  for rule in ${FAKE_FUZZ:-}; do
    [[ "${rule%%=*}" == "$target" ]] || continue
    case "${rule#*=}" in
      no-build) echo "error: could not compile \`engine\`"; echo "Error: no $target binary" >&2; exit 101 ;;
      *) mkdir -p "artifacts/$target"; echo "==1== ERROR: libFuzzer: ${rule#*=}"
         touch "artifacts/$target/${rule#*=}da39a3ee5e6b4b0d3255bfef95601890afd80709"; exit 0 ;;
    esac
  done
  echo "Done 1000 runs in 1 second(s)"; echo "stat::number_of_executed_units: 1000"
  exit 0
fi
echo "stand-in cargo: unexpected arguments: $*" >&2
exit 2
FAKE
chmod +x "$scratch/bin/cargo"

failures=0
# Runs the copy with FAKE_FUZZ=$2; expects exit status zero ("pass") or not ("fail"),
# and, when failing, the message to name $3.
expect() {
  local want="$1" fake="$2" named="${3:-}"
  rm -rf "$root/fuzz/artifacts"
  local output status
  output="$(cd "$root" && HOME="$scratch/home" PATH="$scratch/bin:$PATH" FAKE_FUZZ="$fake" \
    bash scripts/fuzz 1 2>&1)"
  status=$?
  if [[ "$want" == pass && $status -ne 0 ]] || [[ "$want" == fail && $status -eq 0 ]]; then
    echo "FAIL: FAKE_FUZZ=\"$fake\": expected the script to $want, it exited $status:"
    echo "$output" | sed 's/^/    /'
    failures=$((failures + 1))
  elif [[ "$want" == fail && -n "$named" && "$output" != *"$named"* ]]; then
    echo "FAIL: FAKE_FUZZ=\"$fake\": the failure does not name \"$named\":"
    echo "$output" | sed 's/^/    /'
    failures=$((failures + 1))
  else
    echo "ok: FAKE_FUZZ=\"$fake\" → $want"
  fi
}

expect pass ""
expect fail "seed=no-build" "seed corpus"
expect fail "decode=no-build" "decode"
expect fail "manifest=crash-" "artifacts/manifest/crash-"
expect fail "names=oom-" "artifacts/names/oom-"
expect fail "summary=timeout-" "artifacts/summary/timeout-"
expect fail "boundaries=leak-" "artifacts/boundaries/leak-"
# A failure early does not stop the later targets from being fuzzed and judged.
expect fail "decode=no-build boundaries=oom-" "artifacts/boundaries/oom-"

[[ $failures -eq 0 ]]
