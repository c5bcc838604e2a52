#!/usr/bin/env bash
# Runs every test of the workspace, installing what the tests need first.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
# Headless rendering tests draw with Mesa's software Vulkan (llvmpipe); the editor's end-to-end
# test runs it in a virtual X display.
relayout_need_packages pkg-config build-essential mesa-vulkan-drivers libvulkan1 xvfb xauth
relayout_need_rust
# Vulkan and X want a private runtime directory.
export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-$(mktemp -d)}"
cargo test --workspace --locked "$@"
# The physics reward's Rapier stability term is behind a cargo feature of relayout-rewards.
cargo test -p relayout-rewards --locked --features stability "$@"
