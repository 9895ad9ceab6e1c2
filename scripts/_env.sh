# Shared by the scripts: make .venv with the pinned packages on first use (or when requirements change).
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
PY="$VENV/bin/python"
ensure_venv() {
  local stamp="$VENV/.requirements.sha"
  local want
  want="$(cat "$ROOT/requirements.txt" "$ROOT/requirements-test.txt" "$ROOT/pyproject.toml" 2>/dev/null | sha256sum | cut -d' ' -f1)"
  if [ ! -x "$PY" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    echo "Opsætter .venv med de fastlåste pakker (første gang tager det et minut) …" >&2
    python3 -m venv "$VENV" || { echo "Kunne ikke lave .venv: installer python3-venv (apt-get install python3-venv)" >&2; exit 1; }
    "$PY" -m pip install --quiet --disable-pip-version-check -r "$ROOT/requirements.txt" -r "$ROOT/requirements-test.txt" \
      || { echo "pip install fejlede; kør: $PY -m pip install -r requirements.txt -r requirements-test.txt" >&2; exit 1; }
    # the engine (macros/catalogue) and the MkDocs adapter (macros/katalog_mkdocs) as an editable package
    "$PY" -m pip install --quiet --disable-pip-version-check --no-deps -e "$ROOT" \
      || { echo "pip install -e fejlede; kør: $PY -m pip install --no-deps -e '$ROOT'" >&2; exit 1; }
    echo "$want" > "$stamp"
  fi
  # this checkout's engine first, also when the .venv is another checkout's (a worktree, a test's copy): the
  # editable install names one checkout only
  export PYTHONPATH="$ROOT/macros${PYTHONPATH:+:$PYTHONPATH}"
  export NO_MKDOCS_2_WARNING=1
}

# Debian packages: install what is missing when root, otherwise say which command installs it.
# Usage: ensure_debs "what for" pkg... ; returns 1 if something is still missing.
ensure_debs() {
  local why="$1"; shift
  local missing=()
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installerer ${missing[*]} fra Debian ($why) …" >&2
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null) && return 0
  fi
  echo "Mangler ${missing[*]} ($why): kør 'sudo apt-get install ${missing[*]}'" >&2
  return 1
}

# WeasyPrint (the PDFs) needs Pango and a font.
PDF_DEBS=(libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core)

# The browser editor's npm package (Decap CMS), pinned by package-lock.json: `npm ci` on first
# use and whenever the lock file changes. Node.js and npm come from Debian where missing.
ensure_node_packages() {
  if ! command -v npm >/dev/null 2>&1; then
    ensure_debs "redigering i browseren (Decap CMS)" nodejs npm || return 1
  fi
  local stamp="$ROOT/node_modules/.package-lock.sha"
  local want
  want="$(sha256sum "$ROOT/package-lock.json" | cut -d' ' -f1)"
  if [ ! -d "$ROOT/node_modules" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    echo "Installerer npm-pakkerne (redigeringsværktøjet Decap CMS, eslint) fra npm; første gang tager det et halvt minut …" >&2
    (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error >/dev/null) \
      || { echo "npm ci fejlede; kør: cd '$ROOT' && npm ci" >&2; return 1; }
    echo "$want" > "$stamp"
  fi
}
