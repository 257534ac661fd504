#!/bin/sh
# Print the path of the newest Python that the course supports and that runs on this machine.
#
#   tools/find_python.sh              the newest of the supported versions (Makefile: `make` with no PYTHON=)
#   tools/find_python.sh 3.11         that version only (.ci/run: the second interpreter)
#   tools/find_python.sh --check PY   PY itself, if it runs and its version is supported (make PYTHON=PY)
#
# A candidate counts only if it runs: a pyenv shim for a version that pyenv has not selected exists on PATH
# but fails ("pyenv: python3.13: command not found"). For each version, newest first, it tries pythonX.Y on
# PATH, then pyenv's own copy ($PYENV_ROOT/versions/X.Y.*/bin/pythonX.Y); then python3 and python.
# When nothing fits it says which versions work, what it tried, and how to get one, and exits 1.
set -u

# The supported versions, newest first: keep in step with requires-python in pyproject.toml
# (tests/system/test_environment.py checks it).
SUPPORTED="3.13 3.12 3.11"

tried=""
supported() { case " $SUPPORTED " in *" $1 "*) return 0 ;; esac; return 1; }

# try CMD [WANTED...]: if CMD runs and is one of the WANTED versions, print its executable and exit;
# otherwise note in $tried why not.
try() {
    cmd=$1; shift
    if ! got=$("$cmd" -c 'import sys; print("%d.%d %s" % (sys.version_info[:2] + (sys.executable,)))' 2>&1); then
        tried="$tried
  $cmd: does not run ($(printf '%s' "$got" | head -n 1))"
        return 1
    fi
    v=${got%% *}
    for want in "$@"; do
        if [ "$v" = "$want" ]; then printf '%s\n' "${got#* }"; exit 0; fi
    done
    tried="$tried
  $cmd: Python $v, not one of the supported versions"
    return 1
}

howto() {
    cat >&2 <<MSG
The course runs on Python $(echo "$SUPPORTED" | awk '{for (i = NF; i > 2; i--) printf "%s, ", $i; print $2 " or " $1}').
Get one (any of these versions works; the README says more):
  Debian / Ubuntu:  sudo apt-get install python3-venv     (Ubuntu 22.04: sudo apt-get install python3.11-venv)
  macOS:            brew install python@3.13               (or the installer from python.org)
  Windows:          winget install Python.Python.3.13
then run make again, or name the interpreter: make lab PYTHON=/path/to/python3.13
MSG
}

if [ "${1:-}" = "--check" ]; then
    [ -n "${2:-}" ] || { echo "find_python.sh --check needs the Python to check" >&2; exit 2; }
    # shellcheck disable=SC2086
    try "$2" $SUPPORTED
    echo "PYTHON=$2 cannot be used:$tried" >&2
    howto
    exit 1
fi

wanted=${*:-$SUPPORTED}
for v in $wanted; do
    supported "$v" || { echo "Python $v is not supported (supported: $SUPPORTED)" >&2; exit 2; }
done
pyenv_root=${PYENV_ROOT:-$HOME/.pyenv}
for v in $wanted; do
    if command -v "python$v" >/dev/null 2>&1; then try "python$v" "$v"; else tried="$tried
  python$v: not on PATH"; fi
    for exe in "$pyenv_root"/versions/"$v".*/bin/"python$v"; do
        [ -x "$exe" ] && try "$exe" "$v"
    done
done
for cmd in python3 python; do
    # shellcheck disable=SC2086
    if command -v "$cmd" >/dev/null 2>&1; then try "$cmd" $wanted; fi
done
echo "No Python that the course supports was found here. Tried:$tried" >&2
howto
exit 1
