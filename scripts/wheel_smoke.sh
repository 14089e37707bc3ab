#!/usr/bin/env bash
# What users get: build the sdist and the wheel, check them with twine, install the wheel into
# a fresh venv in a temporary folder outside the checkout, and run the main commands there,
# the local Neo4j included. Any failing step stops the script with "wheel smoke test FAILED".
#   bash scripts/wheel_smoke.sh        (needs .venv with the test extras: build, twine)
# The launcher is built from the sources inside the wheel into the per-user cache, in a folder
# named by their hash: when the test suite has built the same sources there already, it is
# reused. ECOGRAPH_SMOKE_FRESH_CACHE=1 builds it with Maven in an empty cache instead
# (about a minute more). ECOGRAPH_SMOKE_KEEP=1 keeps the temporary folder afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
CHECKOUT=$(pwd)
PY=${PYTHON:-python3}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/ecograph-wheel-smoke.XXXXXX")
STEP="setup"
NEO4J_DATA="$WORK/neo4j"
EG="$WORK/venv/bin/ecograph"

finish() {
  status=$?
  if [ -x "$EG" ] && [ -f "$NEO4J_DATA/ecograph-neo4j.pid" ]; then
    "$EG" neo4j stop --data "$NEO4J_DATA" >/dev/null 2>&1 || true
  fi
  if [ "$status" -ne 0 ]; then
    echo "" >&2
    echo "######## wheel smoke test FAILED at step: $STEP (exit $status); files in $WORK ########" >&2
    [ -f "$NEO4J_DATA/ecograph-neo4j.log" ] && tail -n 20 "$NEO4J_DATA/ecograph-neo4j.log" >&2
  elif [ "${ECOGRAPH_SMOKE_KEEP:-}" != "1" ]; then
    rm -rf "$WORK"
  fi
  exit "$status"
}
trap finish EXIT

step() { STEP="$1"; echo "wheel smoke: [${SECONDS}s] $1"; }
fail() { echo "wheel smoke: $*" >&2; exit 1; }

step "build the sdist and the wheel (python -m build)"
.venv/bin/python -m build --outdir "$WORK/dist" . >"$WORK/build.log" 2>&1 || { tail -n 30 "$WORK/build.log" >&2; exit 1; }
WHEEL=$(ls "$WORK"/dist/ecograph-*.whl)
SDIST=$(ls "$WORK"/dist/ecograph-*.tar.gz)

step "twine check"
.venv/bin/python -m twine check --strict "$WHEEL" "$SDIST"

step "the launcher's sources are in the wheel and the sdist"
in_wheel=$(unzip -Z1 "$WHEEL")
in_sdist=$(tar -tzf "$SDIST")
for f in ecograph/neo4jlocal/neo4j-local/pom.xml \
         ecograph/neo4jlocal/neo4j-local/src/main/java/org/ecograph/neo4jlocal/Launcher.java \
         ecograph/plot/assets/map.js ecograph/queries/conflict_bridges.cypher ecograph/data/starter.yaml; do
  grep -qx "$f" <<<"$in_wheel" || fail "$f is missing from $(basename "$WHEEL")"
  src=${f#ecograph/queries/}
  [ "$src" = "$f" ] || src="queries/$src"  # the Cypher questions live in the top-level queries/
  grep -qx "ecograph-[^/]*/$src" <<<"$in_sdist" || fail "$src is missing from $(basename "$SDIST")"
done

step "install the wheel into a fresh venv in $WORK"
"$PY" -m venv "$WORK/venv"
"$WORK/venv/bin/python" -m pip install --quiet --no-compile "$WHEEL"

# Everything below runs outside the checkout, with nothing of it on the path.
cd "$WORK"
unset ECOGRAPH_NEO4J_TOOLS PYTHONPATH
if [ "${ECOGRAPH_SMOKE_FRESH_CACHE:-}" = "1" ]; then
  export XDG_CACHE_HOME="$WORK/cache"
fi
cp "$CHECKOUT/examples/child-protection.yaml" case.yaml

step "the installed package is the wheel's, not the checkout"
where=$("$WORK/venv/bin/python" -c "import ecograph, pathlib; print(pathlib.Path(ecograph.__file__).resolve())")
case "$where" in
  "$WORK"/venv/*) ;;
  *) fail "ecograph was imported from $where" ;;
esac

step "--version"
want=$("$PY" -c "import tomllib; print(tomllib.load(open('$CHECKOUT/pyproject.toml', 'rb'))['project']['version'])")
[ "$("$EG" --version)" = "ecograph $want" ] || fail "--version says '$("$EG" --version)', expected 'ecograph $want'"

step "validate"
"$EG" validate case.yaml

step "show"
"$EG" show case.yaml >show.txt
grep -q "Roberta" show.txt || fail "show does not name the client"

step "analyze"
"$EG" analyze case.yaml --only hotspots,tactics,power >analyze.txt
[ -s analyze.txt ] || fail "analyze printed nothing"

step "plot"
"$EG" plot case.yaml --kind ecosystem -o ecosystem.png
"$WORK/venv/bin/python" -c "import sys; sys.exit(open('ecosystem.png','rb').read(8) != b'\x89PNG\r\n\x1a\n')" \
  || fail "ecosystem.png is not a PNG"

step "view"
"$EG" view case.yaml -o map.html
grep -q "</html>" map.html || fail "map.html is not a whole page"
if grep -Eq "<script[^>]+src=\"https?://" map.html; then fail "map.html loads a script from the network"; fi

step "serve (start on a free port, open the page with its token, refused without it, stop)"
mkdir -p served && cp case.yaml served/
SPORT=$("$WORK/venv/bin/python" -c "from ecograph.neo4jlocal.server import free_port; print(free_port())")
"$EG" serve served --port "$SPORT" > serve.out 2>&1 &
SERVE_PID=$!
"$WORK/venv/bin/python" - "$SPORT" <<'PY' || { kill "$SERVE_PID" 2>/dev/null; cat serve.out >&2; fail "serve did not answer as expected"; }
import re, sys, time, urllib.error, urllib.request
port, url, page = sys.argv[1], None, ""
deadline = time.monotonic() + 60
while time.monotonic() < deadline and not page:
    text = open("serve.out", encoding="utf-8").read()
    m = re.search(r"open: (http://127\.0\.0\.1:" + port + r"/\S*token=\S+)", text)
    if m:
        url = m.group(1)
        try:
            page = urllib.request.urlopen(url, timeout=5).read().decode("utf-8")
        except OSError:
            pass
    time.sleep(0.2)
assert url, "serve printed no address with a token"
assert "</html>" in page, "the workspace page did not load"
try:
    urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5)
    raise SystemExit("the workspace answered without its token")
except urllib.error.HTTPError as e:
    assert e.code == 401, e.code
print("wheel smoke: serve answered with its token and refused without it")
PY
kill "$SERVE_PID"; wait "$SERVE_PID" 2>/dev/null || true

step "neo4j start (the launcher from the wheel's sources, built in the user cache if needed)"
PORT=$("$WORK/venv/bin/python" -c "from ecograph.neo4jlocal.server import free_port; print(free_port())")
export NEO4J_PASSWORD="smoke-$(date +%s%N)"
export NEO4J_USERNAME=neo4j
"$EG" neo4j start --port "$PORT" --data "$NEO4J_DATA" --heap 512m --pagecache 64m
launcher=$("$WORK/venv/bin/python" -c "from ecograph.neo4jlocal.server import tools_dir; print(tools_dir())")
case "$launcher" in
  "$CHECKOUT"/*) fail "the launcher ran from the checkout ($launcher)" ;;
esac
[ -f "$launcher/target/classes/org/ecograph/neo4jlocal/Launcher.class" ] \
  || fail "the launcher is not built in $launcher"

step "push"
"$EG" push case.yaml --to "bolt://127.0.0.1:$PORT"

step "pull"
"$EG" pull child-protection-roberta --from "bolt://127.0.0.1:$PORT" -o pulled.yaml
"$EG" validate pulled.yaml
"$EG" show pulled.yaml >pulled.txt
diff show.txt pulled.txt || fail "the pulled case differs from the pushed one"

step "neo4j stop"
"$EG" neo4j stop --port "$PORT" --data "$NEO4J_DATA"
if "$EG" neo4j status --data "$NEO4J_DATA" >/dev/null; then fail "the server still runs"; fi

STEP="done"
echo "wheel smoke: [${SECONDS}s] passed ($(basename "$WHEEL"), $(basename "$SDIST"))"
