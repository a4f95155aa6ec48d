"""Command line: the only place where outcomes become exit codes.

Exit codes (as pySHACL's CLI and oxigraph's): 0 ok; 1 the data does not conform or some input was
skipped; 2 usage or input error.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

from kg import __version__
from kg.errors import KGError
from kg.settings import Settings

EXIT_OK, EXIT_DATA, EXIT_USAGE = 0, 1, 2


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a YYYY-MM-DD date: {value!r}") from None


def _count(value: str) -> int:
    if not value.isdigit():
        raise argparse.ArgumentTypeError(f"not a number of workers (0 = one per CPU): {value!r}")
    return int(value)


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="kg", description=__doc__.splitlines()[0])
    p.add_argument("--version", action="version", version=f"kg {__version__}")
    p.add_argument("--data-dir", type=Path, help="corpus and knowledge (default: ./data of the project)")
    p.add_argument("--articles", type=Path, dest="articles_dir",
                   help="article directory (default: DATA_DIR/articles)")
    p.add_argument("--store", metavar="DIR|URL",
                   help="store directory (default: var/store), or the URL of a remote SPARQL 1.1 store "
                        "(http:// or https://; also KG_STORE_URL): oxigraph serve's /query, /update, "
                        "/store under it unless the options below say otherwise (docs/remote-store.md)")
    p.add_argument("--store-query", metavar="URL", dest="store_query_url",
                   help="the remote store's SPARQL query endpoint (KG_STORE_QUERY_URL)")
    p.add_argument("--store-update", metavar="URL", dest="store_update_url",
                   help="the remote store's SPARQL update endpoint (KG_STORE_UPDATE_URL)")
    p.add_argument("--store-gsp", metavar="URL", dest="store_gsp_url",
                   help="the remote store's Graph Store Protocol endpoint (KG_STORE_GSP_URL)")
    p.add_argument("--base-iri", help="prefix of minted IRIs (default: %(default)s)")
    sub = p.add_subparsers(dest="command", required=True)

    e = sub.add_parser("extract", help="extract statements from one Arabic article")
    e.add_argument("file", type=Path)
    e.add_argument("--id", required=True, help="article id")
    e.add_argument("--published", type=_date, help="publication date YYYY-MM-DD, if known")
    e.add_argument("--format", choices=("jsonl", "trig"), default="jsonl")
    e.add_argument("--blame-only", action="store_true", help="only blame statements")

    v = sub.add_parser("eval", help="score predicted blame statements against gold (ANNOTATION.md)")
    v.add_argument("gold", type=Path)
    v.add_argument("pred", type=Path)
    v.add_argument("--verbose", action="store_true")

    bd = sub.add_parser("build", help="build the graph of data/articles into the store")
    which = bd.add_mutually_exclusive_group()
    which.add_argument("--force", "--full", action="store_true",
                       help="rebuild everything, even when the input is unchanged since the live build "
                            "(default: only the articles added, changed or removed since it)")
    which.add_argument("--article", action="append", dest="only", metavar="ID",
                       help="look at this article only (repeatable): apply it if it was added, changed "
                            "or removed, without listing the corpus (others wait for the next build)")
    bd.add_argument("--workers", type=_count, metavar="N",
                    help="worker processes (default: one per CPU; 1: all in this process)")

    s = sub.add_parser("serve", help="serve the store over SPARQL 1.1 (builds it first if missing)")
    s.add_argument("--host", default=None)
    s.add_argument("--port", type=int, default=None)
    s.add_argument("--rebuild", action="store_true", help="rebuild the store before serving")
    s.add_argument("--dataset", type=Path, nargs="+", metavar="FILE",
                   help="serve these RDF dataset files (TriG, N-Quads, Turtle…) instead of the built graph")
    s.add_argument("--update-token-file", type=Path, metavar="PATH",
                   help="enable SPARQL Update and Graph Store writes for requests bearing the token in "
                        "this file (Authorization: Bearer); or set KG_UPDATE_TOKEN")
    s.add_argument("--access-log", action="store_true",
                   help="log every request (uvicorn's access log; off by default: it costs CPU per request)")

    from kg.export.command import add_arguments as export_arguments

    export_arguments(sub.add_parser("export", help="the blame network (or the whole graph) for graph tools"))

    b = sub.add_parser("bench", help="speed figures as JSON lines (extraction, build, query engines)")
    b.add_argument("--min-seconds", type=float, default=3.0, help="time spent on the throughput figure")
    size = b.add_mutually_exclusive_group()
    size.add_argument("--articles", type=int, dest="bench_articles", metavar="N",
                      help="build a synthetic corpus of N articles (default: the project's articles)")
    size.add_argument("--triples", type=int, metavar="N", help="build a synthetic corpus of about N triples")
    b.add_argument("--seed", type=int, default=0, help="seed of the synthetic corpus")
    b.add_argument("--workdir", type=Path,
                   help="keep the corpus and store here (default: a temporary directory)")
    b.add_argument("--generate-only", type=Path, metavar="DIR",
                   help="only write the synthetic corpus (--articles / --triples) into DIR")
    b.add_argument("--engines", default="kg,oxigraph_serve,pyoxigraph_inprocess",
                   help="comma-separated query engines (default: %(default)s; empty: none)")
    b.add_argument("--queries", help="comma-separated named queries (file stems; default: all)")
    b.add_argument("--repeats", type=int, default=5, help="runs per named query and engine (at least 3)")
    b.add_argument("--clients", type=int, default=8, help="concurrent clients of the load figures")
    b.add_argument("--load-seconds", type=float, default=5.0, help="per engine and query under load")
    b.add_argument("--build-timeout", type=float, help="stop the build after this many seconds")
    b.add_argument("--skip-extraction", action="store_true", help="leave out the extraction figures")

    a = sub.add_parser("add", help="add an article (plain text + metadata) to data/articles")
    a.add_argument("file", type=Path)
    a.add_argument("--id", required=True)
    a.add_argument("--published", type=_date)
    a.add_argument("--published-basis", default=None, help="how the publication date was established")
    a.add_argument("--outlet")
    a.add_argument("--url")
    a.add_argument("--build", action="store_true",
                   help="then apply it to the live store at once (an incremental build of this article only)")
    return p


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    from kg.store.remote import is_store_url

    url = args.store if args.store and is_store_url(args.store) else None
    settings = Settings.from_env(data_dir=args.data_dir, articles_dir=args.articles_dir,
                                 store_dir=Path(args.store) if args.store and not url else None,
                                 store_url=url, store_query_url=args.store_query_url,
                                 store_update_url=args.store_update_url, store_gsp_url=args.store_gsp_url,
                                 base_iri=args.base_iri)
    if args.store and not url:
        settings = settings.with_(store_url=None)  # a directory given here beats KG_STORE_URL
    try:
        return _COMMANDS[args.command](args, settings)
    except KGError as err:
        print(f"kg {args.command}: error: {err}", file=sys.stderr)
        return EXIT_USAGE


def _extract(args: argparse.Namespace, settings: Settings) -> int:
    from kg.corpus import article_from_text
    from kg.pipeline import extract

    article = article_from_text(args.file, article_id=args.id, published=args.published)
    extraction = extract(article, settings)
    if args.format == "trig":
        from kg.graph import Minter, to_dataset

        sys.stdout.write(to_dataset(extraction, Minter(settings.base_iri)).serialize(format="trig"))
        return EXIT_OK
    from kg.extract.jsonl import statement_to_json

    statements = extraction.blame if args.blame_only else extraction.statements
    out = sys.stdout
    for stmt in statements:
        out.write(json.dumps(statement_to_json(stmt, settings.base_iri), ensure_ascii=False) + "\n")
    return EXIT_OK


def _eval(args: argparse.Namespace, settings: Settings) -> int:
    from kg.evaluate import load_jsonl, score

    result = score(load_jsonl(args.gold), load_jsonl(args.pred))
    print(result.report(verbose=args.verbose))
    return EXIT_OK


def _build(args: argparse.Namespace, settings: Settings) -> int:
    from kg.pipeline import build, update

    report = None
    if args.command == "build":
        settings = settings.with_(build_workers=args.workers) if args.workers is not None else settings
        # None: only a full build will do (also for a remote store: it leaves no manifest).
        report = None if args.force else update(settings, only=args.only)
    elif args.command == "add":
        report = update(settings, only=[args.id])
    if report is not None and report.up_to_date:
        print("up to date: the live store was built from exactly this input (kg build --force rebuilds)")
        return EXIT_OK
    report = report or build(settings)
    for p in report.skipped:
        print(f"skipped {p.article_id or p.path}: {p.message}", file=sys.stderr)
    for p in report.violations:
        print(f"does not conform: article {p.article_id}: {p.message}", file=sys.stderr)
    if not report.ok:
        print(f"build failed: {len(report.violations)} SHACL violation(s); the previous store is unchanged",
              file=sys.stderr)
        return EXIT_DATA
    done = (f"updated {len(report.outcomes)} article(s) and removed {len(report.removed)}: "
            if report.incremental else f"built {len(report.outcomes)} article(s), ")
    print(f"{done}{report.statements} statements, {report.triples} triples in {report.seconds:.2f} s "
          f"→ {report.store_path}")
    timing = ", ".join(f"{k} {v:.2f} s" for k, v in report.timings.items())
    print(f"  ({timing})")
    if report.dumps_in_background:
        print(f"  the store is live; its dumps are being written in the background (log: "
              f"{report.store_path}/dumps.log)")
    if report.skipped:
        print(f"{len(report.skipped)} input file(s) skipped (named above); everything else was built",
              file=sys.stderr)
        return EXIT_DATA
    return EXIT_OK


def _serve(args: argparse.Namespace, settings: Settings) -> int:
    import uvicorn

    from kg.serve import create_app
    from kg.store import StoreLayout

    settings = settings.with_(host=args.host or settings.host, port=args.port or settings.port)
    if args.update_token_file:
        from kg.serve.writes import read_token_file

        settings = settings.with_(update_token=read_token_file(args.update_token_file))
    if args.dataset:
        return _serve_dataset(args.dataset, settings, access_log=args.access_log)
    if settings.store_url:  # a remote store: built on request only, it may be someone else's
        if args.rebuild and (code := _build(args, settings)) != EXIT_OK:
            return code
        from kg.store.remote import public_url

        print(f"SPARQL endpoint: http://{settings.host}:{settings.port}/sparql "
              f"(store: {public_url(settings.store_url)})")
        uvicorn.run(create_app(settings), host=settings.host, port=settings.port, log_level="info",
                    access_log=args.access_log)
        return EXIT_OK
    layout = StoreLayout(settings.store_dir)
    if args.rebuild or layout.live() is None:
        code = _build(args, settings)
        if layout.live() is None:
            return code
    print(f"SPARQL endpoint: http://{settings.host}:{settings.port}/sparql")
    uvicorn.run(create_app(settings), host=settings.host, port=settings.port, log_level="info",
                access_log=args.access_log)
    return EXIT_OK


def _serve_dataset(paths: list[Path], settings: Settings, *, access_log: bool) -> int:
    """Serve third-party dataset files through the same server code, from a temporary store."""
    import tempfile

    import uvicorn

    from kg.serve import create_app
    from kg.store import write_dataset

    with tempfile.TemporaryDirectory(prefix="kg-dataset-") as tmp:
        settings = settings.with_(store_dir=Path(tmp) / "store", store_url=None)
        write_dataset(paths, settings)
        print(f"SPARQL endpoint: http://{settings.host}:{settings.port}/sparql "
              f"({', '.join(str(p) for p in paths)})")
        # Quiet (warnings only) unless the access log is asked for: its lines are logged at info.
        uvicorn.run(create_app(settings), host=settings.host, port=settings.port,
                    log_level="info" if access_log else "warning", access_log=access_log)
    return EXIT_OK


def _add(args: argparse.Namespace, settings: Settings) -> int:
    from kg.corpus import add_article

    basis = args.published_basis or ("given on the command line" if args.published else "unknown")
    path = add_article(args.file, settings.articles_dir, article_id=args.id, published=args.published,
                       published_basis=basis, outlet=args.outlet, url=args.url)
    print(f"added {path}")
    return _build(args, settings) if args.build else EXIT_OK


def _bench(args: argparse.Namespace, settings: Settings) -> int:
    from kg.bench import BenchOptions, generate_only
    from kg.bench import main as bench_main

    def names(value: str | None) -> tuple[str, ...] | None:
        return None if value is None else tuple(v.strip() for v in value.split(",") if v.strip())

    options = BenchOptions(articles=args.bench_articles, triples=args.triples, seed=args.seed,
                           workdir=args.workdir, engines=names(args.engines) or (),
                           queries=names(args.queries),
                           min_seconds=args.min_seconds, repeats=args.repeats, clients=args.clients,
                           load_seconds=args.load_seconds, build_timeout_s=args.build_timeout,
                           skip_extraction=args.skip_extraction)
    if args.generate_only is not None:
        return generate_only(settings, args.generate_only, options)
    return bench_main(settings, options)


def _export(args: argparse.Namespace, settings: Settings) -> int:
    from kg.export.command import main_export

    return main_export(args, settings)


_COMMANDS = {"extract": _extract, "eval": _eval, "build": _build, "serve": _serve, "add": _add,
             "export": _export, "bench": _bench}


if __name__ == "__main__":
    sys.exit(main())
