"""The catalogue engine: content/ YAML -> source-located loader -> typed model -> renderers.

Nothing in this package imports MkDocs; the MkDocs adapter lives in ``macros/katalog_mkdocs/adapter.py`` (events:
``macros/katalog_mkdocs/hooks.py``). Its sub-packages are layers (ARCHITECTURE.md, "Packages").
"""
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MODEL_VERSION = 1
