#!/usr/bin/env bash
# Builds relayout and runs it, installing what it needs first. With no arguments it
# opens the editor on the default bedroom; any arguments go to `relayout` (e.g. `edit SCENE`).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
# The window: X11 client libraries and Vulkan (Mesa's drivers cover Intel, AMD and software).
relayout_need_packages pkg-config build-essential mesa-vulkan-drivers libvulkan1 \
  "${RELAYOUT_X11_PACKAGES[@]}"
relayout_need_rust
# The dev profile (dependencies at opt-level 3) shares its build with the tests. Cargo shows
# its progress; the first build compiles Bevy (about 20 minutes on two cores), later ones take
# seconds.
target="${CARGO_TARGET_DIR:-target}"
if [ ! -x "$target/debug/relayout" ]; then
  echo "first build of relayout: about 20 minutes on two cores (Bevy); later builds take seconds" >&2
fi
cargo build --locked --bin relayout
exec "$target/debug/relayout" "$@"
