"""What a user sees is what the manifest says (tests/manifest.py): every file of the built site byte for byte, and
the diagnostics of the hostile corpus. A refactor passes this unchanged; a change meant to alter output writes a
new manifest (`.venv/bin/python tests/manifest.py --write`) in the same commit."""
from __future__ import annotations

import manifest

HINT = "if the change is meant to alter output: .venv/bin/python tests/manifest.py --write"


def test_the_built_site_matches_the_manifest_byte_for_byte(built_site):
    want, _ = manifest.read()
    got = manifest.site_hashes(built_site)
    missing, extra = sorted(set(want) - set(got)), sorted(set(got) - set(want))
    differ = sorted(p for p in set(want) & set(got) if want[p] != got[p])
    assert len(want) > 100 and any(p.endswith(".pdf") for p in want) and any(p.startswith("pagefind/") for p in want)
    assert not (missing or extra or differ), f"missing {missing[:10]}, new {extra[:10]}, changed {differ[:20]} — {HINT}"


def test_the_hostile_corpus_gives_the_same_diagnostics(tmp_path):
    _, want = manifest.read()
    got = manifest.hostile_diagnostics(tmp_path)
    changed = sorted(name for name in set(want) | set(got) if want.get(name) != got.get(name))
    assert len(want) >= 30
    assert not changed, f"diagnostics changed for {changed} — {HINT}"
