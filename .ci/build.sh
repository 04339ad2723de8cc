#!/usr/bin/env bash
# Heapline's one entry point on a fresh Debian 12 machine.
#
#   .ci/build.sh gui     install what is missing, build (Release), open the GUI on the bundled sample
#   .ci/build.sh test    install what is missing, build (Release, -Werror), run every test suite
#   .ci/build.sh build   install what is missing and build, nothing else
#   .ci/build.sh sanitize  the test suite again in a build with AddressSanitizer and UBSan (build-asan)
#
# Debian packages are installed only when missing (as root, or through sudo). The build goes
# to ./build; HEAPLINE_BUILD_DIR overrides that.
set -euo pipefail

cd "$(dirname "$0")/.."
mode="${1:-gui}"
build_dir="${HEAPLINE_BUILD_DIR:-build}"

packages=(
    build-essential cmake pkg-config
    qt6-base-dev qt6-charts-dev libqt6opengl6-dev qt6-svg-dev
    libzstd-dev zlib1g-dev libbz2-dev libabsl-dev nlohmann-json3-dev python3-dev libiberty-dev
)
# Only the tests need these: the report's JSON schema check, numpy for the recorder's test of its
# arrays, and the report's rendering in headless Chromium.
test_packages=(python3 python3-jsonschema python3-numpy chromium-headless-shell)

install_missing() {
    local missing=()
    for package in "$@"; do
        if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
            missing+=("$package")
        fi
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "==> installing ${missing[*]}"
    local sudo=()
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null || { echo ".ci/build.sh: need root or sudo to install: ${missing[*]}" >&2; exit 2; }
        sudo=(sudo)
    fi
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

build() {
    cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=Release -DHEAPLINE_WERROR=ON
    cmake --build "$build_dir" --parallel "$(nproc)"
}

case "$mode" in
gui)
    install_missing "${packages[@]}"
    build
    exec "$build_dir/app/heapline" resources/samples/heaptrack.growth_demo.zst
    ;;
test)
    install_missing "${packages[@]}" "${test_packages[@]}"
    build
    cd "$build_dir"
    QT_QPA_PLATFORM=offscreen ctest --output-on-failure --parallel "$(nproc)"
    ;;
build)
    install_missing "${packages[@]}"
    build
    ;;
sanitize)
    install_missing "${packages[@]}" "${test_packages[@]}"
    asan_dir="${HEAPLINE_ASAN_BUILD_DIR:-build-asan}"
    cmake -S . -B "$asan_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DHEAPLINE_WERROR=ON -DHEAPLINE_SANITIZE=ON
    cmake --build "$asan_dir" --parallel "$(nproc)"
    cd "$asan_dir"
    # Leaks are findings too; every UBSan report stops the test (-fno-sanitize-recover).
    QT_QPA_PLATFORM=offscreen ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
        ctest --output-on-failure --parallel "$(nproc)" --timeout 1500
    ;;
*)
    echo "usage: .ci/build.sh [gui|test|build|sanitize]" >&2
    exit 2
    ;;
esac
