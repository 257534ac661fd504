"""Direct quotations in the sources, with the speaker when the text attributes one.

Quotation styles found: « … » (with or without no-break spaces), “ … ”, " … ", and block quotes
(a paragraph followed by a dash attribution line such as ``- a souligné le secrétaire général du bloc.``,
or a short first-person paragraph with no quotation marks at all).

Attribution is a transparent heuristic, not a judgement: a quotation is given to the person named in
the same sentence next to a verb of speech (« …», a déclaré Blinken; Blinken a déclaré que « … »; « … »,
selon Blinken). "il ajouta" or "le diplomate a ajouté" goes to the last speaker of the article. Anything
else stays unattributed (``speaker`` is empty), which is itself worth a student's attention.

A person is recognised by an alias of ``actors.csv``, or, in an article that names someone the list does
not know, by the name the text prints (:mod:`helpers.analysis.speakers`: « a déclaré la ministre estonienne
Kristiina Mets », « Mikhaïl Orlov, le négociateur russe, a répondu que »). The column ``speaker_from`` says which:
``"actors.csv"`` (the curated list, with its side) or ``"text"`` (a name found in the article only: its
``side`` is empty until you add the person to ``actors.csv``; ``new_speakers()`` gives the rows).
"""

from __future__ import annotations

import os
import re
from bisect import bisect_left
from functools import lru_cache

import pandas as pd

from helpers.analysis.speakers import find_names, surnames
from helpers.data.corpus import Source, bulk, get_source, load_corpus
from helpers.data.csv_reader import read_table

QUOTE_RE = re.compile(
    r"«[ \u00a0\u202f]*(?P<g>[^«»\n]+?)[ \u00a0\u202f]*»"
    r"|“(?P<c>[^“”\n]+?)”"
    r'|"(?P<s>[^"\n]+?)"'
)
STYLES = {"g": "« »", "c": "“ ”", "s": '" "'}
SPEECH_WORDS = (
    "déclaré déclare déclarer dit ajouté ajouta ajoutant souligné soulignant affirmé affirmant affirme promis "
    "insisté insister raconté déploré rappelé évoqué averti mentionné appelé noté allégué interpellé réitéré "
    "confirmé annoncé répondu répond expliqué précisé estimé assuré indiqué selon d'après d’après jugé juge "
    "qualifié qualifie martelé prévenu reconnu répété dénoncé regretté admis écrit tweeté salué parlé "
    "résumé nuancé réagi lancé commenté relevé observé conclu tranché"
).split()
GENERIC_WORDS = ["il", "elle", "le diplomate", "la diplomate"]
_SOURCE_WORDS = ("selon", "d'après", "d’après")  # the speaker follows them: « selon X, … »
_FOR_WHOM = re.compile(r"\s*Pour\s[^,.;:«»\"“”]{1,80},")
SENTENCE_BOUNDARY = re.compile(r"[.?!][\"»”]?\s+")
_PARA = re.compile(r"\n[ \t\u00a0]*\n\s*")
_ATTRIBUTION_LINE = re.compile(r"^[-–—]\s*[a-zà-ÿ]")
_FIRST_PERSON = re.compile(r"\b(?:nous|notre|nos|je)\b", re.IGNORECASE)
_MARKS = re.compile(r"[«»“”\"]")
_COMPLEMENT = (" de ", " du ", "des ", " d'", " d’")  # what stands before a name that is a complement

COLUMNS = ["source_id", "passage_id", "quote", "style", "speaker", "side", "start", "end", "speaker_from"]
#: Where a speaker comes from: the curated list, or a name printed in the article only.
FROM_ACTORS, FROM_TEXT = "actors.csv", "text"


def trie_pattern(words: list[str]) -> str:
    """One regex alternation for many literal words, factored by common prefixes.

    ``re`` tries alternatives one by one at every position; sharing prefixes makes a long list of names
    about twice as fast to search as a plain ``a|b|c`` alternation. Longest match first, like sorting by length.
    """
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        alts = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(trie)


def _words(words: list[str]) -> re.Pattern:
    return re.compile(f"(?:{trie_pattern(words)})(?!\\w)")


SPEECH_RE = _words(SPEECH_WORDS)  # matched against lower-cased text
GENERIC_RE = re.compile(r"\b(?:" + "|".join(GENERIC_WORDS) + r")\b")


def lower_same_length(text: str) -> str:
    """``text.lower()`` with the same length, so that offsets stay valid."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def _starts(pattern: re.Pattern, text: str, a: int = 0, b: int | None = None) -> tuple[list[int], list[int]]:
    """Start and end offsets of whole-word matches of ``pattern`` in ``text[a:b]``."""
    s, e = [], []
    for m in pattern.finditer(text, a, len(text) if b is None else b):
        a = m.start()
        if a and (text[a - 1].isalnum() or text[a - 1] == "_"):
            continue
        s.append(a)
        e.append(m.end())
    return s, e


class _Actors:
    """Aliases of actors.csv compiled into one pattern; ``mentions`` finds them all in a text."""

    def __init__(self, actors: pd.DataFrame):
        self.by_alias: dict[str, tuple[str, str, bool, str]] = {}
        self.by_name: dict[str, tuple[str, str, bool, str]] = {}  # lower-cased name of a person → actor
        for row in actors.to_dict("records"):
            person = str(row.get("kind", "") or "").strip() in ("", "person")  # no kind given: a person
            who = (row["name"], row["side"], person, FROM_ACTORS)
            if person:
                self.by_name[row["name"].strip().lower()] = who
            for alias in (a.strip() for a in row["aliases"].split(";")):
                if alias:
                    self.by_alias[alias] = who
        self.pattern = _words(list(self.by_alias)) if self.by_alias else None

    def people(self, text: str, a: int = 0, b: int | None = None, known=None) -> tuple[list[int], list[tuple]]:
        """:meth:`mentions` and the names that the text prints (``helpers.analysis.speakers``), merged in order.

        A printed name that an alias covers is the alias's actor (« Dmitri Peskov » holds « Peskov »); one
        that is an actor's ``name`` is that actor; any other is a person from the text (side unknown).
        Complements are left out.
        """
        b = len(text) if b is None else b
        spans: list[tuple[int, int]] = []
        pos, who = self.mentions(text, a, b, spans)

        def covered(s: int, e: int) -> bool:
            return any(x < e and y > s for x, y in spans)

        extra = []
        for n in find_names(text, a, b, known=known, titles=False, skip=covered):
            if not n.complement:
                extra.append((n.start, self.by_name.get(n.full.lower(), (n.full, "", True, FROM_TEXT))))
        if not extra:
            return pos, who
        merged = sorted([*zip(pos, who, strict=True), *extra], key=lambda t: t[0])
        return [p for p, _ in merged], [w for _, w in merged]

    def mentions(self, text: str, a: int = 0, b: int | None = None, spans: list | None = None,
                 ) -> tuple[list[int], list[tuple]]:
        """Offsets and (name, side, is_person, from) of every alias in ``text[a:b]`` that is not a complement.

        ``spans``, if given, receives (start, end) of every alias found, complements included.
        """
        if self.pattern is None:
            return [], []
        pos, who = [], []
        for m in self.pattern.finditer(text, a, len(text) if b is None else b):
            start = m.start()
            if start and (text[start - 1].isalnum() or text[start - 1] == "_"):
                continue
            if spans is not None:
                spans.append((start, m.end()))
            if text[max(0, start - 4):start].endswith(_COMPLEMENT):
                continue  # "le collègue de Grushko": a complement, not a speaker
            pos.append(start)
            who.append(self.by_alias[m.group()])
        return pos, who


@lru_cache(maxsize=8)
def _actors_for(folder, _sig=None) -> _Actors:
    return _Actors(read_table("actors.csv", folder))


def actors_of(data_dir) -> _Actors:
    """The actors of a seeds folder, read again when actors.csv changes (rows pasted from new_speakers())."""
    folder = _folder_key(data_dir)
    try:
        st = (folder / "actors.csv").stat()
        sig = (st.st_mtime_ns, st.st_size)
    except OSError:
        sig = None  # read_table then says that the file is missing
    return _actors_for(folder, sig)


def _pick(who: list, first: bool):
    """The first (or last) person among mentions, else the first (or last) organisation."""
    people = [w for w in who if w[2]]
    pool = people or who
    if not pool:
        return None
    return pool[0] if first else pool[-1]


def _any_in(starts: list[int], a: int, b: int) -> bool:
    i = bisect_left(starts, a)
    return i < len(starts) and starts[i] < b


def quotes_in_body(body: str, source_id: str, actors: _Actors, src: Source | None = None) -> list[dict]:
    """All quotations of one body, as dicts with the columns of :data:`COLUMNS`.

    Each body is searched once per pattern (quotations, names, verbs of speech, sentence ends); each
    quotation is then attributed with a few binary searches in those lists.
    """
    low = lower_same_length(body)
    paras = []
    pos = 0
    for m in _PARA.finditer(body):
        paras.append((pos, m.start()))
        pos = m.end()
    paras.append((pos, len(body)))
    pstart = [a for a, _ in paras]
    rows: list[dict] = []
    last_speaker = None
    sentences: dict[tuple[int, int], tuple] = {}
    known: dict | None = None

    def surnames_of_body() -> dict:
        nonlocal known
        if known is None:
            known = surnames(body)
        return known

    def people(a: int, b: int):
        return actors.people(body, a, b, known=surnames_of_body)

    def scan(a: int, b: int) -> tuple:
        """Names and verbs of speech in body[a:b], searched once per sentence."""
        if (a, b) not in sentences:
            mpos, mwho = people(a, b)
            sentences[(a, b)] = (mpos, mwho, _starts(SPEECH_RE, low, a, b)[0])
        return sentences[(a, b)]

    def window(mpos, mwho, a: int, b: int):
        return mwho[bisect_left(mpos, a):bisect_left(mpos, b)]

    def generic(a: int, b: int) -> bool:
        return GENERIC_RE.search(low, a, b) is not None

    bounds: dict[int, tuple[list[int], list[int]]] = {}

    def attribute(qs: int, qe: int, quote: str):
        nonlocal last_speaker
        p0, p1 = paras[bisect_left(pstart, qs + 1) - 1]
        if p0 not in bounds:  # sentence ends of this paragraph, found once
            bounds[p0] = ([], [])
            for m in SENTENCE_BOUNDARY.finditer(body, p0, p1):
                bounds[p0][0].append(m.start())
                bounds[p0][1].append(m.end())
        bstart, bend = bounds[p0]
        k = bisect_left(bstart, qs)
        s0 = max(bend[k - 1], p0) if k and bend[k - 1] <= qs else p0
        if quote[-1:] in ".?!":
            s1 = qe
        else:
            j = bisect_left(bstart, qe)
            s1 = min(bstart[j] + 1, p1) if j < len(bstart) else p1
        mpos, mwho, vstart = scan(s0, max(s1, qe))
        found = None
        if _any_in(vstart, qe, s1):
            found = _pick(window(mpos, mwho, qe, s1), first=True)
            if found is None and generic(qe, s1):
                found = last_speaker
        if found is None:
            i = bisect_left(vstart, qs) - 1
            if i >= 0 and vstart[i] >= s0:
                cut = vstart[i]
                found = _pick(window(mpos, mwho, s0, cut), first=False)
                if found is None and low.startswith(_SOURCE_WORDS, cut):  # « Selon X, … « … » »
                    found = _pick(window(mpos, mwho, cut, qs), first=True)
                    if found is None and GENERIC_RE.match(low, cut + low[cut:].find(" ") + 1):  # « Selon elle »
                        found = last_speaker
                if found is None and generic(s0, cut):
                    found = last_speaker
        if found is None:  # « Pour X, title, … « … » »: the opinion of the person the sentence opens with
            m = _FOR_WHOM.match(body, s0, qs)
            if m:
                found = _pick([w for w in window(mpos, mwho, s0, m.end()) if w[2]], first=True)
        if found is not None and found[2]:
            last_speaker = found
        return found

    matches = list(QUOTE_RE.finditer(body))
    quoted_paras = {bisect_left(pstart, m.start() + 1) - 1 for m in matches}
    blocks = []  # (paragraph, index of its dash line or None), attributed below in the order of the text
    for k, (p0, p1) in enumerate(paras):
        para = body[p0:p1]
        if k in quoted_paras or not para.strip() or _MARKS.search(para):
            continue
        nxt = body[paras[k + 1][0]:paras[k + 1][1]] if k + 1 < len(paras) else ""
        if _ATTRIBUTION_LINE.match(nxt):
            blocks.append((k, k + 1))
        elif len(para.strip()) < 300 and _FIRST_PERSON.search(para):
            blocks.append((k, None))

    def block_speaker(p0: int, line: int | None):
        """The speaker of a block quotation, from its dash line; who was the last speaker before it counts."""
        nonlocal last_speaker
        if line is None:
            return None
        n0, n1 = paras[line]
        who = _pick(people(n0, n1)[1], first=True)
        if who is None and generic(n0, n1):
            who = last_speaker
        if who is None:  # "le secrétaire général du bloc": the last person named before
            before = [w for w in people(0, p0)[1] if w[2]]
            who = before[-1] if before else None
        if who is not None and who[2]:
            last_speaker = who
        return who

    events = sorted([(m.start(), m, None) for m in matches] + [(paras[b[0]][0], None, b) for b in blocks],
                    key=lambda e: e[0])
    for _, m, block in events:  # in the order of the text: rows come out sorted by start
        if m is not None:
            kind = m.lastgroup
            qs, qe = m.start(kind), m.end(kind)
            who = attribute(m.start(), m.end(), m.group(kind))
            rows.append({"source_id": source_id, "quote": m.group(kind), "style": STYLES[kind],
                         "speaker": who[0] if who else "", "side": who[1] if who else "",
                         "start": qs, "end": qe, "speaker_from": who[3] if who else ""})
            continue
        p0, p1 = paras[block[0]]
        para = body[p0:p1]
        who = block_speaker(p0, block[1])
        text = para.strip()
        lead = len(para) - len(para.lstrip())
        rows.append({"source_id": source_id, "quote": text, "style": "block",
                     "speaker": who[0] if who else "", "side": who[1] if who else "",
                     "start": p0 + lead, "end": p0 + lead + len(text), "speaker_from": who[3] if who else ""})
    if src is not None:
        for r in rows:
            r["passage_id"] = src.passage_at(r["start"])
    return rows


def extract_quotes(source_id: str | None = None, data_dir: str | os.PathLike | None = None) -> pd.DataFrame:
    """Direct quotations of one source (or all), with speaker and side where the text attributes one.

    ``speaker_from`` is ``"actors.csv"`` for a speaker of the curated list, ``"text"`` for a person that
    only the article names (side empty: see ``new_speakers()``), empty when no speaker is found.

    >>> q = extract_quotes("afp")
    >>> q.loc[q["quote"].str.startswith("Nous ne serons"), "speaker"].iloc[0]
    'Antony Blinken'
    """
    frame, sources = load_corpus(data_dir)
    ids = list(sources) if source_id is None else [get_source(source_id, data_dir).id]
    actors = actors_of(data_dir)
    with bulk():
        rows = [r for i in ids for r in quotes_in_body(sources[i].body, i, actors, sources[i])]
        return pd.DataFrame(rows, columns=COLUMNS)


def _folder_key(data_dir):
    from helpers.data.paths import data_dir as resolve

    return resolve(data_dir).resolve()


def broken_quotes(source_id: str, data_dir: str | os.PathLike | None = None) -> pd.DataFrame:
    """Guillemets that open or close nothing: traces of text lost between the original and the copy."""
    src = get_source(source_id, data_dir)
    rows, stack = [], []
    for m in re.finditer(r"[«»]", src.body):
        if m.group() == "«":
            if stack:
                rows.append((stack.pop(), "« never closed"))
            stack.append(m.start())
        elif stack:
            stack.pop()
        else:
            rows.append((m.start(), "» never opened"))
    rows += [(s, "« never closed") for s in stack]
    rows.sort()
    return pd.DataFrame(
        [{"source_id": src.id, "passage_id": src.passage_at(p), "problem": what,
          "context": src.body[max(0, p - 60):p + 60].replace("\n", " ")} for p, what in rows],
        columns=["source_id", "passage_id", "problem", "context"],
    )


def reported_speech(source_id: str | None = None, data_dir: str | os.PathLike | None = None) -> pd.DataFrame:
    """Sentences where a named person speaks without being quoted (indirect speech, paraphrase)."""
    frame, sources = load_corpus(data_dir)
    ids = list(sources) if source_id is None else [get_source(source_id, data_dir).id]
    actors = actors_of(data_dir)
    rows = []
    for i in ids:
        src = sources[i]
        for pid, text in src.passages[["passage_id", "text"]].itertuples(index=False):
            for sent in re.split(r"(?<=[.?!])\s+", text):
                if _MARKS.search(sent) or not _starts(SPEECH_RE, sent.lower())[0]:
                    continue
                who = _pick(actors.mentions(sent)[1], first=True)
                if who and who[2]:
                    rows.append({"source_id": i, "passage_id": pid, "speaker": who[0], "side": who[1],
                                 "sentence": sent})
    return pd.DataFrame(rows, columns=["source_id", "passage_id", "speaker", "side", "sentence"])

