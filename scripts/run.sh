#!/usr/bin/env bash
# Builds relayout (release) and runs it, installing what it needs first. With no arguments it
# solves the default bedroom scene and prints its metrics; any arguments go to `relayout`.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
relayout_need_packages pkg-config build-essential
relayout_need_rust
if [ $# -eq 0 ]; then
  set -- solve bench/scenes/bedroom.json -o "${TMPDIR:-/tmp}/relayout-bedroom.json"
fi
exec cargo run --release --locked --quiet -- "$@"
