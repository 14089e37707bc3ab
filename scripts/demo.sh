#!/usr/bin/env bash
# Install ecograph and run the main job on an example case (the embedded NetworkX default,
# nothing leaves this machine): summarise it, analyse it, draw the ecosystem figure and write
# the offline interactive map. Results go to out/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
CASE=${1:-examples/child-protection.yaml}
STEM=$(basename "${CASE%.*}")
mkdir -p out
EG=.venv/bin/ecograph
$EG show "$CASE"
$EG analyze "$CASE" --only hotspots,tactics,power,isolated_clients,factions
$EG plot "$CASE" --kind ecosystem --overlay-conflicts -o "out/$STEM-ecosystem.png"
$EG view "$CASE" -o "out/$STEM-map.html"
echo
echo "Figure:          out/$STEM-ecosystem.png"
echo "Interactive map: out/$STEM-map.html (open it in a browser; it works offline)"
