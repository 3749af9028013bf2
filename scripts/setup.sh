# Installs what Onsite needs to build, run and test on Debian/Ubuntu, skipping whatever is already
# there. Sourced by scripts/run and scripts/test; uses sudo only when not already root.

set -euo pipefail

# Build: WebKitGTK, GTK and friends. Tests: a virtual display and WebKit's WebDriver server.
BUILD_PACKAGES=(libwebkit2gtk-4.1-dev libgtk-3-dev librsvg2-dev libayatana-appindicator3-dev
  build-essential pkg-config libssl-dev file curl)
# Coding drills run on python3; the bundled reference solutions use NumPy.
TEST_PACKAGES=(xvfb xauth webkit2gtk-driver x11-apps imagemagick python3-xlib python3 python3-numpy)
TAURI_DRIVER_VERSION=2.1.0
# The Tauri CLI from npm, for bundling and icons (its package ships the binary).
TAURI_CLI_VERSION=2.12.5

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

install_packages() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    echo "==> Installing system packages: ${missing[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
}

install_rust() {
  [ -f "$HOME/.cargo/env" ] && . "$HOME/.cargo/env"
  if ! command -v cargo >/dev/null 2>&1; then
    echo "==> Installing Rust (rustup, stable toolchain)"
    curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal
    . "$HOME/.cargo/env"
  fi
  for c in rustfmt clippy; do
    rustup component list --installed 2>/dev/null | grep -q "^$c" || rustup component add "$c"
  done
}

install_tauri_driver() {
  if ! cargo install --list | grep -q "^tauri-driver v$TAURI_DRIVER_VERSION:"; then
    echo "==> Installing tauri-driver $TAURI_DRIVER_VERSION"
    cargo install tauri-driver --version "$TAURI_DRIVER_VERSION" --locked
  fi
}

# Node.js with npx, for the Tauri CLI. Any installation will do (Debian's, or NodeSource's, which
# bundles npm and conflicts with Debian's npm package).
install_node() {
  command -v npx >/dev/null 2>&1 || install_packages nodejs npm
}

setup_build() {
  install_packages "${BUILD_PACKAGES[@]}"
  install_rust
}

setup_test() {
  setup_build
  install_packages "${TEST_PACKAGES[@]}"
  install_tauri_driver
}
