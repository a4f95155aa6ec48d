"""Build-time generator of the derived knowledge files (never imported at run time).

Writes:

* ``data/lexicon/forms.tsv`` — every surface form of the cue lemmas in ``data/lexicon/cues.json``:
  verbs conjugated by libqutrub (perfect, imperfect indicative and subjunctive; 3rd person
  m/f singular, dual, masculine plural) with proclitics (و، ف; imperfect also س، ل) and object pronouns
  (ـه، ـها، ـهم، ـهما); active participles (m/f/pl, with the accusative -اً used as a
  circumstantial: مؤكداً، محملةً); masdars and nouns (± ال, proclitics و ف ب ك ل لل, pronoun
  suffixes, accusative -اً); particles (وفقاً، بحسب…).
* ``data/gazetteer/states_cldr.json`` — all two-letter territories of CLDR (babel) with Arabic and
  English names.
* the sha256 table of every data file in ``data/gazetteer/README.md`` and ``data/lexicon/README.md``
  (between the ``<!-- sha256:begin -->`` / ``<!-- sha256:end -->`` markers).

Run from the repository root::

    .venv/bin/python -m kg.extract.lexgen          # both files
    .venv/bin/python -m kg.extract.lexgen --check  # exit 1 if the committed files are stale

Columns of forms.tsv: key (normalised lookup key, see :func:`kg.extract.knowledge.normalize`),
surface, lemma, cls, gender (m/f/empty), number (sg/du/pl/empty), form, standalone (1/0: may the
form alone signal its class, or only inside a multiword phrase of cues.json).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path

from kg.extract.knowledge import DEFAULT_GAZETTEER_DIR, DEFAULT_LEXICON_DIR, normalize

Row = tuple[str, str, str, str, str, str, str, str]

#: CLDR two-letter codes that are not states: unions, pseudo-regions, exceptional reservations.
_NOT_STATES = frozenset({"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ", "AC", "CP", "DG", "EA", "IC", "TA"})
_PRONOUN_SUFFIXES = ("ه", "ها", "هم", "هما")
#: cue classes whose first person plural imperfect (نتهم، ندين…) is generated.
_FIRST_PERSON_CLASSES = frozenset({"accuse", "condemn", "deny", "call", "hold_responsible"})
_NOUN_PREFIXES = ("", "و", "ف", "ب", "ك", "ل", "وب", "وك", "ول", "فب", "فل")


def _strip(s: str) -> str:
    import pyarabic.araby as araby  # build-time only

    return araby.strip_tashkeel(s)


def _attach(word: str, suffix: str) -> str:
    """Attach an object/possessive pronoun: دعا+ه → دعاه, نفى+ه → نفاه, اتهموا+ه → اتهموه."""
    if word.endswith("ى"):
        return word[:-1] + "ا" + suffix
    if word.endswith("وا"):
        return word[:-1] + suffix
    if word.endswith("ة"):
        return word[:-1] + "ت" + suffix
    return word + suffix


def _verb_rows(v: dict) -> Iterator[tuple[str, str, str, str]]:
    """(surface, gender, number, form) for one verb lemma."""
    import libqutrub.classverb as classverb
    import libqutrub.verb_const as vc

    conj = classverb.VerbClass(v["voc"], True, v.get("fut", "َ"))
    persons = ((vc.PronounHuwa, "m", "sg"), (vc.PronounHya, "f", "sg"), (vc.PronounHuma, "m", "du"),
               (vc.PronounHuma_f, "f", "du"), (vc.PronounHum, "m", "pl"))
    # feminine plural (هن) and the jussive are left out on purpose: rare in news, and their short
    # forms collide with common words (ير، تر + ه → تره; يرين ~ the place name فيرين).
    tenses = ((vc.TensePast, "perfect", ("", "و", "ف")),
              (vc.TenseFuture, "imperfect", ("", "و", "ف", "س", "وس", "فس", "ل", "ول")),
              (vc.TenseSubjunctiveFuture, "imperfect", ("", "و", "ف", "ل", "ول")))
    skip = set(v.get("exclude_tenses", []))
    for tense, form, prefixes in tenses:
        if form in skip:
            continue
        # the first person plural of blame verbs speaks inside quotes: "نحمّل باكو المسؤولية"،
        # "ندين"، "نتهم"، "ندعو"، "نرفض" (no gender or number: the speaker is the quote's)
        first = form == "imperfect" and v["cls"] in _FIRST_PERSON_CLASSES
        we = ((vc.PronounNahnu, "", ""),) if first else ()
        for pronoun, g, n in persons + we:
            base = _strip(conj.conjugate_tense_for_pronoun(tense, pronoun))
            bases = [base] + ([] if n == "du" else [_attach(base, s) for s in _PRONOUN_SUFFIXES])
            if base.endswith("ون"):  # يتهمونه
                bases += [base + s for s in _PRONOUN_SUFFIXES]
            for b in bases:
                for p in prefixes:
                    yield p + b, g, n, form
    parts: dict[str, list[str]] = {"m": [], "f": [], "pl": []}
    for stem in v.get("participle", []):
        parts["m"] += [stem, stem + "ا"]
        parts["f"] += [stem + "ة"]
        parts["pl"] += [stem + "ون", stem + "ين", stem + "ات"]
    for g, extra in v.get("participle_forms", {}).items():
        parts[g] += extra
    for g, surfaces in parts.items():
        gender, number = ("m", "pl") if g == "pl" else (g, "sg")
        for s in surfaces:
            for p in ("", "و", "ف"):
                yield p + s, gender, number, "participle"
                if g != "pl" and not s.endswith("ا"):
                    for suf in _PRONOUN_SUFFIXES:  # متهمةً إياها is rare; متهما إياه needs nothing
                        yield p + _attach(s, suf), gender, number, "participle"
    for m in v.get("masdar", []) + v.get("masdar_pl", []):
        for s in _noun_surfaces(m):
            yield s, "", "", "masdar"


def _noun_surfaces(word: str) -> Iterator[str]:
    definite = "ال" + word
    acc = [] if word.endswith(("ة", "ء", "ى", "ا", "ات")) else [word + "ا"]
    for p in _NOUN_PREFIXES:
        yield p + word
        for a in acc:
            yield p + a
        for s in _PRONOUN_SUFFIXES:
            yield p + _attach(word, s)
        if p.endswith("ل"):
            yield p[:-1] + "لل" + word  # ل + ال → لل
        else:
            yield p + definite


def generate_forms(cues: dict) -> list[Row]:
    rows: dict[tuple[str, ...], Row] = {}

    def add(surface: str, lemma: str, cls: str, g: str, n: str, form: str, standalone: bool,
            exclude: set[str]) -> None:
        if surface in exclude:
            return
        key = normalize(surface)
        row = (key, surface, lemma, cls, g, n, form, "1" if standalone else "0")
        rows.setdefault((key, lemma, form, g, n), row)

    for v in cues["verbs"]:
        exclude = set(v.get("exclude", []))
        for surface, g, n, form in _verb_rows(v):
            add(surface, v["lemma"], v["cls"], g, n, form, v.get("standalone", True), exclude)
    for noun in cues["nouns"]:
        for w in noun["forms"] + noun.get("plural", []):
            for s in _noun_surfaces(w):
                add(s, noun["lemma"], noun["cls"], "", "", "noun", True, set())
    for part in cues["particles"]:
        for w in part["forms"]:
            for p in ("", "و", "ب", "وب"):
                add(p + w, part["lemma"], part["cls"], "", "", "particle", True, set())
    # readings of one key: verbs before participles before nouns (قتل: the verb, not the masdar)
    order = {"perfect": 0, "imperfect": 1, "participle": 2, "masdar": 3, "noun": 4, "particle": 5}
    return sorted(rows.values(), key=lambda r: (r[0], order[r[6]], r[1], r[2]))


def generate_states() -> dict:
    from babel import Locale, __version__

    ar, en = Locale("ar"), Locale("en")
    states = [
        {"iso2": code, "label_en": en.territories[code], "label_ar": ar.territories[code],
         "source": f"CLDR via babel {__version__}"}
        for code in sorted(ar.territories)
        if len(code) == 2 and code.isalpha() and code in en.territories
        and code not in _NOT_STATES
    ]
    return {"source": f"CLDR via babel {__version__}: Locale('ar').territories, two-letter codes",
            "states": states}


_BEGIN, _END = "<!-- sha256:begin -->", "<!-- sha256:end -->"


def _with_checksums(readme: str, directory: Path, fresh: dict[Path, str]) -> str:
    """``readme`` with its checksum table rewritten for the data files of ``directory``
    (``fresh`` holds the content about to be written, so the table matches it)."""
    import hashlib

    rows = []
    for p in sorted(directory.iterdir()):
        if p.suffix not in (".json", ".tsv"):
            continue
        data = fresh[p].encode("utf-8") if p in fresh else p.read_bytes()
        rows.append(f"| `{p.name}` | {len(data)} | `{hashlib.sha256(data).hexdigest()}` |")
    for p in fresh:
        if p.parent == directory and not p.exists():
            data = fresh[p].encode("utf-8")
            rows.append(f"| `{p.name}` | {len(data)} | `{hashlib.sha256(data).hexdigest()}` |")
    table = "\n".join(["| file | bytes | sha256 |", "|---|---|---|", *rows])
    head, _, rest = readme.partition(_BEGIN)
    _, _, tail = rest.partition(_END)
    return f"{head}{_BEGIN}\n{table}\n{_END}{tail}"


def _forms_tsv(rows: list[Row]) -> str:
    header = "key\tsurface\tlemma\tcls\tgender\tnumber\tform\tstandalone\n"
    return header + "".join("\t".join(r) + "\n" for r in rows)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lexicon-dir", type=Path, default=DEFAULT_LEXICON_DIR)
    ap.add_argument("--gazetteer-dir", type=Path, default=DEFAULT_GAZETTEER_DIR)
    ap.add_argument("--check", action="store_true", help="only compare with the committed files")
    args = ap.parse_args(argv)
    cues = json.loads((args.lexicon_dir / "cues.json").read_text("utf-8"))
    outputs = {
        args.lexicon_dir / "forms.tsv": _forms_tsv(generate_forms(cues)),
        args.gazetteer_dir / "states_cldr.json":
            json.dumps(generate_states(), ensure_ascii=False, indent=1) + "\n",
    }
    for d in (args.lexicon_dir, args.gazetteer_dir):
        readme = d / "README.md"
        if readme.exists() and _BEGIN in readme.read_text("utf-8"):
            outputs[readme] = _with_checksums(readme.read_text("utf-8"), d, outputs)
    stale = [p for p, content in outputs.items()
             if not p.exists() or p.read_text("utf-8") != content]
    if args.check:
        for p in stale:
            print(f"stale: {p}", file=sys.stderr)
        return 1 if stale else 0
    for p, content in outputs.items():
        p.write_text(content, encoding="utf-8")
        print(f"wrote {p} ({content.count(chr(10))} lines)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
