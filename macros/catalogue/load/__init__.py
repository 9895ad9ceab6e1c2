"""Layer 2 — reading content/: the loader's stages (loader.py), overlays, merged catalogues, the parse cache and
the checks of hand-written pages. May import: core, model."""
