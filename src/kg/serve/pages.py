"""HTML pages for linked-data resources: server-rendered, self-contained (one inline ``<style>``,
no script, no external asset), every text through :func:`html.escape`.

Arabic is marked up as such: ``lang="ar" dir="rtl"`` on every Arabic label, quote, sentence and
article text (an element with ``dir`` is a bidi isolate, HTML §3.2.6.4, so an Arabic label inside
an English line does not reorder its neighbours); other literals get ``dir="auto"``. IRIs under
the base are links to this server (:class:`Links`), so the pages browse the graph wherever it is
served. What a page shows, by resource:

- every resource: labels (@en, @ar), types, outgoing properties, the blank nodes and
  ``#fragments`` it owns, and incoming links ("what points here");
- a statement or event: speaker → kind → target, the date and its basis, confidence, the quote,
  and the evidence sentence highlighted (``<mark id="evidence">``) inside the article text at the
  offsets of its ``oa:TextPositionSelector`` — so ``…/statement/X#evidence`` scrolls to it;
- an article: its statements; an actor: the statements it made and those aimed at it;
- a named graph (an article's, ``/knowledge``, ``/ontology``): the resources it describes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from html import escape

import pyoxigraph as ox

from kg.graph import ONTOLOGY_GRAPH

KG = "https://w3id.org/kg/ontology#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_COMMENT = "http://www.w3.org/2000/01/rdf-schema#comment"
OA = "http://www.w3.org/ns/oa#"
SEM = "http://semanticweb.cs.vu.nl/2009/11/sem/"

#: Prefixes for compact IRIs on pages and in Turtle / RDF-XML answers.
PREFIXES = {
    "kg": KG,
    "sem": SEM,
    "prov": "http://www.w3.org/ns/prov#",
    "schema": "https://schema.org/",
    "oa": OA,
    "geo": "http://www.w3.org/2003/01/geo/wgs84_pos#",
    "gsp": "http://www.opengis.net/ont/geosparql#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "dct": "http://purl.org/dc/terms/",
    "wd": "http://www.wikidata.org/entity/",
}

#: A literal longer than this is shown as a block (article text), not inline.
LONG_LITERAL = 240

STYLE = """
body{font:16px/1.5 system-ui,sans-serif;margin:0 auto;max-width:70rem;padding:1rem 1.5rem;color:#1b1b1b}
header .iri{font-family:monospace;color:#555;word-break:break-all;margin:0}
h1{margin:.2rem 0 .4rem;font-size:1.6rem}h2{font-size:1.2rem;border-bottom:1px solid #ddd;margin-top:2rem}
[lang=ar]{font-family:"Noto Naskh Arabic","Amiri","Segoe UI",Tahoma,sans-serif;font-size:1.1em}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #eee;padding:.3rem .5rem;
vertical-align:top;text-align:start}th{font-weight:600;white-space:nowrap;color:#333}
.text{white-space:pre-wrap;background:#fafafa;border:1px solid #e4e4e4;padding:.8rem 1rem;
max-height:32rem;overflow:auto;line-height:1.9}
mark{background:#ffe27a;padding:.1rem 0;scroll-margin-top:40vh}
.claim{font-size:1.25rem}.claim .kind{font-weight:600}.meta{color:#555}
.dt{color:#777;font-size:.8em;margin-inline-start:.3em}.types a{margin-inline-end:.6em}
blockquote{margin:.5rem 0;padding:.5rem 1rem;border-inline-start:4px solid #ccc;background:#f7f7f7}
nav a{margin-inline-end:1rem}footer{margin-top:3rem;color:#666;font-size:.9em}
"""

#: Links to the other representations of a page, in the order shown.
ALTERNATES = (("ttl", "Turtle", "text/turtle"), ("jsonld", "JSON-LD", "application/ld+json"),
              ("nt", "N-Triples", "application/n-triples"), ("rdf", "RDF/XML", "application/rdf+xml"))


@dataclass(frozen=True)
class Label:
    en: str | None = None
    ar: str | None = None


@dataclass(frozen=True)
class StatementRow:
    """One statement in a list (an article's statements, an actor's)."""

    iri: str
    kind: str
    speaker: str
    target: str | None = None
    date: str | None = None
    earliest: str | None = None
    latest: str | None = None
    basis: str | None = None
    confidence: str | None = None
    article: str | None = None


@dataclass(frozen=True)
class PageData:
    """What :func:`render` shows; :func:`kg.serve.ld.page_data` reads it from the store."""

    iri: str
    types: tuple[str, ...]
    triples: tuple[ox.Triple, ...]
    incoming: tuple[ox.Triple, ...]
    incoming_truncated: bool = False
    is_graph: bool = False
    labels: dict[str, Label] = field(default_factory=dict)
    #: "derived" (an article's), "made" / "received" (an actor's) → rows
    statements: dict[str, list[StatementRow]] = field(default_factory=dict)
    article_text: str | None = None  # schema:text of the article the evidence points into


class Links:
    """Where an IRI links to: IRIs under the base (and the ontology) to this server's paths."""

    def __init__(self, base_iri: str, root_path: str = "") -> None:
        self.base = base_iri
        self.root = root_path.rstrip("/")
        self.ontology = str(ONTOLOGY_GRAPH)

    def href(self, iri: str) -> str:
        if iri == self.ontology or iri.startswith(self.ontology + "#"):
            return f"{self.root}/ontology{iri[len(self.ontology):]}"
        if iri.startswith(self.base):
            return f"{self.root}/{iri[len(self.base):]}"
        return iri

    def local(self, path: str) -> str:
        return f"{self.root}/{path}"


def compact(iri: str) -> str:
    """``kg:accuse`` for an IRI in a known namespace, else the IRI."""
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


class _Page:
    """Renders one page; holds the data and the link rewriter so helpers stay short."""

    def __init__(self, data: PageData, links: Links) -> None:
        self.d = data
        self.links = links

    # -- terms --

    def label(self, iri: str) -> str:
        """The labels of ``iri`` (English, then Arabic marked rtl), or ``""`` if it has none."""
        lab = self.d.labels.get(iri)
        if lab is None:
            return ""
        parts = []
        if lab.en:
            parts.append(f'<span lang="en">{escape(lab.en)}</span>')
        if lab.ar:
            parts.append(f'<span lang="ar" dir="rtl">{escape(lab.ar)}</span>')
        return " · ".join(parts)

    def link(self, iri: str) -> str:
        text = self.label(iri) or f"<code>{escape(self._short(iri))}</code>"
        return f'<a href="{escape(self.links.href(iri))}">{text}</a>'

    def _short(self, iri: str) -> str:
        if iri.startswith(self.links.base):
            return iri[len(self.links.base):]
        return compact(iri)

    def term(self, term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> str:
        if isinstance(term, ox.NamedNode):
            return self.link(term.value)
        if isinstance(term, ox.Literal):
            return literal(term)
        if isinstance(term, ox.BlankNode):
            return f'<a href="#b-{escape(term.value)}"><code>_:{escape(term.value)}</code></a>'
        return f"<code>{escape(str(term))}</code>"

    # -- page --

    def render(self) -> str:
        d = self.d
        title_text = self._title_text()
        alternates = "".join(
            f'<link rel="alternate" type="{mt}" href="?format={name}">' for name, _, mt in ALTERNATES)
        formats = " · ".join(f'<a href="?format={name}">{label}</a>' for name, label, _ in ALTERNATES)
        types = "".join(self.link(t) for t in d.types)
        body = [
            f'<header><nav><a href="{escape(self.links.local(""))}">home</a>'
            f'<a href="{escape(self.links.local("sparql"))}">SPARQL</a>'
            f'<a href="{escape(self.links.local(".well-known/void"))}">dataset (VoID)</a>'
            f'<a href="{escape(self.links.local("dumps/"))}">dumps</a></nav>'
            f'<p class="iri">{escape(d.iri)}</p>'
            f"<h1>{self.label(d.iri) or escape(title_text)}</h1>"
            + (f'<p class="types">{types}</p>' if types else "")
            + f'<p class="meta">Also as {formats}</p></header><main>',
        ]
        if KG + "Statement" in d.types or KG + "Event" in d.types:
            body.append(self.claim())
        if d.article_text is not None:
            body.append(self.evidence())
        for key, heading in (("derived", "Statements in this article"), ("made", "Statements made"),
                             ("received", "Statements aimed at this actor")):
            if key in d.statements:
                body.append(self.statement_list(key, heading, d.statements[key]))
        body.append(self.properties())
        if d.is_graph:
            body.append(self.graph_subjects())
        body.append(self.incoming())
        body.append("</main><footer>Labels in English and Arabic; article texts remain the "
                    "property of their outlets.</footer>")
        return (
            '<!doctype html><html lang="en"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width,initial-scale=1">'
            f"<title>{escape(title_text)}</title>{alternates}<style>{STYLE}</style></head>"
            f"<body>{''.join(body)}</body></html>"
        )

    def _title_text(self) -> str:
        lab = self.d.labels.get(self.d.iri)
        if lab is not None and (lab.en or lab.ar):
            return " · ".join(x for x in (lab.en, lab.ar) if x)
        return self._short(self.d.iri)

    def _values(self, subject: str, predicate: str) -> list[ox.NamedNode | ox.BlankNode | ox.Literal]:
        return [t.object for t in self.d.triples  # type: ignore[misc]
                if t.subject.value == subject and t.predicate.value == predicate]

    def _first(self, subject: str, predicate: str) -> ox.NamedNode | ox.BlankNode | ox.Literal | None:
        values = self._values(subject, predicate)
        return values[0] if values else None

    def claim(self) -> str:
        """Speaker → kind → target, date, confidence, quote (statements); place, date (events)."""
        iri = self.d.iri
        parts: list[str] = []
        speaker, kind, target = (self._first(iri, SEM + "accordingTo"), self._first(iri, KG + "kind"),
                                 self._first(iri, KG + "target"))
        if speaker is not None or kind is not None:
            parts.append(
                '<p class="claim">'
                + (self.term(speaker) if speaker is not None else "?")
                + ' <span aria-hidden="true">→</span> <span class="kind">'
                + (self.term(kind) if kind is not None else "?") + "</span>"
                + (f' <span aria-hidden="true">→</span> {self.term(target)}' if target is not None else "")
                + "</p>")
        rows = [("Date", self.date_text(iri))]
        confidence = self._first(iri, KG + "confidence")
        if confidence is not None:
            rows.append(("Confidence", escape(confidence.value)))
        for predicate, name in ((SEM + "hasPlace", "Place"), (KG + "aboutEvent", "About event"),
                                (SEM + "hasActor", "Actors"), (KG + "cue", "Cue")):
            values = self._values(iri, predicate)
            if values:
                rows.append((name, ", ".join(self.term(v) for v in values)))
        table = "".join(f"<tr><th>{escape(name)}</th><td>{value}</td></tr>" for name, value in rows)
        parts.append(f"<table>{table}</table>")
        quote = self._first(iri, KG + "quote")
        if isinstance(quote, ox.Literal):
            parts.append(f'<h3>Quote</h3><blockquote lang="ar" dir="rtl">{escape(quote.value)}</blockquote>')
        return f'<section id="summary"><h2>Summary</h2>{"".join(parts)}</section>'

    def date_text(self, iri: str) -> str:
        values = {p: self._first(iri, KG + p) for p in ("statementDate", "eventDate", "earliestDate",
                                                        "latestDate", "dateBasis")}
        text = {k: v.value for k, v in values.items() if v is not None}
        return escape(format_date(text.get("statementDate") or text.get("eventDate"),
                                  text.get("earliestDate"), text.get("latestDate"),
                                  text.get("dateBasis")))

    def evidence(self) -> str:
        """The article text with the evidence span in ``<mark id="evidence">``."""
        text = self.d.article_text or ""
        evidence = self.d.iri + "#evidence"
        start = end = None
        for selector in self._values(evidence, OA + "hasSelector"):
            s, e = self._first(selector.value, OA + "start"), self._first(selector.value, OA + "end")
            if s is not None and e is not None:
                start, end = int(s.value), int(e.value)
        source = self._first(evidence, OA + "hasSource")
        source_link = f" in {self.link(source.value)}" if isinstance(source, ox.NamedNode) else ""
        if start is None or end is None or not 0 <= start <= end <= len(text):
            return (f'<section id="evidence-text"><h2>Evidence{source_link}</h2>'
                    f'<div class="text" lang="ar" dir="rtl">{escape(text)}</div></section>')
        return (
            f'<section id="evidence-text"><h2>Evidence{source_link}</h2>'
            f'<p class="meta">Characters {start}–{end} of the article text '
            f'(<a href="#evidence">jump to the sentence</a>).</p>'
            f'<div class="text" lang="ar" dir="rtl">{escape(text[:start])}'
            f'<mark id="evidence">{escape(text[start:end])}</mark>{escape(text[end:])}</div></section>'
        )

    def statement_list(self, key: str, heading: str, rows: Sequence[StatementRow]) -> str:
        if not rows:
            return f'<section id="{key}"><h2>{escape(heading)}</h2><p>None.</p></section>'
        body = "".join(
            "<tr>"
            f"<td>{escape(format_date(r.date, r.earliest, r.latest, r.basis))}</td>"
            f"<td>{self.link(r.speaker)}</td><td>{self.link(r.kind)}</td>"
            f"<td>{self.link(r.target) if r.target else '—'}</td>"
            f"<td>{escape(r.confidence or '')}</td>"
            f'<td><a href="{escape(self.links.href(r.iri))}">statement</a>'
            + (f' · <a href="{escape(self.links.href(r.article))}">article</a>' if r.article else "")
            + "</td></tr>"
            for r in rows)
        more = (f"<p class=\"meta\">The first {len(rows)}; ask the SPARQL endpoint for all.</p>"
                if len(rows) >= 500 else "")
        return (f'<section id="{key}"><h2>{escape(heading)} ({len(rows)})</h2>{more}<table>'
                "<tr><th>Date</th><th>Speaker</th><th>Kind</th><th>Target</th><th>Confidence</th>"
                f"<th></th></tr>{body}</table></section>")

    def properties(self) -> str:
        """The resource's own triples, then one table per blank node or fragment it owns."""
        by_subject: dict[str, list[ox.Triple]] = defaultdict(list)
        order: list[ox.NamedNode | ox.BlankNode] = []
        graph_prefix = self.d.iri + "#"
        for t in self.d.triples:
            s = t.subject
            owned = s.value == self.d.iri or isinstance(s, ox.BlankNode) or s.value.startswith(graph_prefix)
            if self.d.is_graph and not (s.value == self.d.iri or isinstance(s, ox.BlankNode)):
                owned = False  # a graph's other subjects are listed by graph_subjects()
            if not owned:
                continue
            key = _key(s)
            if key not in by_subject:
                order.append(s)  # type: ignore[arg-type]
            by_subject[key].append(t)
        sections = []
        for s in order:
            rows = self._property_rows(by_subject[_key(s)])
            if s.value == self.d.iri:
                sections.append(f'<section id="properties"><h2>Properties</h2>{rows}</section>')
            else:
                anchor = (s.value[len(graph_prefix):] if isinstance(s, ox.NamedNode)
                          else f"b-{s.value}")
                anchor = "evidence-resource" if anchor == "evidence" and self.d.article_text else anchor
                name = f"#{s.value[len(graph_prefix):]}" if isinstance(s, ox.NamedNode) else f"_:{s.value}"
                sections.append(f'<section id="{escape(anchor)}"><h2><code>{escape(name)}</code>'
                                f"</h2>{rows}</section>")
        return "".join(sections)

    def _property_rows(self, triples: Sequence[ox.Triple]) -> str:
        grouped: dict[str, list[ox.Triple]] = defaultdict(list)
        for t in triples:
            grouped[t.predicate.value].append(t)
        rows = []
        for predicate in sorted(grouped, key=lambda p: (p != RDF_TYPE, compact(p))):
            values = "<br>".join(self.term(t.object) for t in grouped[predicate])  # type: ignore[arg-type]
            rows.append(f"<tr><th>{self.link(predicate)}</th><td>{values}</td></tr>")
        return f"<table>{''.join(rows)}</table>"

    def graph_subjects(self) -> str:
        """For a named graph: each resource it describes, with types and (English) comment."""
        types: dict[str, list[str]] = defaultdict(list)
        comments: dict[str, str] = {}
        counts: dict[str, int] = defaultdict(int)
        for t in self.d.triples:
            s = t.subject
            if not isinstance(s, ox.NamedNode) or s.value == self.d.iri:
                continue
            counts[s.value] += 1
            if t.predicate.value == RDF_TYPE:
                types[s.value].append(t.object.value)
            elif t.predicate.value == RDFS_COMMENT and isinstance(t.object, ox.Literal) \
                    and (t.object.language or "en").startswith("en"):
                comments[s.value] = t.object.value
        rows = []
        fragment = self.d.iri + "#"
        for s in sorted(counts):
            anchor = f' id="{escape(s[len(fragment):])}"' if s.startswith(fragment) else ""
            rows.append(f"<tr{anchor}><td>{self.link(s)}</td>"
                        f"<td>{', '.join(self.link(t) for t in sorted(types[s]))}</td>"
                        f"<td>{escape(comments.get(s, ''))}</td><td>{counts[s]}</td></tr>")
        return (f'<section id="contents"><h2>Resources in this graph ({len(rows)}, '
                f"{len(self.d.triples)} triples)</h2><table><tr><th>Resource</th><th>Types</th>"
                f"<th>Comment</th><th>Triples</th></tr>{''.join(rows)}</table></section>")

    def incoming(self) -> str:
        if not self.d.incoming:
            return '<section id="links-in"><h2>What points here</h2><p>Nothing.</p></section>'
        rows = "".join(f"<tr><td>{self.term(t.subject)}</td><td>{self.link(t.predicate.value)}</td></tr>"
                       for t in self.d.incoming)
        more = ('<p class="meta">The first links only; ask the SPARQL endpoint for all.</p>'
                if self.d.incoming_truncated else "")
        return (f'<section id="links-in"><h2>What points here ({len(self.d.incoming)})</h2>{more}'
                f"<table><tr><th>From</th><th>Property</th></tr>{rows}</table></section>")


def _key(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> str:
    return str(term)


def literal(lit: ox.Literal) -> str:
    """A literal with its language (``lang``/``dir``) or datatype; long ones as a text block."""
    value = escape(lit.value)
    if lit.language:
        lang = escape(lit.language)
        direction = "rtl" if lit.language.split("-")[0] in ("ar", "fa", "he", "ur") else "auto"
        tag = "div" if len(lit.value) > LONG_LITERAL else "span"
        cls = ' class="text"' if tag == "div" else ""
        return (f'<{tag}{cls} lang="{lang}" dir="{direction}">{value}</{tag}>'
                f'<span class="dt">@{lang}</span>')
    datatype = lit.datatype.value
    suffix = "" if datatype == PREFIXES["xsd"] + "string" else \
        f'<span class="dt">^^{escape(compact(datatype))}</span>'
    if datatype == PREFIXES["xsd"] + "anyURI":
        return f'<a href="{value}" dir="auto">{value}</a>{suffix}'
    return f'<span dir="auto">{value}</span>{suffix}'


def format_date(exact: str | None, earliest: str | None, latest: str | None, basis: str | None) -> str:
    """``2022-09-13 (explicit)``, ``2022-09-05 – 2022-09-11 (relative)``, ``by 2022-09-13 (bounded)``."""
    if exact:
        text = exact
    elif earliest and latest:
        text = earliest if earliest == latest else f"{earliest} – {latest}"
    elif latest:
        text = f"by {latest}"
    elif earliest:
        text = f"from {earliest}"
    else:
        text = "unknown"
    return f"{text} ({basis})" if basis and text != "unknown" else text


def render(data: PageData, links: Links) -> str:
    """The HTML page of one resource (see the module docstring)."""
    return _Page(data, links).render()
