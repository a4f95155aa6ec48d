"""A synthetic Arabic news corpus for benchmarks at scale, filled from the project's curated knowledge.

Why: the five seed articles are far too few to measure a store of a million triples, and copies of
one article would give a graph with a handful of distinct actors, places and dates — indexes and
query plans behave differently on such a graph. This generator writes articles that look like the
seeds to the real extractor (``kg.extract.extract_article``): the same kinds of sentences, the same
length (~6–10 KB), and facts varied over everything the gazetteer knows.

How an article is made (deterministic: article ``i`` of seed ``s`` is always the same text):

* a **publication date** drawn from the conflict's episodes (April 2016, July and September–
  November 2020, 2021, September 2022, September 2023) and a **dateline** (``يريفان، 14 سبتمبر
  2022 (أرمنبرس) -``) naming a capital and a news agency of the gazetteer;
* **paragraphs** of 3–5 sentences mixing, at random:

  - **blame statements** of every kind (accuse, condemn, hold responsible, describe as aggression,
    call to stop, deny), each kind in several verb forms and constructions, some with quotes
    («…»); the speaker and the target are curated actors: the two parties' states and capitals,
    their ministries and armed forces as institution + nisba adjective (وزارة الدفاع الأذربيجانية),
    their office holders (persons of ``persons.json``), and third parties (other states, their
    ministries, international bodies) that condemn or call on one of the parties;
  - **dates** in the sentence: an explicit day and month, a weekday, أمس / اليوم, or none (the
    statement then takes the dateline's date);
  - **casualty claims** (soldiers / civilians killed or wounded, with a number and a side),
  - **events at places** (shelling, clashes, drone strikes at the curated villages, towns and
    provinces), and background sentences that mention places and dates without any blame.

Every blame sentence is recorded as a :class:`PlantedStatement` (kind, speaker key, target key,
character span), so tests and the bench can check how many the extractor finds.
"""

from __future__ import annotations

import hashlib
import json
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from kg.extract.knowledge import Knowledge
from kg.model import Article

PUBLISHED_BASIS = "synthetic: the dateline of the generated text (kg bench)"

#: The two parties of the conflict; statements between them are the bulk of the corpus.
PARTIES = ("AM", "AZ")
#: States (besides the parties) that comment on the conflict, by weight.
THIRD_STATES = {"RU": 5, "TR": 4, "US": 4, "FR": 3, "IR": 3, "DE": 1, "GB": 1, "GE": 1, "CN": 1,
                "EG": 1, "SA": 1, "QA": 1, "IT": 1, "CA": 1, "UA": 1, "KZ": 1}
#: International bodies (gazetteer keys) that comment on the conflict.
INTERNATIONAL = ("intl-eu", "intl-un", "intl-osce", "intl-osce-minsk-group", "intl-csto",
                 "intl-european-parliament", "intl-arab-league", "intl-oic", "intl-nato",
                 "intl-council-of-europe", "intl-organization-of-turkic-states")
#: Institutions completed with a nisba adjective (``institutions.json`` ids).
INSTITUTIONS = ("ministry-of-defence", "ministry-of-foreign-affairs", "government", "armed-forces",
                "parliament", "ministry-of-internal-affairs")
#: News agencies for datelines (gazetteer keys).
AGENCIES = ("agency-armenpress", "agency-azertac", "agency-tass", "agency-anadolu", "agency-reuters",
            "agency-afp", "agency-ria-novosti", "agency-interfax", "agency-irna", "agency-ap")

#: (first, last) day of each episode the publication dates are drawn from, with weights.
EPISODES = (
    ((date(2016, 4, 1), date(2016, 4, 10)), 2),
    ((date(2020, 7, 12), date(2020, 7, 24)), 2),
    ((date(2020, 9, 27), date(2020, 11, 12)), 5),
    ((date(2021, 5, 12), date(2021, 11, 20)), 2),
    ((date(2022, 9, 12), date(2022, 9, 30)), 3),
    ((date(2023, 9, 19), date(2023, 10, 5)), 3),
)
MONTHS = ("يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر",
          "أكتوبر", "نوفمبر", "ديسمبر")
WEEKDAYS = ("الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد")  # date.weekday()

#: Blame sentence patterns per kind: ``{V}`` is the verb (m/f form from ``VERBS``), ``{S}`` the
#: speaker, ``{T}`` the target, ``{W}`` a time phrase (may be empty), ``{P}`` a place, ``{ACT}``
#: a hostile act (a masdar phrase), ``{Q}`` an opening quote phrase.
BLAME_PATTERNS: dict[str, tuple[tuple[str, str], ...]] = {
    "accuse": (
        ("accuse", "{V} {S}{W} {T} ب{ACT}."),
        ("accuse", "و{V} {S} {T}{W} ب{ACT}، {STRESSING} أن الوضع على الحدود لا يزال متوترا."),
        ("accuse", "{V} {S} في بيان{W} {T} ب{ACT}."),
    ),
    "condemn": (
        ("condemn", "{V} {S}{W} بشدة الهجوم الذي شنته {T} على {P}."),
        ("condemn", "{V} {S} {ACT} من قبل {T}{W}، {DESCRIBING} إياه بأنه غير مقبول."),
        ("denounce", "{V} {S}{W} بهجمات {T} على {P}."),
    ),
    "hold_responsible": (
        ("hold", "{V} {S}{W} {T} المسؤولية الكاملة عن التصعيد في {P}."),
        ("hold", "{V} {S} {T} مسؤولية {ACT}{W}."),
        ("hold", "{V} {S} {T}{W} مسؤولية ما يحدث في {P}."),
    ),
    "describe_as_aggression": (
        ("describe", "{V} {S}{W} هجمات {T} على {P} بأنها عدوان صريح."),
        ("describe", "{V} {S} ما قامت به {T} في {P}{W} بأنه اعتداء على سيادة البلاد."),
        ("consider", "{V} {S}{W} أن ما تقوم به {T} في {P} عدوان سافر."),
    ),
    "call_to_stop": (
        ("call", "{V} {S}{W} {T} إلى وقف هجماتها على {P} فورا."),
        ("demand", "{V} {S} {T}{W} بوقف قصف {P}."),
        ("call", "{V} {S}{W} {T} إلى وقف قصف المناطق المدنية في {P}."),
    ),
    "deny": (
        ("deny", "{V} {S}{W} اتهامات {T} ب{ACT}، {DESCRIBING} إياها بأنها مضللة."),
        ("reject", "{V} {S}{W} الاتهامات التي وجهتها {T} بشأن {ACT}."),
        ("deny", "{V} {S}{W} ما ذكرته {T} عن {ACT}، {STRESSING} أنها معلومات كاذبة."),
    ),
}
#: Circumstantial participles after a blame clause, agreeing with the speaker (m, f).
STRESSING = ("مؤكدا", "مؤكدة")
DESCRIBING = ("واصفا", "واصفة")
#: Verb forms: lemma → (masculine, feminine) 3rd person singular perfect.
VERBS = {
    "accuse": (("اتهم", "اتهمت"),),
    "condemn": (("أدان", "أدانت"), ("دان", "دانت"), ("استنكر", "استنكرت")),
    "denounce": (("ندد", "نددت"),),
    "hold": (("حمّل", "حمّلت"), ("حمل", "حملت")),
    "describe": (("وصف", "وصفت"),),
    "consider": (("اعتبر", "اعتبرت"),),
    "call": (("دعا", "دعت"), ("حث", "حثت")),
    "demand": (("طالب", "طالبت"),),
    "deny": (("نفى", "نفت"),),
    "reject": (("رفض", "رفضت"),),
}
#: Hostile acts, as masdar phrases (``{P}`` is a place).
ACTS = ("قصف مواقع مدنية في {P}", "انتهاك وقف إطلاق النار", "شن هجوم على {P}",
        "استهداف البنية التحتية في {P}", "إطلاق النار على مواقع في {P}",
        "خرق الهدنة قرب {P}", "استخدام طائرات مسيرة ضد {P}", "زرع ألغام على طرق {P}")
#: Quoted blame (speech verb + quote): the kind, the verb lemma, and the quote with ``{T}``.
QUOTES = (
    ("hold_responsible", "{T} تتحمل المسؤولية الكاملة عن هذا التصعيد"),
    ("accuse", "نتهم {T} بانتهاك وقف إطلاق النار بشكل صارخ"),
    ("condemn", "ندين بشدة العدوان الذي ترتكبه {T}"),
)
SPEECH = (("قال", "قالت"), ("أكد", "أكدت"), ("أضاف", "أضافت"))
TIMES_RELATIVE = ("أمس", "اليوم", "مساء أمس", "صباح اليوم")

CASUALTY = (
    "{V} {S} مقتل {N} من جنودها في الاشتباكات{W}.",
    "{V} {S}{W} إصابة {N} مدنيين جراء القصف على {P}.",
    "{V} {S} أن {N} عسكريين قتلوا وأصيب آخرون في {P}.",
)
EVENTS = (
    "وتعرضت {P} لقصف مدفعي كثيف{W}، بحسب شهود عيان.",
    "واندلعت اشتباكات عنيفة قرب {P}{W} استخدمت فيها الأسلحة الثقيلة.",
    "وأفادت تقارير بأن طائرة مسيرة استهدفت موقعا عسكريا في {P}{W}.",
    "وشهدت المنطقة المحيطة ب{P} تبادلا لإطلاق النار استمر عدة ساعات.",
)
BACKGROUND = (
    "ويعود النزاع بين البلدين إلى أواخر ثمانينيات القرن الماضي، حين اندلعت حرب حول إقليم "
    "ناغورنو قره باغ أسفرت عن مقتل نحو ثلاثين ألف شخص ونزوح مئات الآلاف.",
    "وتقع {P} على مقربة من خط التماس، وقد شهدت خلال السنوات الأخيرة مواجهات متكررة بين "
    "الجانبين، ما دفع كثيرا من السكان إلى مغادرة منازلهم.",
    "ويرى مراقبون أن التصعيد الأخير يهدد مسار المفاوضات الرامية إلى توقيع اتفاق سلام شامل "
    "وترسيم الحدود بين البلدين، في ظل تباين مواقف الوسطاء الإقليميين والدوليين.",
    "وكانت الحرب التي اندلعت في خريف عام 2020 قد استمرت أربعة وأربعين يوما، وانتهت باتفاق "
    "رعته موسكو نشرت بموجبه قوات حفظ سلام في المنطقة.",
    "وتشير تقديرات منظمات إنسانية إلى أن آلاف المدنيين في {P} والقرى المجاورة لها يعيشون "
    "أوضاعا صعبة بسبب انقطاع الطرق ونقص المواد الغذائية والأدوية.",
    "وعقد وزيرا خارجية البلدين جولات عدة من المحادثات خلال الأشهر الماضية، من دون أن تسفر "
    "عن نتائج ملموسة بشأن القضايا العالقة، ولا سيما ترسيم الحدود وفتح طرق النقل.",
    "ويقول سكان محليون في {P} إنهم يسمعون أصوات الانفجارات بشكل شبه يومي، وإن المدارس "
    "أغلقت أبوابها منذ بداية المواجهات الأخيرة.",
    "وتحدثت وسائل إعلام محلية عن حركة نزوح من القرى الحدودية باتجاه {P}، في حين فتحت "
    "السلطات مراكز إيواء مؤقتة للعائلات المتضررة.",
    "ويأتي هذا التطور بعد أيام من زيارة قام بها وفد دولي إلى المنطقة لبحث سبل تثبيت الهدنة "
    "وتبادل الأسرى ورفات القتلى بين الطرفين.",
    "وتبلغ مساحة الإقليم نحو أربعة آلاف وأربعمئة كيلومتر مربع، ويقطنه وفق تقديرات سابقة نحو "
    "مئة وعشرين ألف نسمة، غالبيتهم من الأرمن.",
)
HEADINGS = ("خلفية النزاع", "ردود الفعل الدولية", "الوضع الميداني", "الخسائر البشرية",
            "المواقف الرسمية", "التطورات الأخيرة")


@dataclass(frozen=True)
class Party:
    """An actor as written in a sentence: its Arabic surface, gazetteer key, verb gender, state."""

    surface: str
    key: str
    gender: str  # "m" or "f": the agreement of the verb before it
    iso: str | None  # the state it belongs to (None: international)


@dataclass(frozen=True)
class PlantedStatement:
    """A blame statement written into an article: what the extractor should find there."""

    kind: str
    speaker: str  # gazetteer key
    target: str
    start: int  # the sentence, as offsets into the article text
    end: int


@dataclass(frozen=True)
class SyntheticArticle:
    id: str
    text: str
    published: date
    outlet: str
    planted: tuple[PlantedStatement, ...]


class Generator:
    """Writes synthetic articles from the curated knowledge (see module doc); deterministic."""

    def __init__(self, knowledge: Knowledge, gazetteer_dir: Path, seed: int = 0) -> None:
        self.seed = seed
        states = json.loads((gazetteer_dir / "states.json").read_text(encoding="utf-8"))["states"]
        places = json.loads((gazetteer_dir / "places.json").read_text(encoding="utf-8"))["places"]
        persons = json.loads((gazetteer_dir / "persons.json").read_text(encoding="utf-8"))["actors"]
        insts = json.loads((gazetteer_dir / "institutions.json").read_text(encoding="utf-8"))
        inst_gender = {i["id"]: i["gender"] for i in insts["institutions"]}
        self.side: dict[str, list[Party]] = {}  # iso → parties speaking for that state
        self.targets: dict[str, list[tuple[list[Party], float]]] = {}  # iso → (parties, weight)
        self.capital: dict[str, str] = {}
        for iso in (*PARTIES, *THIRD_STATES):
            info = states[iso]
            state = knowledge.state(iso)
            # The usual name three times as often as the first variant spelling.
            names = [Party(n, state.key, "f", iso) for n in info["names"][:1] * 3 + info["names"][1:2]]
            metonyms = [Party(m["ar"], state.key, m.get("gender", "f"), iso)
                        for m in info.get("metonyms", [])[:1]]
            self.capital[iso] = metonyms[0].surface if metonyms else info["names"][0]
            bodies = []
            for inst in INSTITUTIONS:
                actor = knowledge.actor(f"{inst}-{iso.lower()}")
                if actor is None:
                    continue
                g = inst_gender[inst]
                bodies.append(Party(actor.label_ar, actor.key, "f" if g == "f" else "m", iso))
            people = [Party(p["label_ar"], p["key"], p.get("gender", "m"), iso)
                      for p in persons if p.get("country") == iso]
            self.side[iso] = names + metonyms + bodies * 2 + people
            # Targets: the state (by name or capital) half of the time, else a body or a person.
            self.targets[iso] = [(names + metonyms, 0.5), (bodies, 0.25), (people, 0.25)]
        self.international = [Party(a.label_ar, a.key, "m" if a.gender == "m" else "f", None)
                              for a in (knowledge.actor(k) for k in INTERNATIONAL) if a is not None]
        self.places = {iso: [p["label_ar"] for p in places
                             if p.get("country") == iso and p.get("parent") is not None]
                       for iso in PARTIES}
        self.agencies = [a.label_ar for a in (knowledge.actor(k) for k in AGENCIES) if a is not None]
        self.third = list(THIRD_STATES)
        self.third_weights = list(THIRD_STATES.values())

    # ------------------------------------------------------------------ one article

    def article(self, index: int) -> SyntheticArticle:
        """Article number ``index`` (the same text for the same seed and index)."""
        rng = random.Random(f"kg-synthetic:{self.seed}:{index}")
        (first, last), = rng.choices([e[0] for e in EPISODES], [e[1] for e in EPISODES])
        published = first + timedelta(days=rng.randrange((last - first).days + 1))
        home = rng.choice(PARTIES)
        agency = rng.choice(self.agencies)
        out = _Text()
        out.add(f"{self.capital[home]}، {published.day} {MONTHS[published.month - 1]} "
                f"{published.year} ({agency}) - ")
        planted: list[PlantedStatement] = []
        target_len = rng.randint(6000, 10000)
        paragraph = 0
        while out.bytes() < target_len:
            if paragraph and rng.random() < 0.25:
                out.add(rng.choice(HEADINGS) + "\n")
            for k in range(rng.randint(3, 5)):
                if k:
                    out.add(" ")
                roll = rng.random()
                if roll < 0.42:
                    self._blame(rng, published, out, planted)
                elif roll < 0.52:
                    self._casualty(rng, published, out)
                elif roll < 0.70:
                    self._event(rng, published, out)
                else:
                    out.add(rng.choice(BACKGROUND).format(P=self._place(rng)))
            out.add("\n")
            paragraph += 1
        text = out.value().rstrip() + "\n"
        return SyntheticArticle(f"syn{self.seed:02d}-{index:07d}", text, published, agency, tuple(planted))

    def articles(self, count: int, start: int = 0) -> Iterator[SyntheticArticle]:
        for i in range(start, start + count):
            yield self.article(i)

    # ------------------------------------------------------------------ sentences

    def _pair(self, rng: random.Random) -> tuple[Party, Party]:
        """A speaker and a target: mostly one party blaming the other, else a third party."""
        if rng.random() < 0.7:
            a = rng.choice(PARTIES)
            b = "AZ" if a == "AM" else "AM"
            return rng.choice(self.side[a]), self._target(rng, b)
        target = self._target(rng, rng.choice(PARTIES))
        if rng.random() < 0.35 and self.international:
            return rng.choice(self.international), target
        iso = rng.choices(self.third, self.third_weights)[0]
        return rng.choice(self.side[iso]), target

    def _target(self, rng: random.Random, iso: str) -> Party:
        groups = [(g, w) for g, w in self.targets[iso] if g]
        group = rng.choices([g for g, _ in groups], [w for _, w in groups])[0]
        return rng.choice(group)

    def _when(self, rng: random.Random, published: date) -> str:
        roll = rng.random()
        if roll < 0.3:
            return ""
        if roll < 0.55:
            return " " + rng.choice(TIMES_RELATIVE)
        day = published - timedelta(days=rng.randrange(0, 4))
        if roll < 0.75:
            return f" يوم {WEEKDAYS[day.weekday()]}"
        return f" في {day.day} {MONTHS[day.month - 1]}"

    def _place(self, rng: random.Random) -> str:
        return rng.choice(self.places[rng.choice(PARTIES)])

    def _blame(self, rng: random.Random, published: date, out: _Text, planted: list) -> None:
        speaker, target = self._pair(rng)  # never of one state: the pairs cross sides
        when = self._when(rng, published)
        place = self._place(rng)
        if rng.random() < 0.12:
            kind, quote = rng.choice(QUOTES)
            verb = rng.choice(SPEECH)[speaker.gender == "f"]
            sentence = f"و{verb} {speaker.surface}{when} في بيان: «{quote.format(T=target.surface)}»."
        else:
            kind = rng.choice(sorted(BLAME_PATTERNS))
            lemma, pattern = rng.choice(BLAME_PATTERNS[kind])
            verb = rng.choice(VERBS[lemma])[speaker.gender == "f"]
            act = rng.choice(ACTS).format(P=place)
            fem = speaker.gender == "f"
            sentence = pattern.format(V=verb, S=speaker.surface, T=target.surface, W=when, P=place, ACT=act,
                                      STRESSING=STRESSING[fem], DESCRIBING=DESCRIBING[fem])
        start = out.length()
        out.add(sentence)
        planted.append(PlantedStatement(kind, speaker.key, target.key, start, out.length()))

    def _casualty(self, rng: random.Random, published: date, out: _Text) -> None:
        iso = rng.choice(PARTIES)
        speaker = rng.choice([p for p in self.side[iso] if "defence" in p.key or "ministry" in p.key]
                             or self.side[iso])
        verb = rng.choice((("أعلن", "أعلنت"), ("ذكر", "ذكرت")))[speaker.gender == "f"]
        out.add(rng.choice(CASUALTY).format(V=verb, S=speaker.surface, N=rng.randint(2, 60),
                                            W=self._when(rng, published), P=self._place(rng)))

    def _event(self, rng: random.Random, published: date, out: _Text) -> None:
        out.add(rng.choice(EVENTS).format(P=self._place(rng), W=self._when(rng, published)))


class _Text:
    """An article under construction: parts appended, offsets counted in characters."""

    def __init__(self) -> None:
        self.text_parts: list[str] = []
        self._chars = 0
        self._bytes = 0

    def add(self, part: str) -> None:
        self.text_parts.append(part)
        self._chars += len(part)
        self._bytes += len(part.encode())

    def length(self) -> int:
        return self._chars

    def bytes(self) -> int:
        return self._bytes

    def value(self) -> str:
        return "".join(self.text_parts)


def as_article(synthetic: SyntheticArticle) -> Article:
    """The article as :func:`kg.corpus.read_corpus` would read it back from :func:`write_corpus`."""
    data = synthetic.text.encode()
    return Article(id=synthetic.id, text=synthetic.text, file_name=f"{synthetic.id}.txt",
                   sha256=hashlib.sha256(data).hexdigest(), published=synthetic.published,
                   published_basis=PUBLISHED_BASIS, outlet=synthetic.outlet)


def write_corpus(articles: Sequence[SyntheticArticle] | Iterator[SyntheticArticle], directory: Path) -> int:
    """Write ``ID.txt`` + ``ID.json`` (the corpus metadata contract, kg.corpus) for each article;
    returns how many were written."""
    directory.mkdir(parents=True, exist_ok=True)
    n = 0
    for a in articles:
        data = a.text.encode()
        (directory / f"{a.id}.txt").write_bytes(data)
        meta = {"id": a.id, "file_name": f"{a.id}.txt", "language": "ar",
                "published": a.published.isoformat(),
                "published_basis": PUBLISHED_BASIS,
                "outlet": a.outlet, "url": None, "sha256": hashlib.sha256(data).hexdigest()}
        (directory / f"{a.id}.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n",
                                                encoding="utf-8")
        n += 1
    return n
