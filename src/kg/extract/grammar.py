"""Function words and small closed classes the statement engine reads around mentions and cues.

These are grammar, not vocabulary of the conflict: prepositions that mark a victim or location,
complementisers that open a reported clause, words for "both sides", anaphoric nouns that point
back at the last speaker. Open classes (verbs of speech and blame, hostile acts, actors) live in
the lexicon and gazetteer (``knowledge.py``).

All comparisons are made on :func:`norm_word` forms (diacritics and tatweel removed, hamza seats
and alef maksura folded, as in ``text.search_view``).
"""

from __future__ import annotations

import re
from functools import lru_cache

NAME = "grammar"
VERSION = "0.4.0"

_MARKS = re.compile("[\u064b-\u065f\u0670\u0640\u200b-\u200f]")
_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي"})

#: A word: letters, digits and the combining marks inside Arabic words.
WORD = re.compile(r"[\w\u064b-\u065f\u0670\u0640]+")


@lru_cache(maxsize=1 << 16)
def norm_word(word: str) -> str:
    return _MARKS.sub("", word).translate(_FOLD)


def words(text: str) -> list[str]:
    """Normalised words of ``text``."""
    return [norm_word(w) for w in WORD.findall(text)]


def _forms(*items: str) -> frozenset[str]:
    return frozenset(norm_word(i) for i in items)


#: Prepositions (and nouns of territory or position) after which a party is a victim, a place or a
#: companion, never the agent
#: (ANNOTATION.md: "never the victim after على/ضد/داخل/باتجاه/في").
VICTIM_PREPS = _forms("على", "علي", "ضد", "داخل", "باتجاه", "اتجاه", "تجاه", "في", "إلى", "الى", "مع",
                      "نحو", "بين", "حول", "لصالح", "عبر", "وعلى", "وضد", "وفي", "وإلى", "ومع", "وبين",
                      "بحق", "لدى", "عن", "أراضي", "اراضي", "مواقع", "لمواقع", "حدود", "مناطق", "أهداف",
                      # "قصفت مدينة ستيباناكرت": a town or region named after its head noun is a place
                      "مدينة", "مدينتي", "بلدة", "قرية", "قرى", "العاصمة", "عاصمة", "منطقة", "منطقتي",
                      "إقليم", "محافظة")
#: Complementisers that open a reported clause: a subject search stops at them.
COMPLEMENTISERS = _forms("إن", "أن", "ان", "أنه", "إنه", "أنها", "إنها", "بأن", "بأنه", "بأنها", "وأن",
                         "وإن", "فإن", "أنّ", "إنّ", "لأن", "أنهم", "إنهم")
#: Words that may stand between a verb and its postposed subject ("أعلنت، الثلاثاء، وزارة…").
SUBJECT_GAP_OK = _forms("في", "بيان", "بيانها", "بيانه", "له", "لها", "أيضا", "أيضًا", "ايضا", "اليوم",
                        "أمس", "امس", "مساء", "صباح", "فجر", "ليل", "يوم", "الأحد", "الاثنين", "الإثنين",
                        "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "رسمي", "صحفي", "وقت",
                        "سابق", "لاحق", "بدوره", "بدورها", "قد", "كذلك", "الماضي", "من", "جانبه",
                        "جانبها", "تصريح", "تصريحات", "مؤتمر", "مشترك", "السيد", "السيدة", "الدكتور", "بذلك",
                        "ذلك", "بهذا", "كل")
#: Heads of a speaker phrase whose affiliation follows ("قال مسؤول أمني أرميني", "مصدر في …").
SPEAKER_HEADS = _forms("مسؤول", "مسؤولون", "مصدر", "مصادر", "متحدث", "ناطق", "مستشار", "سفير", "نائب",
                       "دبلوماسي", "دبلوماسيون", "مسؤولو", "أمني", "عسكري", "كبير", "رفيع", "المستوى",
                       "مسؤولة", "متحدثة", "ناطقة", "رئيس", "رئيسة", "أمين", "الأمين", "العام", "وفد", "زعيم",
                       "قائد", "قادة", "لقادة", "أعضاء", "عضو", "ممثل", "مبعوث", "وزير", "وزيرة", "مساعد",
                       "مستشارة", "قيادة", "بيان", "بيانات", "تصريح", "تصريحات", "مدير", "مديرة")
#: Words that may stand between a preposed subject and its verb ("وكانت يريفان قد أعلنت").
PREPOSED_GAP_OK = _forms("قد", "كانت", "كان", "بدوره", "بدورها", "أيضا", "ايضا", "فقد", "وقد", "لقد",
                         "بدورهما", "ثم", "بالمقابل")
#: "both sides": a call on them is not blame (ANNOTATION.md "Not blame").
BOTH_SIDES = re.compile(
    r"(?<!\w)(?:[وفل]?(?:ال)?(?:طرفين|طرفان|جانبين|جانبان|بلدين|بلدان|دولتين|دولتان|أطراف|اطراف|"
    r"طرفي|جانبي|بلدي|الجمهوريتين)|كلا|كلتا|جميع الأطراف|كل الأطراف|الجميع)(?!\w)"
)
#: "each … the other": mutual blame without a noun of exchange (حمّلت كل دولة الأخرى المسؤولية).
EACH_OTHER = re.compile(
    r"(?<!\w)(?:كل|كلا|كلتا)(?!\w)[^.،؛]{0,40}?(?<!\w)[لو]?(?:ل?ل?[اأآ]خر|ال[اأآ]خر|ال[اأآ]خرى|الاخرى|"
    r"بعضهما|بعضهم)(?!\w)"
    r"|(?<!\w)(?:إحداهما|احداهما|أحدهما|احدهما)\s+(?:ال[اأآ]خرى|الاخرى|ال[اأآ]خر)(?!\w)"
)
#: Nouns that point back at the last speaker ("وأضاف البيان", "وذكرت الوزارة").
ANAPHORIC_SPEAKER = _forms("البيان", "الوزارة", "الحكومة", "الرئاسة", "المتحدث", "المتحدثة", "الناطق",
                           "الناطقة", "المصدر", "الرئيس", "المسؤول", "الوكالة", "الجيش")
#: Words asking a party to stop, withdraw or comply: a call on ONE party with them is call_to_stop.
STOP_REQUEST = re.compile(
    r"(?<!\w)[وبل]?(?:ل?ل?)?(?:وقف|يوقف|توقف|توقيف|التوقف|الوقف|إيقاف|ايقاف|إنهاء|انهاء|الكف|الانسحاب|"
    r"انسحاب|تنسحب|ينسحب|سحب|بسحب|الامتثال|احترام|الالتزام|التخلي|الإفراج|الافراج|إطلاق سراح|"
    r"رفع الحصار|فتح ممر|الكف عن|وضع حد)"
)
#: Weapons: a party of the other side as the subject of a clause that names them is using them.
WEAPONS = re.compile(
    r"(?<!\w)[وبل]?(?:ال)?(?:مدفعية|المدفعية|مدافع|قذائف|هاون|الهاون|صواريخ|راجمات|دبابات|مسيرات|مسيّرات|"
    r"طائرات\s+(?:مسيرة|مسيّرة|بدون\s+طيار|دون\s+طيّ?ار|من\s+دون\s+طيّ?ار)|طائرة\s+مسيرة|"
    r"أسلحة\s+ثقيلة|الأسلحة\s+الثقيلة|رشاشات|قناصة)(?!\w)"
)
#: Verbs and nouns of losing or destroying: weapons after them are the party's losses, not its arms.
LOSS = _forms("خسر", "خسرت", "فقد", "فقدت", "دمر", "دمرت", "تدمير", "بتدمير", "أسقط", "أسقطت", "إسقاط",
              "خسارة", "خسائر", "تكبد", "تكبدت", "اغتنام", "غنم", "استولى", "صادر")
#: Number words (counts of losses).
NUMBER_WORDS = _forms("واحد", "اثنين", "اثنان", "ثلاث", "ثلاثة", "أربع", "أربعة", "خمس", "خمسة", "ست", "ستة",
                      "سبع", "سبعة", "ثماني", "ثمانية", "تسع", "تسعة", "عشر", "عشرة", "عشرات", "مئات")
#: "By the fire of": the party that follows owns the weapon (قتل برصاص قناص أرميني).
BY_WEAPON = re.compile(r"(?<!\w)(?:برصاص|بنيران|بنيران|بقذيفة|بقذائف|بصاروخ|بصواريخ|بقصف|بغارة|بغارات|بمسيرة|"
                       r"بطائرة\s+مسيرة)(?!\w)")
#: The enemy, said by one side of a two-sided conflict, is the other side.
ENEMY = re.compile(r"(?<!\w)[وفلب]?(?:ال)?(?:عدو|أعداء|اعداء|العدوّ)(?!\w)")
#: Obligation with the obliged party after على: "يجب على X أن يوقف", "إن على X الانسحاب".
#: ("أن "على X أن …" after a verb of saying, the quote mark between).
OBLIGATION = re.compile(r"(?<!\w)(?:يجب|ينبغي|يتعين|يتوجب|لا بد|لابد|إن|ان|أن|وعلى|فعلى)"
                        r"\s*[\"«“]?\s*(?:على\s+)?$")
#: Words before a hostile act that stop or prevent it ("وقف إطلاق النار", "منع التصعيد").
STOP_BEFORE_ACT = _forms("وقف", "لوقف", "بوقف", "ووقف", "إيقاف", "ايقاف", "إنهاء", "انهاء", "لإنهاء", "منع",
                         "لمنع", "ومنع", "تجنب", "لتجنب", "عدم", "بعدم", "دون", "الكف", "التوقف", "توقف",
                         "وقفا", "لاتفاق", "اتفاق", "قمع", "لقمع", "إسكات", "لإسكات", "اسكات", "لاسكات")
#: Lemmas of suffering (kill, wound, capture): the party before the verb is the victim.
SUFFERING_LEMMAS = _forms("قتل", "أصاب", "جرح", "أسر", "استشهد", "لقي", "مقتل", "إصابة", "اصابة", "أعدم",
                          "إعدام", "عذب", "تعذيب")
#: Aggression nouns that name a breach of an agreement or of law, not an aggression: calling an act a
#: violation accuses its author (ANNOTATION.md: the aggression kind is for عدوان، استفزاز، إرهاب…).
VIOLATION_LEMMAS = _forms("انتهاك")
#: Nouns of armed groups: an aggression adjective after them (مجموعات تخريبية، عناصر إرهابية) names
#: the party, not its act — the act they are said to do decides the kind.
ARMED_GROUP_NOUNS = _forms("مجموعات", "مجموعة", "جماعات", "جماعة", "عناصر", "خلايا", "خلية", "فرق", "فرقة",
                           "المجموعات", "الجماعات", "العناصر")
#: Negation before a verb: the opponent "did not / does not" (a complaint, hence blame).
NEGATION = _forms("لم", "لا", "لن", "ليس", "ليست", "ولم", "ولا", "ولن", "وليس", "ما", "غير")
#: Words naming the occasion of a speech ("خلال اجتماع لمجلس الأمن", "أمام البرلمان", "على هامش
#: قمة"): a party after them is where the speaker spoke, not what it said.
OCCASION_PREPS = _forms("خلال", "أمام", "امام", "هامش", "أثناء", "اثناء", "لدى", "اجتماع", "اجتماعه",
                        "اجتماعها", "لقاء", "لقائه", "لقائها", "قمة", "جلسة")
#: Between an anaphoric speaker noun and the person it names ("المتحدثة باسمها شوشان ستيبانيان").
ANAPHOR_LINKS = _forms("باسمه", "باسمها", "باسمهم", "باسمهما")
#: "ترفض محاولات يريفان تحميل …": the nouns of attempts a denial rejects; a blame masdar after
#: "محاولات X" is what X tried, reported by the one who rejects it — not X's statement.
ATTEMPT_NOUNS = _forms("محاولات", "محاولة", "مساعي", "ومحاولات")
ATTEMPT_LEMMA_END = "محاولات"
#: Links that open an explanatory clause whose verb shares the main clause's subject ("وذهبت X إلى
#: أبعد من ذلك، إذ قالت إن …").
CLAUSE_LINKS = _forms("إذ", "اذ")
#: "لم تقم بواجبها", "لم يف بالتزاماته", "لا تلتزم بتعهداتها": a party failing its duty (a complaint
#: against it, whoever it is), right after the party.
DUTY_FAILURE = re.compile(
    r"\s*(?:[^\s،.]+\s+){0,2}?(?:لم|لا)\s+(?:ت|ي)(?:قم|قوم|قوما|قوموا)\s+ب(?:واجب|مهام|مهمت|دور|التزام)"
    r"|\s*(?:[^\s،.]+\s+){0,2}?(?:لم|لا)\s+(?:ت|ي)(?:ف|في|لتزم)\s+ب(?:التزام|تعهد|واجب|وعود)")
#: Nouns of claims whose owner follows in the genitive ("اتهامات يريفان").
CLAIM_NOUNS = _forms("اتهامات", "الاتهامات", "مزاعم", "ادعاءات", "تصريحات", "اتهام")
#: Conditional particles: blame in a protasis ("إذا تأكد أن X بدأت الهجوم") or an apodosis
#: ("X سيتحمل المسؤولية إذا …") is hypothetical, not attributed (ANNOTATION.md negatives).
CONDITIONAL = _forms("إذا", "اذا", "وإذا", "فإذا", "لو", "ولو", "لئن")
#: ... and the multi-word ones: "في حال", "إن ثبت/تأكد/تبين/صح"
CONDITIONAL_PHRASE = re.compile(
    r"(?<![\w\u0600-\u06ff])(?:في\s+حال|[إا]ن\s+(?:ثبت|تأكد|تبين|صح))(?![\w\u0600-\u06ff])")
#: Verbs of saying that take no noun object: a definite noun after them is their subject.
SAY_LEMMAS = _forms("قال", "ذكر", "أفاد", "أوضح", "أضاف", "تابع", "صرح", "أشار", "شدد", "لفت", "نقل")
#: Words before a verb that make it an attribution ("وفق ما أفادت السلطات"): the noun after it is the
#: subject.
ATTRIBUTION_LEAD = _forms("ما", "حسبما", "بحسبما", "وفقما")
#: A call for restraint, calm or talks (not for one party to stop).
RESTRAINT = re.compile(r"ضبط النفس|التهدئة|التهدئه|الهدوء|الحوار|المفاوضات|الحل السلمي|الدبلوماسية|"
                       r"التحلي|الامتناع عن|خفض التصعيد|وقف التصعيد|عدم التصعيد|احترام الهدنة|"
                       r"احترام وقف إطلاق النار|الالتزام بوقف إطلاق النار|الالتزام بالهدنة")
#: Blame verbs that always take their target as a direct object (اتهم X بـ…).
TRANSITIVE_BLAME = _forms("اتهم")
#: Negating nouns before a verbal noun: "عدم سحب القوات", "عدم التزام أذربيجان".
#: Verbs of naming and disclosing: "عسكريين أذريين لم تحدد عددهم" — the report leaves something
#: unsaid; the party before the negation has not failed to do anything.
REPORT_GAPS = re.compile(r"^[تين]?(?:حدد|سم|سمي|ذكر|كشف|علن|وضح|فصح)(?:ه|ها|هم|هما|وا)?$")
#: Words between "وفقا لـ/بحسب" and the source they name ("وفقا لبيان صادر عن وزارة الدفاع").
ATTRIBUTION_GAP_OK = _forms("بيان", "لبيان", "البيان", "للبيان", "بيانات", "لبيانات", "تصريحات", "لتصريحات",
                            "تصريح", "لتصريح", "صادر", "الصادر", "صادرة", "الصادرة", "عن", "من", "مصادر",
                            "لمصادر", "مصدر", "لمصدر", "في", "رسمي", "مشترك", "جديد",
                            # "بحسب ما جاء/ورد في بيان لـ X"
                            "ما", "جاء", "ورد", "نشرته", "نشر", "أصدرته", "اصدرته")
#: Head nouns "side" of a state's name (الجانب الأذربيجاني، الطرف الأرميني): masculine.
SIDE_HEADS = _forms("الجانب", "الطرف", "جانب", "طرف")
#: Masculine heads of armed forces (the verb agrees with them, not with "القوات").
MASCULINE_FORCE_HEADS = _forms("جيش", "الجيش", "سلاح", "حرس", "الحرس", "جهاز")
#: "his/her country, government" as the subject of a verb inside reported words: the speaker's state.
OWN_COUNTRY = _forms("بلاده", "بلادها", "حكومته", "حكومتها", "دولته", "دولتها")
#: Verbs of replying that also mean "responding" to fire (ردت على القصف): a reply only when no
#: hostile act follows them closely.
RESPOND_LEMMAS = _forms("رد")
#: "رد على X": a reply only when X is something said (or asked); otherwise a response in arms.
RESPONSE_ON = _forms("على", "علي", "عليه", "عليها", "عليهم")
REPLY_OBJECTS = _forms("الاتهامات", "اتهامات", "الاتهام", "التصريحات", "تصريحات", "الادعاءات", "ادعاءات",
                       "المزاعم", "مزاعم", "سؤال", "أسئلة", "اسئلة", "البيان", "بيان", "الانتقادات",
                       "انتقادات", "الرسالة", "رسالة", "ذلك", "هذه", "هذا", "تلك", "سؤالا")
IN_KIND = _forms("بالمثل")
#: Blame verbs read as passive when their only party is followed at once by بـ / المسؤولية.
PASSIVE_BLAME_LEMMAS = _forms("اتهم", "حمل", "حمّل")
RESPONSIBILITY = _forms("المسؤولية", "مسؤولية", "بالمسؤولية", "المسئولية", "مسئولية")
#: Words in ب that are not the charge after a passive blame verb ("اتهمت بشدة": an adverb).
ADVERBS_OF_BLAME = _forms("بشدة", "بقوة", "بدورها", "بدوره", "بالمقابل", "بذلك", "بعد", "بين")
#: What introduces the issuer of a passive blame: "في بيان صادر عن X", "من قبل X".
ISSUER_LEAD = re.compile(r"(?:صادر|صادرة|الصادر|الصادرة)\s+عن\s*$|من\s+(?:قبل|جانب)\s*$|"
                         r"(?:وفق|وفقا\s+ل|بحسب|حسب)\s*ما\s+\S+\s*$|(?:حسبما|بحسبما|كما)\s+\S+\s*$")
#: Words of attribution before ما ("وفق ما أعلنته", "بحسب ما ذكرت"): ما is then no negation.
ATTRIBUTION_BEFORE_MA = _forms("وفق", "وفقا", "وفقاً", "حسب", "بحسب", "طبق", "طبقا", "على", "كما", "بناء",
                               "استنادا", "مثل", "خلاف", "بخلاف")
#: A pronoun or demonstrative before ما makes it "what" (وهو ما نفته باكو، هذا ما قاله الوزير).
BEFORE_RELATIVE_MA = _forms("وهو", "هو", "وهي", "هي", "وهذا", "هذا", "وذلك", "ذلك", "وهذه", "هذه")
#: Complementisers carrying the speaker as a pronoun ("قالت إنها تدين"): the verb after them is the
#: speaker's own act.
SELF_COMPLEMENTISERS = _forms("إنها", "أنها", "انها", "بأنها", "إنه", "أنه", "انه", "بأنه")
#: Definite nouns of an armed act that a condemnation may name alone ("أدانت فرنسا العملية"): the act
#: the article is about.
ACT_NOUNS = _forms("العملية", "العمليات", "الهجوم", "الهجمات", "القصف", "الاعتداء", "الاعتداءات", "العدوان",
                   "التصعيد", "الغارة", "الغارات", "التوغل")
#: Detached object pronouns ("متهمة إياها بـ…"): the object is a party named before.
DETACHED_OBJECT = _forms("إياه", "إياها", "إياهم", "إياهما", "اياه", "اياها", "اياهم")
#: Demonstratives before a noun: "هذه الهجمات" points back at an act already reported.
DEMONSTRATIVES = _forms("هذه", "هذا", "تلك", "ذلك", "هذين", "هاتين")
#: Verbs of relaying: "نقلت وكالة X عن Y" — the source after عن speaks, not the outlet.
RELAY_LEMMAS = _forms("نقل")
NEGATION_NOUNS = _forms("عدم", "وعدم", "بعدم", "لعدم", "رفض", "ورفض", "برفض")
#: Heads of institutions that outlets name without the state once it is known ("وزارة الخارجية").
INSTITUTION_HEADS = _forms("وزارة", "الوزارة", "مكتب", "مجلس", "رئاسة", "حكومة", "الحكومة", "الخارجية",
                           "الدفاع", "وكالة", "هيئة", "لجنة")
#: Relative pronouns: a verb after them is inside a relative (often parenthetical) clause.
RELATIVE_PRONOUNS = _forms("الذي", "التي", "الذين", "اللذين", "اللتين", "اللواتي")
#: Back-reference to the content already given: "أعلن بذلك X", "قال ذلك X".
BACK_REFERENCE = _forms("بذلك", "ذلك", "هذا", "بهذا")
#: Attached object or possessive pronoun suffixes (اتهمتها، استفزازاتها).
PRONOUN_SUFFIX = re.compile(r"(?:ها|هم|هما|هن)$")
QUOTE_OPEN = "\"«“„”"
QUOTE_CLOSE = "\"»”“"
