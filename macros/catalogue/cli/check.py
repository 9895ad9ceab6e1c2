"""``scripts/check [--json]``: validate all content, print INTERFACES.md diagnostics, exit 1 on any error."""
from __future__ import annotations

import argparse
import sys

from catalogue.core import routes
from catalogue.load.loader import MIGRATE_HINT, load
from catalogue.outputs.export import write_schemas


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/check", description="Tjekker alt indhold i content/ og "
                                     "skriver fejl og advarsler som 'fil:linje:kolonne: error|warning: besked — råd'.")
    parser.add_argument("--json", action="store_true", help="skriv diagnostikken som en JSON-liste på stdout")
    parser.add_argument("--root", default=None, help="projektets rodmappe (standard: denne checkout)")
    parser.add_argument("--alle", action="store_true", help="i et fork: vis også hver advarsel om originalens indhold "
                        "(ellers én linje med antallet)")
    parser.add_argument("--no-schemas", action="store_true", help=f"skriv ikke site/{routes.SCHEMAS} (til editorer)")
    args = parser.parse_args(argv)
    cat = load(args.root)
    if cat.settings is not None and not args.no_schemas:
        write_schemas(cat, cat.root / "site")  # the JSON Schemas VS Code reads while editors type
    if args.json:
        print(cat.report.to_json())
    else:
        print_summary(cat, everything=args.alle)
    return 1 if cat.report.errors else 0


def print_summary(cat, everything: bool = False) -> None:
    """The diagnostics, one line with the counts and, for files of an older model version, what to do first (on
    stderr): what ``scripts/check`` prints, and ``scripts/build`` before it builds (katalog_mkdocs, KATALOG_CHECK)."""
    cat.report.print(everything=everything)
    n_err, upstream = len(cat.report.errors), len(cat.report.upstream_warnings)
    n_warn = len(cat.report.warnings) - upstream
    print(f"{len(cat.entries)} poster tjekket: {n_err} fejl, {n_warn} advarsler"
          + (f" (og {upstream} i originalens indhold)" if upstream else ""), file=sys.stderr)
    old = {d.path for d in cat.report.errors if d.hint.startswith(MIGRATE_HINT)}
    if old:  # one line that says what to do first (the fields of an older file are not checked until then)
        print(f"{len(old)} fil(er) følger en ældre modelversion: kør først scripts/migrate, så scripts/check "
              "igen", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
