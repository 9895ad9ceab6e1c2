"""Layer 4 — the files besides HTML: PDFs, the data export, the search records, the editor's configuration and the
Content-Security-Policy. May import: core, model, load, render."""
