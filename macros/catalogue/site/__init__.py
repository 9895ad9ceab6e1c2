"""Layer 5 — one build of a whole site (build.py) and the engine's own shell (shell.py). May import every layer
below."""
