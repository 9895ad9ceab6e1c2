"""Layer 0 — what every layer may use, importing nothing else of the engine: diagnostics, text helpers, the safe
YAML reader, typed references, routes (every URL) and the planned downloads (artifacts)."""
