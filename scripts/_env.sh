# Shared by the scripts: make .venv with the pinned packages on first use (or when requirements change).
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
PY="$VENV/bin/python"
ensure_venv() {
  local stamp="$VENV/.requirements.sha"
  local want
  want="$(cat "$ROOT/requirements.txt" "$ROOT/requirements-test.txt" 2>/dev/null | sha256sum | cut -d' ' -f1)"
  if [ ! -x "$PY" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    echo "Opsætter .venv med de fastlåste pakker (første gang tager det et minut) …" >&2
    python3 -m venv "$VENV" || { echo "Kunne ikke lave .venv: installer python3-venv (apt-get install python3-venv)" >&2; exit 1; }
    "$PY" -m pip install --quiet --disable-pip-version-check -r "$ROOT/requirements.txt" -r "$ROOT/requirements-test.txt" \
      || { echo "pip install fejlede; kør: $PY -m pip install -r requirements.txt -r requirements-test.txt" >&2; exit 1; }
    echo "$want" > "$stamp"
  fi
  export PYTHONPATH="$ROOT/macros${PYTHONPATH:+:$PYTHONPATH}"
  export NO_MKDOCS_2_WARNING=1
}
