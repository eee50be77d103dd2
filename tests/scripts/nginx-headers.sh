#!/usr/bin/env bash
# The project's nginx config (deploy/nginx.conf, run by scripts/site-server) serves
# the name index's buckets (`data/shards/names-<n>.<hash>.txt`) as DEPLOY.md says:
# compressed (gzip, and brotli where the module is installed) and immutable, like every
# other content-named data file; a text file not named by its content is revalidated.
# It serves a scratch site (no trunk build needed) and reads the headers with curl.
set -uo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
command -v nginx >/dev/null || { echo "nginx-headers: nginx is not installed (scripts/setup installs it)" >&2; exit 1; }
# Under target/, readable by nginx's workers (which drop root; mktemp's folders are private).
mkdir -p "$repo/target"
scratch="$(mktemp -d "$repo/target/nginx-headers.XXXXXX")"
chmod 755 "$scratch"
server=""
port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
cleanup() {
  [[ -n "$server" ]] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
  rm -rf "$scratch" "$repo/target/nginx-$port"
}
trap cleanup EXIT

# Two sites as the builds lay them out, each with the policy site-server looks for.
bucket="data/shards/names-000.0123456789abcdef.txt"
for site in root sub; do
  mkdir -p "$scratch/$site/data/shards"
  echo "<!doctype html><meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'\"><title>x</title>" \
    >"$scratch/$site/index.html"
  { echo "xunzhen-names 1"; for i in $(seq 1 200); do printf 't合成%d\tf%d\n' "$i" "$i"; done; } >"$scratch/$site/$bucket"
  cp "$scratch/$site/$bucket" "$scratch/$site/data/notes.txt"
done

XZ_ROOT_DIST="$scratch/root" XZ_SUB_DIST="$scratch/sub" "$repo/scripts/site-server" "$port" \
  >"$scratch/server.log" 2>&1 &
server=$!
for _ in $(seq 1 50); do
  curl -s -o /dev/null "http://127.0.0.1:$port/" && break
  sleep 0.1
done

failures=0
# The value of header $2 in the response to $1 with Accept-Encoding $3.
header() {
  curl -s -o /dev/null -D - -H "Accept-Encoding: $3" "http://127.0.0.1:$port/$1" |
    tr -d '\r' | awk -v name="$(tr '[:upper:]' '[:lower:]' <<<"$2")" -F': ' 'tolower($1) == name { print $2 }'
}
expect() {
  local path="$1" name="$2" encoding="$3" want="$4" got
  got="$(header "$path" "$name" "$encoding")"
  if [[ "$got" == $want ]]; then
    echo "ok: /$path ($encoding): $name: $got"
  else
    echo "FAIL: /$path (Accept-Encoding: $encoding): $name is \"$got\", expected $want"
    failures=$((failures + 1))
  fi
}

for prefix in "" "xunzhen/"; do
  status="$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/$prefix$bucket")"
  [[ "$status" == 200 ]] || { echo "FAIL: /$prefix$bucket answered $status"; failures=$((failures + 1)); }
  expect "$prefix$bucket" Content-Type gzip "text/plain*"
  expect "$prefix$bucket" Cache-Control gzip "public, max-age=31536000, immutable"
  expect "$prefix$bucket" Content-Encoding gzip gzip
  if [[ -e /usr/lib/nginx/modules/ngx_http_brotli_filter_module.so ]]; then
    expect "$prefix$bucket" Content-Encoding br br
  fi
  # Not named by its content: revalidated.
  expect "${prefix}data/notes.txt" Cache-Control gzip no-cache
done
if [[ $failures -ne 0 ]]; then
  echo "nginx log:"
  sed 's/^/    /' "$scratch/server.log"
fi
[[ $failures -eq 0 ]]
