#!/usr/bin/env bash
# Builds relayout and runs it, installing what it needs first. With no arguments it
# opens the editor on the default bedroom; any arguments go to `relayout` (e.g. `edit SCENE`).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
# The window: X11 client libraries and Vulkan (Mesa's drivers cover Intel, AMD and software).
relayout_need_packages pkg-config build-essential mesa-vulkan-drivers libvulkan1 \
  libx11-6 libx11-xcb1 libxcursor1 libxrandr2 libxi6 libxkbcommon-x11-0
relayout_need_rust
# The dev profile (dependencies at opt-level 3) shares its build with the tests.
exec cargo run --locked --quiet --bin relayout -- "$@"
