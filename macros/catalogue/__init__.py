"""The catalogue engine: content/ YAML -> source-located loader -> typed model -> renderers.

Nothing in this package imports MkDocs; the MkDocs adapter lives in ``macros/mkdocs_adapter.py`` (events: ``macros/mkdocs_hooks.py``).
"""
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MODEL_VERSION = 1
