#!/usr/bin/env bash
# Set up and run Journey Workshop from a fresh checkout.
#
#   ./dev.sh run [FILE]   start the app (on the outpatient sample when no FILE is given)
#   ./dev.sh test         lint, then every test, the PyInstaller build included
#   ./dev.sh bench        the benchmarks in tests/bench (figures for the README)
#   ./dev.sh build        the one-folder PyInstaller build in dist/journey-workshop
#
# Each creates .venv when needed and installs the pinned versions in constraints.txt. The
# Debian packages Qt needs are installed when this runs as root; otherwise the exact
# apt-get line is printed and nothing else happens.
set -euo pipefail
cd "$(dirname "$0")"

# Qt offscreen (tests, exports) and the fonts the tests compare against.
DEB_QT=(libegl1 libgl1 libglib2.0-0 libx11-6 libdbus-1-3 libfontconfig1 libfreetype6
        libxkbcommon0 fonts-dejavu-core)
# A real window on an X display (the app itself, and the tests on a virtual screen).
DEB_WINDOW=(libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0
            libxcb-render0 libxcb-shape0 libxcb-util1 libxcb-xkb1 libxkbcommon-x11-0)
# The tests' virtual screen, and the binary tools PyInstaller's build uses.
DEB_TEST=(xvfb binutils)

ensure_debian_packages() {
  command -v dpkg >/dev/null 2>&1 || return 0  # not Debian: the user installs Qt's libraries
  local missing=() p
  for p in "$@"; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
  done
  [[ ${#missing[@]} -eq 0 ]] && return 0
  if [[ $(id -u) -eq 0 ]]; then
    echo "dev.sh: installing Debian packages: ${missing[*]}" >&2
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      "${missing[@]}" >/dev/null
  else
    echo "dev.sh: Qt needs these Debian packages; install them, then run this again:" >&2
    echo "sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
    exit 1
  fi
}

ensure_venv() {
  local python=${PYTHON:-python3}
  if [[ ! -x .venv/bin/python ]]; then
    if ! "$python" -m venv .venv >/dev/null 2>&1; then
      rm -rf .venv
      echo "dev.sh: '$python -m venv' failed; install venv support, then run this again:" >&2
      echo "sudo apt-get install -y python3-venv" >&2
      exit 1
    fi
  fi
  # Reinstall only when the pins or the project's metadata changed.
  local stamp
  stamp=$(cat constraints.txt pyproject.toml | sha256sum | cut -d' ' -f1)
  if [[ ! -f .venv/.installed ]] || [[ $(cat .venv/.installed) != "$stamp" ]]; then
    echo "dev.sh: installing the pinned dependencies into .venv" >&2
    .venv/bin/python -m pip install -q --disable-pip-version-check -c constraints.txt \
      -e ".[test]"
    echo "$stamp" >.venv/.installed
  fi
}

cmd=${1:-}
[[ $# -gt 0 ]] && shift
case $cmd in
  run)
    ensure_debian_packages "${DEB_QT[@]}" "${DEB_WINDOW[@]}"
    ensure_venv
    if [[ $# -eq 0 ]]; then set -- workshops/outpatient-clinic.journey; fi
    exec .venv/bin/journey-workshop "$@"
    ;;
  test)
    ensure_debian_packages "${DEB_QT[@]}" "${DEB_WINDOW[@]}" "${DEB_TEST[@]}"
    ensure_venv
    .venv/bin/ruff check .
    .venv/bin/ruff format --check .
    exec .venv/bin/python -m pytest "$@"
    ;;
  bench)
    ensure_debian_packages "${DEB_QT[@]}"
    ensure_venv
    for script in tests/bench/bench_*.py; do .venv/bin/python "$script" "$@"; done
    ;;
  build)
    ensure_debian_packages "${DEB_QT[@]}" "${DEB_TEST[@]}"
    ensure_venv
    exec .venv/bin/pyinstaller --noconfirm --clean build.spec
    ;;
  *)
    sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'
    [[ -z $cmd || $cmd == -h || $cmd == --help ]] && exit 0
    exit 2
    ;;
esac
