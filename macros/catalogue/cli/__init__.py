"""Layer 6 — the commands behind scripts/ (check, new, migrate, merge) and the editor's local proxy. May import
every layer below."""
