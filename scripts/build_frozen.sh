#!/usr/bin/env bash
# Build the one-folder desktop app (PyInstaller, build.spec) and run the frozen app's self-test.
#
#   scripts/build_frozen.sh                 # uses (or creates) .venv; installs ".[build]" when missing
#   VENV=/path/to/venv scripts/build_frozen.sh
#   CLEAN=1 scripts/build_frozen.sh         # forget PyInstaller's cache (a from-scratch build)
#   FORCE_INSTALL=1 scripts/build_frozen.sh # pip install -e ".[build]" even when it looks installed
#
# Output: dist/clinic-desktop-<version>/ (give the clinic this folder; start clinic-desktop inside it).
# Prints the time of each stage and the folder's size; exits with the self-test's code (0 = passed).
set -euo pipefail
cd "$(dirname "$0")/.."

VENV="${VENV:-.venv}"
seconds() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.0f s", b - a }'; }

t0=$(seconds)
if [ ! -x "$VENV/bin/python" ] && [ ! -x "$VENV/Scripts/python.exe" ]; then
  python3 -m venv "$VENV"
fi
PY="$VENV/bin/python"
[ -x "$PY" ] || PY="$VENV/Scripts/python.exe"
if [ -n "${FORCE_INSTALL:-}" ] || ! "$PY" -c \
    'import importlib.metadata as m, PyInstaller, pypdf; m.version("clinic-desktop")' >/dev/null 2>&1; then
  echo "== installing the app and its build tools into $VENV"
  "$PY" -m pip install -q -e ".[build]"
fi
t1=$(seconds)

echo "== building with $("$PY" -m PyInstaller --version 2>/dev/null | head -1 | sed 's/^/PyInstaller /')"
"$PY" -m PyInstaller --noconfirm ${CLEAN:+--clean} --log-level WARN build.spec
t2=$(seconds)

VERSION=$("$PY" -c 'import clinic_desktop; print(clinic_desktop.__version__)')  # written once, in __init__.py
DIST="dist/clinic-desktop-$VERSION"
APP="$DIST/clinic-desktop"
[ -x "$APP" ] || APP="$DIST/clinic-desktop.exe"

echo "== self-test of the frozen app ($APP)"
home=$(mktemp -d)  # the self-test's log goes here, not into the user's log folder
set +e
QT_QPA_PLATFORM=offscreen CLINIC_DESKTOP_HOME="$home" "$APP" --self-test
code=$?
set -e
t3=$(seconds)
rm -rf "$home"

size=$(du -sh "$DIST" | cut -f1)
echo "== install/check $(elapsed "$t0" "$t1"), build $(elapsed "$t1" "$t2"), self-test $(elapsed "$t2" "$t3"), total $(elapsed "$t0" "$t3"); $DIST is $size"
exit $code
