"""``kg export``: the arguments and the command, for :mod:`kg.cli` to wire in."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from kg.export import FORMATS, Filters, export, write_export
from kg.export.network import STATEMENT_KINDS
from kg.settings import Settings


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``kg export``."""
    parser.add_argument("--format", required=True, choices=tuple(FORMATS), dest="export_format")
    parser.add_argument("--from", type=_date, dest="date_from", metavar="YYYY-MM-DD",
                        help="first statement date (inclusive; statement date, else latest date)")
    parser.add_argument("--to", type=_date, dest="date_to", metavar="YYYY-MM-DD",
                        help="last statement date (inclusive)")
    parser.add_argument("--kind", nargs="+", action="extend", choices=STATEMENT_KINDS, default=[],
                        dest="kinds", help="statement kinds (default: the blame kinds)")
    parser.add_argument("--actor", help="actor IRI: only statements it made or received")
    parser.add_argument("--min-confidence", type=float, help="only statements at least this confident")
    parser.add_argument("-o", "--output", type=Path, help="file to write (default: standard output)")


def main_export(args: argparse.Namespace, settings: Settings) -> int:
    """Run ``kg export``; errors propagate as :class:`~kg.errors.KGError` for the CLI to map."""
    from kg.store import open_store

    filters = Filters(date_from=args.date_from, date_to=args.date_to, kinds=tuple(args.kinds),
                      actor=args.actor, min_confidence=args.min_confidence)
    store = open_store(settings)
    if args.output is None:
        sys.stdout.buffer.write(export(store, args.export_format, filters))
        sys.stdout.buffer.flush()
    else:
        write_export(store, args.export_format, args.output, filters)
    return 0


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a YYYY-MM-DD date: {value!r}") from None
