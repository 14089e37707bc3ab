#!/usr/bin/env bash
# Vendor the JavaScript library the interactive HTML map inlines (ecograph/plot/assets/).
#
# The map must work with no network at all, so Cytoscape.js is shipped inside the package.
# Usage: scripts/vendor_js.sh [VERSION]      (default: the version pinned below)
# To update: run with the new version, run `pytest tests/plot -m browser`, commit the assets.
set -euo pipefail

VERSION="${1:-3.34.4}"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEST="$HERE/ecograph/plot/assets"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

cd "$WORK"
npm pack --silent "cytoscape@${VERSION}" >/dev/null
tar xzf "cytoscape-${VERSION}.tgz"
MIN="package/dist/cytoscape.min.js"
# The file is inlined in a <script> element: it must not close it or open a comment.
if grep -qi '</script' "$MIN" || grep -q '<!--' "$MIN"; then
  echo "error: $MIN contains '</script' or '<!--'; it cannot be inlined as is" >&2
  exit 1
fi
mkdir -p "$DEST"
cp "$MIN" "$DEST/cytoscape.min.js"
cp package/LICENSE "$DEST/cytoscape.LICENSE"
SHA="$(sha256sum "$DEST/cytoscape.min.js" | cut -d' ' -f1)"
cat > "$DEST/VENDORED.md" <<NOTE
# Vendored JavaScript

| file | package | version | licence | sha256 |
|---|---|---|---|---|
| cytoscape.min.js | [cytoscape](https://www.npmjs.com/package/cytoscape) (dist/cytoscape.min.js) | ${VERSION} | MIT (cytoscape.LICENSE) | ${SHA} |

Inlined into every HTML map by \`ecograph/plot/html.py\`, so the map needs no network.
Update with \`scripts/vendor_js.sh VERSION\` (uses \`npm pack\`), then run the browser tests
(\`pytest tests/plot -m browser\`) and commit the three files.
NOTE
echo "vendored cytoscape ${VERSION} into $DEST (sha256 ${SHA})"
