"""People that an article names as speakers, whether or not ``actors.csv`` lists them.

``actors.csv`` knows the people of the five seed articles. A new article brings new people: this module
finds them in the text, with patterns of our own (no language model; see ``benchmarks/bench_speakers.py``
for the measurement that chose them over a French named-entity model):

- a **full name**: two or more capitalised words in a row (« Hanna Virtanen », « Jānis Ozols », « Ursula
  von der Leyen »), without the words that start a sentence or name a place, an office or an institution
  (« Selon », « Maison Blanche », « Affaires étrangères »: see ``NOT_NAMES``);
- a **surname** alone, when the same article gives the full name (« Reznikov a indiqué »), or after
  « M. » / « Mme » or a title (« le président Zelensky »);
- the **title** printed with the name, before it (« le ministre russe des Affaires étrangères Sergueï
  Lavrov », « le porte-parole du Kremlin, Dmitri Peskov ») or in apposition after it (« Mikhaïl Orlov, le
  négociateur russe, a répondu que »).

A name is never a speaker where it is a complement (« la lettre de Joe Biden »). :mod:`helpers.analysis.quotes`
gives a quotation to these names with the same rule as to the names of ``actors.csv`` (next to a verb of
speech, in the same sentence) and says where the speaker comes from in its ``speaker_from`` column:
``"actors.csv"`` or ``"text"``. :func:`new_speakers` lists the speakers that come from the text, as rows
ready to paste into ``actors.csv``.

>>> [n.name for n in find_names("« Non », a déclaré le ministre estonien Kalle Tamm à Tallinn.")]
['Kalle Tamm']
"""

from __future__ import annotations

import csv
import difflib
import io
import os
import re
import unicodedata
from dataclasses import dataclass

import pandas as pd

__all__ = ["Name", "find_names", "new_speakers", "new_speakers_csv"]

_UP = "".join(chr(i) for i in range(0x20, 0x2000) if chr(i).isupper() and len(chr(i).lower()) == 1)
_LO = "".join(chr(i) for i in range(0x20, 0x2000) if chr(i).islower() and len(chr(i).upper()) == 1)
_U = f"[{re.escape(_UP)}]"
_L = f"[{re.escape(_LO)}]"
#: One capitalised word: an upper-case letter then a lower-case one (so not « OTAN », « TASS »), hyphenated
#: parts allowed (« Jean-Yves »), or an initial (« J. »).
_CAP = rf"(?:{_U}{_L}[^\W\d_]*(?:[-‐]{_U}?[^\W\d_]+)*|{_U}\.)"

#: Capitalised words that are not part of a person's name: sentence openers, titles, days and months,
#: and the places and institutions of this period. Extend it if a new article needs it.
NOT_NAMES = frozenset("""
Le La Les L Un Une Des Du De D Ce Cet Cette Ces Mais Et Ou Donc Or Ni Car Selon Pour Dans En Au Aux À A
Il Elle Ils Elles Nous Vous Je On Son Sa Ses Leur Leurs Lors Après Avant Depuis Alors Cependant Pourtant
Ainsi Toutefois Par Sur Sous Avec Sans Quant Plus Moins Tout Tous Toute Toutes Si Quand Comme Lorsque
Puisque Bien Enfin Outre Interrogé Interrogée Interrogés Plusieurs Certains Certaines Aucun Aucune Chaque
Notre Nos Votre Vos Mon Ma Mes Ceci Cela Celui Celle Ceux Qui Que Quoi Dont Où Pas Non Oui Aussi Encore
Déjà Jamais Toujours Hier Aujourd Demain Entre Contre Vers Chez Malgré Pendant Ici Là Voici Voilà Y
Lundi Mardi Mercredi Jeudi Vendredi Samedi Dimanche Janvier Février Mars Avril Mai Juin Juillet Août
Septembre Octobre Novembre Décembre
M Mme Mlle Dr Président Présidente Premier Première Ministre Secrétaire Général Générale Monsieur Madame
Sir Lord Saint Sainte Vice Chancelier Chancelière Porte-parole Ambassadeur Ambassadrice Directeur Directrice
Russie Ukraine Moscou Kiev Kyiv Washington Bruxelles Genève Vienne Paris Berlin Londres Varsovie Minsk
Europe Occident Kremlin Maison Blanche État États Unis États-Unis Union Conseil Commission Parlement
Pentagone Alliance Affaires Étrangères Défense Nations Unies Sécurité Département Ministère Institut Centre
Agence Organisation Comité Fédération Traité Accord Acte Charte Nord Sud Est Ouest Guerre Seconde Mer
Donbass Crimée Géorgie Biélorussie Pologne Lituanie Lettonie Estonie Finlande Suède Allemagne France
Chine Turquie Royaume-Uni Amérique Asie Afrique Occidentaux Européens Russes Américains Ukrainiens
Dieu Internet Twitter Facebook Telegram
""".split())

_PARTICLE = r"(?:von|van|der|den|de|du|da|di|del|della|dos|al|el|bin|ben|ibn|zu|ter|le|la)"
_SP = r"[ \u00a0\u202f]"
_RUN = re.compile(rf"(?<![\w'’-]){_CAP}(?:{_SP}(?:{_PARTICLE}{_SP})*{_CAP})*(?![\w'’-])")

#: Words that make the words before or after a name its title (« le ministre … », « son homologue … »).
TITLE_WORDS = (
    "président présidente vice-président vice-présidente premier première ministre vice-ministre "
    "vice-première vice-premier porte-parole chancelier chancelière secrétaire sous-secrétaire ambassadeur "
    "ambassadrice représentant représentante haut général générale amiral chef cheffe conseiller conseillère "
    "négociateur négociatrice député députée sénateur sénatrice commissaire diplomate analyste politologue "
    "chercheur chercheuse expert experte professeur professeure directeur directrice homologue dirigeant "
    "dirigeante journaliste correspondant correspondante maire gouverneur gouverneure émissaire envoyé "
    "envoyée responsable patron patronne collègue figure militant militante opposant opposante"
).split()
_TITLE = "|".join(sorted((re.escape(w) for w in TITLE_WORDS), key=len, reverse=True))
#: A title phrase: an article, a title word, then words of a title (no verb, no second clause).
_TITLE_BEFORE = re.compile(
    rf"(?:\b(?:le|la|les|son|sa|leur|du|au)\s+|\bl['’]|\b(?:d['’]après|selon)\s+)(?:(?:ancien|ancienne|ex-|futur|future)\s*)?"
    rf"(?:(?:{_TITLE})\b)[^.;:!?«»\"“”()]{{0,110}}?,?\s*$",
    re.IGNORECASE)
_TITLE_AFTER = re.compile(
    rf"^,\s*((?:(?:le|la|son|sa)\s+|l['’])?(?:{_TITLE})\b[^,.;:!?«»\"“”()]{{0,110}}?)\s*,", re.IGNORECASE)
_NOT_IN_TITLE = re.compile(r"\b(?:a|ont|est|sont|été|avait|qui|que|qu|et|dit|déclaré|affirmé|estimé)\b",
                           re.IGNORECASE)
#: A title ending in a preposition is not this word's title: « le ministre estonien Kalle Tamm à Tallinn ».
_ENDS_IN_PREPOSITION = re.compile(r"(?:\b(?:à|au|aux|en|de|du|des|dans|pour|sur|par|chez|avec|vers)|\bd['’])$",
                                  re.IGNORECASE)
_HONORIFIC = re.compile(r"(?:\bM\.|\bMme|\bMlle|\bDr)\s*$")
_COMPLEMENT = re.compile(r"(?:\b(?:de|du|des)|\bd['’])\s*$", re.IGNORECASE)
_ARTICLE = re.compile(r"^(?:le|la|les|son|sa|leur|du|au|l['’]|d['’]après|selon)\s*", re.IGNORECASE)


@dataclass(frozen=True)
class Name:
    """A person named in a text: where (``start``, ``end``), the ``name`` as printed, the ``full`` name it
    stands for (a surname alone points to the full name the text gives elsewhere), the ``title`` printed with
    it (French, as printed, or ``""``) and whether it is a ``complement`` (« la lettre de X »: not a speaker)."""

    start: int
    end: int
    name: str
    full: str
    title: str
    complement: bool


def _stop(word: str) -> bool:
    """A capitalised word of ``NOT_NAMES`` (« Selon », « Moscou », « États-Unis », « Saint-Pétersbourg »)."""
    key = word.rstrip(".")
    return key in NOT_NAMES or ("-" in key and key.split("-")[0] in NOT_NAMES)


def _split(run: str, offset: int) -> list[tuple[int, int, list[str]]]:
    """Cut a run of capitalised words at every word of ``NOT_NAMES``: (start, end, words) of what is left."""
    parts, cur, pos = [], [], 0
    for word in run.split():
        at = run.index(word, pos)
        pos = at + len(word)
        if word[0].isupper() and _stop(word):
            if cur:
                parts.append(cur)
            cur = []
            continue
        cur.append((at, pos, word))
    if cur:
        parts.append(cur)
    out = []
    for words in parts:
        while words and not words[0][2][0].isupper():  # a particle cannot start or end a name
            words = words[1:]
        while words and not words[-1][2][0].isupper():
            words = words[:-1]
        if words:
            out.append((offset + words[0][0], offset + words[-1][1], [w for _, _, w in words]))
    return out


def _title_before(text: str, start: int) -> str:
    left = text[max(0, start - 140):start]
    m = _TITLE_BEFORE.search(left)
    if not m:
        return ""
    phrase = m.group().strip().rstrip(",").strip()
    if _NOT_IN_TITLE.search(_ARTICLE.sub("", phrase)) or _ENDS_IN_PREPOSITION.search(phrase):
        return ""
    return _ARTICLE.sub("", phrase).strip()


def _title_after(text: str, end: int) -> str:
    m = _TITLE_AFTER.match(text[end:end + 140])
    if not m or _NOT_IN_TITLE.search(m.group(1)):
        return ""
    return _ARTICLE.sub("", m.group(1)).strip()


def find_names(text: str, a: int = 0, b: int | None = None, known=None, titles: bool = True,
               skip=None, singles: bool = True) -> list[Name]:
    """The people named in ``text[a:b]``, in order (see the module's docstring for the rules).

    ``known`` maps surnames to full names found elsewhere in the same article (see :func:`surnames`), or is
    a function that returns that map (called only if needed); a capitalised word alone is a name only if
    it is there, or after « M. », « Mme » or a title. ``titles=False`` skips the search for titles (except
    the one that makes a word alone a name); ``skip(start, end)`` leaves out spans that are already known
    (the aliases of actors.csv); ``singles=False`` keeps full names only.
    """
    b = len(text) if b is None else b
    names = []
    for run in _RUN.finditer(text, a, b):
        group = run.group()
        if " " in group or "\u00a0" in group or "\u202f" in group:
            parts = _split(group, run.start())
        elif not singles or group.endswith(".") or len(group) < 3 or _stop(group):
            continue  # the common case: one capitalised word that is no name
        else:
            parts = [(run.start(), run.end(), [group])]
        for s, e, words in parts:
            if skip is not None and skip(s, e):
                continue
            title = ""
            if len(words) == 1:
                word = words[0]
                if not singles or word.endswith(".") or len(word) < 3:
                    continue
                named = bool(_HONORIFIC.search(text[max(0, s - 6):s]))
                if not named:
                    title = _title_before(text, s)
                    named = bool(title)
                if callable(known):
                    known = known()
                if known and word in known:
                    full = known[word]
                elif named:
                    full = word
                else:
                    continue
            else:
                full = " ".join(words)
            if titles and not title:
                title = _title_before(text, s) or _title_after(text, e)
            complement = bool(_COMPLEMENT.search(text[max(0, s - 5):s]))
            names.append(Name(s, e, text[s:e], full, title, complement))
    return names


def surnames(text: str) -> dict[str, str]:
    """Surname → full name for every full name (two words or more) of ``text``; a surname that two full
    names share is left out, since it could be either."""
    out: dict[str, str] = {}
    clash = set()
    for n in find_names(text, titles=False, singles=False):
        parts = n.full.split()
        if len(parts) < 2:
            continue
        last = parts[-1]
        if last in out and out[last] != n.full:
            clash.add(last)
        out[last] = n.full
    return {k: v for k, v in out.items() if k not in clash}


# --- suggested rows for actors.csv -------------------------------------------------------------------------

#: NATO's 30 members in 2021-22, as French adjectives: a title that names one of them suggests the side
#: US/NATO (actors.csv codes allied governments so: Macron, Scholz, Truss). Russia and Ukraine by name.
_NATO_ADJ = (
    "américain britannique français allemand italien espagnol portugais néerlandais belge luxembourgeois "
    "danois norvégien islandais canadien polonais tchèque slovaque hongrois roumain bulgare estonien letton "
    "lituanien slovène croate albanais monténégrin macédonien grec turc"
).split()
_NATO_COUNTRIES = (
    "Amérique États-Unis Royaume-Uni France Allemagne Italie Espagne Portugal Pays-Bas Belgique Luxembourg "
    "Danemark Norvège Islande Canada Pologne Tchéquie Slovaquie Hongrie Roumanie Bulgarie Estonie Lettonie "
    "Lituanie Slovénie Croatie Albanie Monténégro Macédoine Grèce Turquie"
).split()
_SIDE_HINTS = [
    ("Russia", re.compile(r"\brusses?\b|\bde (?:la )?russie\b|\bdu kremlin\b|\bde moscou\b", re.IGNORECASE)),
    ("Ukraine", re.compile(r"\bukrainien(?:ne)?s?\b|\bde l['’]ukraine\b|\bde kiev\b", re.IGNORECASE)),
    ("US/NATO", re.compile(r"\b(?:" + "|".join(_NATO_ADJ) + r")(?:e|ne)?s?\b|\bde l['’]otan\b"
                           r"|\b(?:de la|de l['’]|du|des|de) (?:" + "|".join(_NATO_COUNTRIES) + r")\b"
                           r"|\bdu département d['’]état\b|\bde la maison blanche\b|\bde l['’]alliance\b",
                           re.IGNORECASE)),
]


def _side_from_title(title: str) -> str:
    sides = [side for side, pattern in _SIDE_HINTS if pattern.search(title)]
    return sides[0] if len(sides) == 1 else ""


def _slug(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", ascii_name.lower()).strip("_") or "speaker"


def _titles(source_ids, data_dir) -> dict[str, list[str]]:
    """Full name → the titles printed with it anywhere in these sources (first mention first)."""
    from helpers.data.corpus import get_source

    out: dict[str, list[str]] = {}
    for sid in source_ids:
        body = get_source(sid, data_dir).body
        for n in find_names(body, known=surnames(body)):
            if n.title:
                out.setdefault(n.full, []).append(n.title)
    return out


def new_speakers(source_id: str | None = None, data_dir: str | os.PathLike | None = None) -> pd.DataFrame:
    """The speakers of quotations that ``actors.csv`` does not list, as rows ready for ``actors.csv``.

    One row per person, with the columns of ``actors.csv`` (``actor_id``, ``name``, ``role``, ``side``,
    ``kind``, ``aliases``) filled from the text, then, to help you check them:

    - ``quotes``: how many quotations the text gives them, and ``sources``: in which sources;
    - ``similar_to``: actors.csv names that look alike (« Alexandre Loukachevitch » and « Alexander
      Lukashevich » are one man: then add the new spelling to that row's aliases instead of a new row);
    - ``evidence``: where the role and side come from.

    ``role`` is the title **as printed, in French**: translate it. ``side`` is a suggestion from the title
    (« russe » → Russia; « ukrainien » → Ukraine; an ally of 2021-22 such as « estonien » → US/NATO), empty
    when the title does not say: choose it yourself (Russia, US/NATO, Ukraine or other). Paste the rows with
    :func:`new_speakers_csv`.

    >>> new_speakers().empty  # every speaker of the five seed articles is in actors.csv
    True
    """
    from helpers.analysis.quotes import FROM_TEXT, actors_of, extract_quotes
    from helpers.data.csv_reader import read_table

    q = extract_quotes(source_id, data_dir)
    q = q.loc[q["speaker_from"] == FROM_TEXT]
    actors = read_table("actors.csv", data_dir)
    columns = list(actors.columns)
    extra = ["quotes", "sources", "similar_to", "evidence"]
    if q.empty:
        return pd.DataFrame(columns=columns + extra)
    known = actors_of(data_dir)
    titles = _titles(list(dict.fromkeys(q["source_id"])), data_dir)
    taken = set(actors["actor_id"])
    last_names = {n.split()[-1]: n for n in actors["name"] if n.strip()}
    rows = []
    for name, group in q.groupby("speaker", sort=False):
        found = titles.get(name, [])
        title = max(found, key=len) if found else ""
        side = _side_from_title(" ".join(found))
        forms = [name]
        parts = name.split()
        lower = [i for i, w in enumerate(parts) if i and w[0].islower()]  # « van der Berg »
        surname = " ".join(parts[lower[0]:]) if lower else parts[-1]
        if surname != name and surname not in known.by_alias:
            forms.append(surname)
        actor_id, k = _slug(name), 2
        while actor_id in taken:
            actor_id, k = f"{_slug(name)}_{k}", k + 1
        taken.add(actor_id)
        close = difflib.get_close_matches(parts[-1], list(last_names), n=3, cutoff=0.6)
        row = {c: "" for c in columns}
        row.update({"actor_id": actor_id, "name": name, "role": title, "side": side, "kind": "person",
                    "aliases": ";".join(forms)})
        row.update({
            "quotes": len(group), "sources": " ".join(dict.fromkeys(group["source_id"])),
            "similar_to": "; ".join(last_names[c] for c in close),
            "evidence": (f"title as printed: « {title} »" if title else "no title printed with the name")
                        + (f"; side suggested by it: {side}" if side else "; side: choose it yourself"),
        })
        rows.append(row)
    return pd.DataFrame(rows, columns=columns + extra)


def new_speakers_csv(source_id: str | None = None, data_dir: str | os.PathLike | None = None) -> str:
    """:func:`new_speakers` as CSV lines (no header) in the column order of ``actors.csv``.

    Check each line first: translate the ``role`` (printed in French), choose the ``side`` where it is
    empty, and, where ``new_speakers()`` names a ``similar_to`` actor, add the new spelling to that actor's
    aliases instead. Then paste the lines at the end of ``actors.csv``: the helpers read it again at once.

    >>> new_speakers_csv()  # nothing to add for the five seed articles
    ''
    """
    from helpers.data.csv_reader import read_table

    columns = list(read_table("actors.csv", data_dir).columns)
    rows = new_speakers(source_id, data_dir)
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows[columns].values.tolist())
    return buf.getvalue()
