# Sourced by scripts/demo.sh and scripts/test.sh: makes sure the system
# packages, the virtual environment and the Python packages are there.
# Installs what is missing (apt-get as root or with sudo), or stops naming it.
set -euo pipefail

PROJECT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$PROJECT_DIR/.venv"
cd "$PROJECT_DIR"

# WeasyPrint needs Pango; HarfBuzz subsetting keeps a CJK render under a
# second; Noto CJK and AR PL UKai are the free fallbacks of the official fonts;
# hb-subset (libharfbuzz-bin) cuts compact copies of them (manage.py build_pdf_fonts).
# fonts-hanazono: the rare characters of names (CJK extensions B to F) that Noto lacks.
# libgs-common: the standard CMYK profile a CMYK photo's sRGB print copy is made from.
SYSTEM_PACKAGES=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 libharfbuzz-bin
    fonts-noto-cjk fonts-arphic-ukai fonts-hanazono libgs-common)

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
die() { printf '\033[31m错误 / error: %s\033[0m\n' "$*" >&2; exit 1; }

# The distribution's own interpreter first: Debian and Ubuntu build it with
# profile-guided optimisation and without a shared libpython, and WeasyPrint's
# layout, pure Python, runs about a tenth quicker on it than on a default
# pyenv or source build (bench/pdf.py prints which one it ran on).
find_python() {
    local candidate
    for candidate in /usr/bin/python3.13 /usr/bin/python3.12 /usr/bin/python3.11 /usr/bin/python3 \
        python3.13 python3.12 python3.11 python3; do
        if command -v "$candidate" >/dev/null 2>&1 &&
            "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
            command -v "$candidate"
            return 0
        fi
    done
    return 1
}

missing_debs() {
    local pkg
    for pkg in "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" ||
            printf '%s ' "$pkg"
    done
}

# Installs the named Debian packages that are not installed yet.
ensure_debs() {
    command -v dpkg-query >/dev/null 2>&1 || {
        say "Not a Debian/Ubuntu system: make sure these are installed: $*"
        return 0
    }
    local missing
    missing="$(missing_debs "$@")"
    [ -z "$missing" ] && return 0
    local sudo_cmd=()
    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null 2>&1; then
            sudo_cmd=(sudo)
        else
            die "missing system packages: $missing
       install them as root:  apt-get install $missing"
        fi
    fi
    say "Installing system packages: $missing"
    # shellcheck disable=SC2086
    "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
        "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null ||
        die "could not install: $missing
       install them yourself:  sudo apt-get install $missing"
}

PYTHON="$(find_python)" || die "Python 3.11 or newer is needed (install python3)."

ensure_python_venv() {
    "$PYTHON" -c 'import ensurepip, venv' 2>/dev/null && return 0
    local version
    version="$("$PYTHON" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')"
    ensure_debs "python${version}-venv"
}

bootstrap() {
    ensure_debs "${SYSTEM_PACKAGES[@]}" "$@"
    if [ ! -x "$VENV/bin/python" ]; then
        ensure_python_venv
        say "Creating the virtual environment in .venv"
        "$PYTHON" -m venv "$VENV"
    fi
    # Reinstall only when the dependency list changed.
    local stamp="$VENV/.installed-pyproject"
    if ! cmp -s pyproject.toml "$stamp"; then
        say "Installing Python packages"
        "$VENV/bin/python" -m pip install -q --upgrade pip
        "$VENV/bin/python" -m pip install -q -e ".[dev]"
        cp pyproject.toml "$stamp"
    fi
    export PATH="$VENV/bin:$PATH"
}
