"""Layer 1 — the typed model: the schema language (schema.py) and one module per content kind and record group;
the kinds' registry, the skeletons and the data files' formats derived from the declarations. May import: core."""
