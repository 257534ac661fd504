"""Synthesis: an evidence table, a hindsight check, a briefing-note skeleton and an epilogue.

A briefing note has a date. What it may say depends on what was public by then: the sources published
(inferred dates) on or before that date, and statements made by then. These helpers keep that line visible.

>>> from helpers import evidence_table, hindsight_check
>>> table = evidence_table(as_of="2022-01-26")
>>> hindsight_check([{"text": "The replies leaked to El País.", "evidence": "e41"}])["status"].iloc[0]
'hindsight'
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterable, Mapping

import pandas as pd

from helpers.data.corpus import find_passage, load_sources
from helpers.data.curated import SIDES, load_events, load_issues, load_positions
from helpers.errors import CourseError

__all__ = ["briefing_template", "epilogue", "evidence_table", "hindsight_check"]

DEFAULT_AS_OF = "2022-01-26"

#: Columns of :func:`evidence_table`, in order.
EVIDENCE_COLUMNS = [
    "issue_id", "issue", "side", "speaker", "date_said", "date_reported", "source_id", "passage_id", "kind",
    "french", "english", "reference_url", "position_id", "statement_id", "after_as_of", "flag",
]
#: Columns that :func:`hindsight_check` adds to the claims.
CHECK_COLUMNS = ["latest", "status", "reasons"]
#: The statuses of :func:`hindsight_check`, from the most to the least serious.
STATUSES = ("hindsight", "possible hindsight", "check", "ok")


# ---------------------------------------------------------------- small checks


def _missing(value) -> bool:
    """True for None, NaN, NaT and pd.NA (never raises on lists or strings)."""
    if value is None:
        return True
    try:
        return bool(pd.isna(value)) if not isinstance(value, (str, list, tuple, set, dict)) else False
    except (TypeError, ValueError):
        return False


def _as_of(value, name: str) -> pd.Timestamp:
    """``value`` as a day (Timestamp at midnight); otherwise a CourseError naming the fix."""
    fix = f"{name}(): as_of must be a date written like '2022-01-26' (year-month-day); it was {value!r}."
    if _missing(value) or isinstance(value, (bool, int, float)):
        raise CourseError(fix)
    if isinstance(value, str) and not value.strip():
        raise CourseError(fix)
    if not isinstance(value, (str, dt.date, pd.Timestamp)) and not hasattr(value, "dtype"):
        raise CourseError(fix)
    try:
        day = pd.Timestamp(value)
    except (TypeError, ValueError, OverflowError):
        raise CourseError(fix) from None
    if pd.isna(day):
        raise CourseError(fix)
    return day.tz_localize(None).normalize() if day.tzinfo else day.normalize()


def _day(value) -> str:
    return f"{pd.Timestamp(value):%Y-%m-%d}"


def _issue_ids(issue_ids, issues: pd.DataFrame, name: str) -> list[str]:
    known = issues["issue_id"].tolist()
    if issue_ids is None:
        return known
    if isinstance(issue_ids, str):
        issue_ids = [issue_ids]
    if not isinstance(issue_ids, (list, tuple, set, pd.Series)) or not len(issue_ids):
        raise CourseError(
            f"{name}(): issue_ids must be an issue id or a list of them, e.g. ['enlargement', "
            f"'ukraine_georgia'] (or None for all); it was {issue_ids!r}. load_issues() lists the ids."
        )
    wanted = []
    for i in issue_ids:
        if not isinstance(i, str) or i.strip() not in known:
            raise CourseError(
                f"{name}(): there is no issue {i!r}. The issues are: {', '.join(known)} (load_issues() lists them)."
            )
        wanted.append(i.strip())
    return [i for i in known if i in wanted]


# ---------------------------------------------------------------- evidence table


def evidence_table(
    issue_ids: str | list[str] | None = None,
    as_of: str | dt.date | pd.Timestamp = DEFAULT_AS_OF,
    data_dir: str | os.PathLike | None = None,
) -> pd.DataFrame:
    """Each side's stated positions, issue by issue, as far as they were knowable on ``as_of``.

    What decides is ``date_reported``, the day the words became public: a position from one of the sources is
    kept when its source was published (inferred date) on or before ``as_of``; ``passage_id`` says where to
    find it (e.g. ``rt_cnn.3``). A position from an outside reference (``kind`` "not in corpus") is always
    kept, and ``after_as_of`` is True, with a ``flag`` saying why, when it was made public after ``as_of``.
    ``date_said`` (when the words were said, ``NaT`` when unknown) is shown beside it. An issue on which a
    side has no position at all gets one row with ``kind`` "gap", so that an absence shows as a row, not as
    nothing.

    >>> t = evidence_table("enlargement")
    >>> t[["side", "speaker", "passage_id"]].iloc[0].tolist()
    ['Russia', 'Kremlin (demands as summarised by VOI)', 'voi.10']
    """
    day = _as_of(as_of, "evidence_table")
    issues = load_issues(data_dir)
    wanted = _issue_ids(issue_ids, issues, "evidence_table")
    titles = dict(zip(issues["issue_id"], issues["title"], strict=True))
    positions = load_positions(data_dir)
    src = load_sources(data_dir)
    published = dict(zip(src["id"], src["published"], strict=True))
    rows = []
    for p in positions[positions["issue_id"].isin(wanted)].to_dict("records"):
        sid = p["source_id"]
        row = {c: p.get(c, "") for c in EVIDENCE_COLUMNS if c in p}
        row.update(issue=titles[p["issue_id"]], passage_id="", after_as_of=False, flag="")
        if sid:
            if published[sid] > day:
                continue  # the source was not out yet
            row["date_reported"] = published[sid]
            row["passage_id"] = _passage_for(sid, p["french"], data_dir)
        elif p["date_reported"] > day:
            row["after_as_of"] = True
            row["flag"] = (f"outside reference made public on {_day(p['date_reported'])}, after {_day(day)}: "
                           "not knowable then")
        rows.append(row)
    table = pd.DataFrame(rows, columns=EVIDENCE_COLUMNS)
    table["after_as_of"] = table["after_as_of"].astype(bool)
    gaps = []
    for issue in wanted:
        for side in SIDES:
            if not ((table["issue_id"] == issue) & (table["side"] == side) & ~table["after_as_of"]).any():
                gaps.append({
                    "issue_id": issue, "issue": titles[issue], "side": side, "speaker": "", "date_said": pd.NaT,
                    "date_reported": pd.NaT, "source_id": "", "passage_id": "", "kind": "gap", "french": "",
                    "english": f"(no {side} position on this issue was knowable as of {_day(day)})",
                    "reference_url": "", "position_id": "", "statement_id": "", "after_as_of": False, "flag": "",
                })
    if gaps:
        table = pd.concat([table, pd.DataFrame(gaps, columns=EVIDENCE_COLUMNS)], ignore_index=True)
    order = {i: n for n, i in enumerate(wanted)}
    table = table.assign(_i=table["issue_id"].map(order), _s=table["side"].map({s: n for n, s in enumerate(SIDES)}))
    table["date_said"] = pd.to_datetime(table["date_said"])
    table["date_reported"] = pd.to_datetime(table["date_reported"])
    table = table.sort_values(["_i", "_s", "date_reported", "date_said", "position_id"], kind="stable",
                              na_position="last").drop(columns=["_i", "_s"])
    table["after_as_of"] = table["after_as_of"].astype(bool)
    table.attrs["as_of"] = _day(day)
    return table.reset_index(drop=True)


def _passage_for(source_id: str, french: str, data_dir) -> str:
    """The passage that holds ``french``; failing that, the one that holds its first sentence or words."""
    if not french:
        return ""
    found = find_passage(source_id, french, data_dir)
    if found:
        return found
    for piece in (re.split(r"(?<=[.?!])\s+", french)[0], french[:40]):
        found = find_passage(source_id, piece.strip(), data_dir)
        if found:
            return found
    return ""


# ---------------------------------------------------------------- hindsight check

_MONTHS = {
    "january": 1, "jan": 1, "janvier": 1, "janv": 1,
    "february": 2, "feb": 2, "février": 2, "fevrier": 2, "févr": 2, "fév": 2,
    "march": 3, "mar": 3, "mars": 3,
    "april": 4, "apr": 4, "avril": 4, "avr": 4,
    "may": 5, "mai": 5,
    "june": 6, "jun": 6, "juin": 6,
    "july": 7, "jul": 7, "juillet": 7, "juil": 7,
    "august": 8, "aug": 8, "août": 8, "aout": 8,
    "september": 9, "sept": 9, "sep": 9, "septembre": 9,
    "october": 10, "oct": 10, "octobre": 10,
    "november": 11, "nov": 11, "novembre": 11,
    "december": 12, "dec": 12, "décembre": 12, "decembre": 12, "déc": 12,
}
_MONTH = "|".join(sorted(map(re.escape, _MONTHS), key=len, reverse=True))
# Names that are also ordinary words ("may", "mar") count as months only next to a day.
_ALONE = (
    "january|february|march|april|june|july|august|september|october|november|december"
    "|janvier|février|fevrier|mars|avril|juin|juillet|août|aout|septembre|octobre|novembre|décembre|decembre"
)
_DATE_RE = re.compile(
    r"\b(?P<iso>(?P<iy>\d{4})-(?P<im>\d{1,2})-(?P<id>\d{1,2}))\b"
    rf"|\b(?P<d1>\d{{1,2}})(?:st|nd|rd|th|er)?\s+(?P<m1>{_MONTH})\.?(?:,?\s+(?P<y1>\d{{4}}))?(?!\w)"
    rf"|\b(?P<m2>{_MONTH})\.?\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?(?!\d)(?:,?\s+(?P<y2>\d{{4}}))?"
    rf"|\b(?P<m3>{_ALONE})(?:\s+(?P<y3>\d{{4}}))?(?!\w)",
    re.IGNORECASE,
)
#: Words that point at events after the corpus: (pattern, date of the event, what, title words in events.csv).
_LATER_WORDS = [
    (r"\binva(?:sion|sions|ded|des|de|ding)\b|\benvahi\w*|special military operation|opération militaire spéciale"
     r"|full-scale war", "2022-02-24", "the full-scale invasion began on {date}",
     "until then an invasion was a threat being warned about, not an event: check that the claim does not "
     "treat it as having happened", r"invasion"),
    (r"\b(?:DPR|LPR|DNR|LNR)\b|\brecogni[sz]\w*\b[^.]{0,60}\b(?:Donetsk|Luhansk|Lugansk|separatist|republics?)\b",
     "2022-02-21", "Russia recognised the 'DPR' and 'LPR' on {date}", "", r"DPR|LPR|recogni"),
    (r"\bleak\w*|\bEl Pa[ií]s\b|non-paper", "2022-02-02",
     "the US and NATO replies were leaked (El País) on {date}", "their content was not public before", r"leak"),
    (r"\b17 Feb\w* (?:reply|response|answer)|\b(?:Russia's|Russian|Moscow's) (?:written )?(?:reply|answer)\b",
     "2022-02-17", "Russia's written reply to the US came on {date}", "", r"reply"),
    (r"\b(?:would later|later that (?:year|month)|(?:as it )?turned out|in hindsight|in the end|eventually"
     r"|(?:days|weeks|months) later|by the end of February)\b", None,
     "looks back from a later time", "a note written on {as_of} cannot know what came next", None),
]


def _resolve_day(day: int, month: int, year: int | None, as_of: pd.Timestamp) -> pd.Timestamp | None:
    """A day without a year is taken in the year that puts it closest to ``as_of`` (within six months)."""
    years = [year] if year else [as_of.year, as_of.year - 1, as_of.year + 1]
    best = None
    for y in years:
        try:
            when = pd.Timestamp(year=y, month=month, day=day)
        except ValueError:
            continue
        if year or abs((when - as_of).days) <= 183:
            return when
        best = best or when
    return best


def _dates_in_text(text: str, as_of: pd.Timestamp) -> list[tuple[str, pd.Timestamp]]:
    """(words as written, date) for every date written in ``text``."""
    found = []
    for m in _DATE_RE.finditer(text):
        g = m.groupdict()
        if g["iso"]:
            when = _resolve_day(int(g["id"]), int(g["im"]), int(g["iy"]), as_of)
        elif g["m3"]:
            month, year = _MONTHS[g["m3"].lower()], g["y3"]
            when = _resolve_day(1, month, int(year) if year else None, as_of)
        else:
            d, mo, y = (g["d1"], g["m1"], g["y1"]) if g["d1"] else (g["d2"], g["m2"], g["y2"])
            when = _resolve_day(int(d), _MONTHS[mo.lower().rstrip(".")], int(y) if y else None, as_of)
        if when is not None:
            found.append((m.group().strip().rstrip(".,"), when))
    return found


class _Lookup:
    """Dates of everything a claim can rest on: events, sources, passages, positions."""

    def __init__(self, data_dir):
        ev = load_events(data_dir)
        self.events = {r["event_id"]: (r["date"], r["title"]) for r in ev.to_dict("records")}
        self.event_frame = ev
        src = load_sources(data_dir)
        self.sources = {r["id"]: (r["published"], int(r["n_passages"])) for r in src.to_dict("records")}
        pos = load_positions(data_dir)
        self.positions = {r["position_id"]: (r["date_said"], r["date_reported"], r["speaker"], r["source_id"])
                          for r in pos.to_dict("records")}

    def date_of(self, token: str) -> tuple[pd.Timestamp, str, str] | None:
        """(date, how to cite it, kind of id) for an id, or None when the token is no known id."""
        for key in (token, token.lower()):
            if key in self.events:
                when, title = self.events[key]
                return when, f"{key} ({_day(when)}, {title})", "event"
            if key in self.sources:
                when = self.sources[key][0]
                return when, f"{key} (published {_day(when)}, inferred)", "source"
            if key in self.positions:
                said, reported, speaker, sid = self.positions[key]
                when = f"said {_day(said)}" if pd.notna(said) else "date said unknown"
                if sid:
                    return reported, (f"{key} ({when} by {speaker}, but known from {sid}, published "
                                      f"{_day(reported)}, inferred)"), "position"
                return reported, f"{key} ({when} by {speaker}, made public {_day(reported)}, outside reference)", \
                    "position"
            sid, dot, num = key.rpartition(".")
            if dot and sid in self.sources and num.isdigit() and 1 <= int(num) <= self.sources[sid][1]:
                when = self.sources[sid][0]
                return when, f"{key} (a passage of {sid}, published {_day(when)}, inferred)", "passage"
        return None

    def event_like(self, date: str, title_words: str | None) -> str:
        """' (e48)' for the event of ``date`` whose title matches, else ''."""
        if not title_words:
            return ""
        ev = self.event_frame
        hit = ev[(ev["date"] == pd.Timestamp(date)) & ev["title"].str.contains(title_words, case=False, regex=True)]
        return f" ({hit['event_id'].iloc[0]})" if len(hit) else ""


def _claims_frame(claims) -> pd.DataFrame:
    """The claims as a DataFrame with ``text`` and ``evidence``; otherwise a CourseError naming the fix."""
    example = "[{'text': 'NATO says Russia has no veto.', 'evidence': 'rt_nrc.6'}]"
    need = ("hindsight_check() needs claims: a list of dicts or a DataFrame, each claim with a 'text' and its "
            f"'evidence' (event, source, passage or position ids, or a date), e.g. {example}")
    if isinstance(claims, Mapping):
        claims = [claims]
    if isinstance(claims, pd.DataFrame):
        missing = [c for c in ("text", "evidence") if c not in claims.columns]
        if missing:
            raise CourseError(
                f"hindsight_check(): the table has no column {' and no '.join(repr(c) for c in missing)}. It needs the "
                f"columns 'text' and 'evidence'; its columns are {', '.join(map(str, claims.columns)) or 'none'}. "
                "Rename a column with .rename(columns={'old': 'new'})."
            )
        frame = claims.copy()
    elif isinstance(claims, (list, tuple)):
        for n, item in enumerate(claims):
            if not isinstance(item, Mapping):
                raise CourseError(f"{need}. Claim number {n + 1} is a {type(item).__name__}, not a dict.")
            missing = [k for k in ("text", "evidence") if k not in item]
            if missing:
                raise CourseError(f"{need}. Claim number {n + 1} has no {' and no '.join(map(repr, missing))}.")
        frame = pd.DataFrame(list(claims))
    elif isinstance(claims, str) and claims.strip():
        raise CourseError(f"{need}. It was given one string: put it in a claim with its evidence, e.g. "
                          f"[{{'text': {claims.strip()[:40]!r}, 'evidence': 'rt_cnn.3'}}].")
    else:
        kind = type(claims).__name__
        got = "nothing (None)" if claims is None else f"{'an' if kind[0] in 'aeiou' else 'a'} {kind} ({claims!r:.60})"
        raise CourseError(f"{need}. It was given {got}.")
    if frame.empty:
        raise CourseError(f"hindsight_check(): there are no claims to check. {need}.")
    return frame.reset_index(drop=True)


def _tokens(evidence, as_of: pd.Timestamp) -> tuple[list[str], list[tuple[str, pd.Timestamp]]]:
    """Split evidence into ids and dates. Accepts a string, a date, or a list of them."""
    if _missing(evidence):
        return [], []
    items = list(evidence) if isinstance(evidence, (list, tuple, set, pd.Series)) else [evidence]
    ids: list[str] = []
    dates: list[tuple[str, pd.Timestamp]] = []
    for item in items:
        if _missing(item):
            continue
        if isinstance(item, (dt.date, pd.Timestamp)):
            dates.append((_day(item), pd.Timestamp(item).normalize()))
            continue
        text = str(item)
        for words, when in _dates_in_text(text, as_of):
            dates.append((words, when))
        text = _DATE_RE.sub(" ", text)
        ids += [t for t in (w.strip("()[]{}.'\"") for w in re.split(r"[\s,;]+", text)) if t]
    return ids, dates


def _check_one(text, evidence, as_of: pd.Timestamp, look: _Lookup) -> tuple[pd.Timestamp, str, str]:
    hard, soft, check, fine = [], [], [], []
    latest = pd.NaT
    text = "" if _missing(text) else str(text)
    if not text.strip():
        check.append("the claim has no text: write the sentence you want to check")
    ids, dates = _tokens(evidence, as_of)
    if not ids and not dates:
        check.append("it cites no evidence: add the event, source, passage or position ids it rests on")
    cited, unknown = [], []
    for token in ids:
        found = look.date_of(token)
        (unknown.append(token) if found is None else cited.append(found))
    if unknown:
        names = ", ".join(map(repr, unknown))
        check.append(f"{names} {'is not an' if len(unknown) == 1 else 'are not'} event, source, passage or "
                     "position id" + ("" if len(unknown) == 1 else "s") + ": check the spelling "
                     "(load_events(), list_sources(), passages() and load_positions() list them)")
    cited += [(when, words, "date") for words, when in dates]
    for when, label, kind in cited:
        latest = when if pd.isna(latest) or when > latest else latest
        if when > as_of:
            hard.append(f"rests on {label}, after {_day(as_of)}")
        elif when == as_of and kind == "event":
            soft.append(f"rests on {label}, the day of the note itself: say whether it had happened when you wrote")
        else:
            fine.append(label)
    for words, when in _dates_in_text(text, as_of):
        if when > as_of:
            soft.append(f"mentions '{words}' ({_day(when)}), after {_day(as_of)}")
    for pattern, date, what, why, title_words in _LATER_WORDS:
        m = re.search(pattern, text, re.IGNORECASE)
        if not m or (date and pd.Timestamp(date) <= as_of):
            continue
        said = what.format(date=date) + (look.event_like(date, title_words) if date else "")
        reason = f"mentions '{m.group()}': {said}" + (f", after {_day(as_of)}" if date else "")
        soft.append(reason + (f"; {why.format(as_of=_day(as_of))}" if why else ""))
    if hard:
        status = "hindsight"
    elif soft:
        status = "possible hindsight"
    elif check:
        status = "check"
    else:
        status = "ok"
    reasons = hard + soft + check
    if status == "ok":
        reasons = [f"all its evidence is dated on or before {_day(as_of)}: " + "; ".join(fine)]
    return latest, status, " · ".join(reasons)


def hindsight_check(
    claims: list[dict] | pd.DataFrame | dict,
    as_of: str | dt.date | pd.Timestamp = DEFAULT_AS_OF,
    data_dir: str | os.PathLike | None = None,
) -> pd.DataFrame:
    """Flag the claims of a briefing note that rest on what happened after ``as_of``.

    Each claim has a ``text`` and its ``evidence``: event ids (``e41``), source ids (``rt_cnn``), passage ids
    (``rt_cnn.3``), position ids (``enlargement-ru-1``) or dates (``2022-02-02``), as a list or a string
    separated by spaces. The result adds:

    - ``status``: "hindsight" (rests on something dated after ``as_of``), "possible hindsight" (the text
      names a later date or a later event such as the invasion or the leak; or an event of the same day),
      "check" (no evidence, or an id that does not exist) or "ok";
    - ``reasons``: why, e.g. "rests on e41 (2022-02-02, El País publishes the leaked US and NATO replies),
      after 2022-01-26";
    - ``latest``: the date of the latest evidence.

    >>> hindsight_check([{"text": "NATO says Russia has no veto.", "evidence": "rt_nrc.6"}])["status"].tolist()
    ['ok']
    """
    day = _as_of(as_of, "hindsight_check")
    frame = _claims_frame(claims)
    look = _Lookup(data_dir)
    results = [_check_one(t, e, day, look) for t, e in zip(frame["text"], frame["evidence"], strict=True)]
    frame = frame.drop(columns=[c for c in CHECK_COLUMNS if c in frame.columns])
    frame["evidence"] = [_evidence_text(e) for e in frame["evidence"]]
    frame["text"] = ["" if _missing(t) else str(t) for t in frame["text"]]
    frame["latest"] = pd.to_datetime(pd.Series([r[0] for r in results], index=frame.index, dtype="object"))
    frame["status"] = [r[1] for r in results]
    frame["reasons"] = [r[2] for r in results]
    frame.attrs["as_of"] = _day(day)
    return frame


def _evidence_text(evidence) -> str:
    if _missing(evidence):
        return ""
    if isinstance(evidence, (dt.date, pd.Timestamp)):
        return _day(evidence)
    if isinstance(evidence, Iterable) and not isinstance(evidence, str):
        return " ".join(t for t in (_evidence_text(e) for e in evidence) if t)
    return str(evidence).strip()


# ---------------------------------------------------------------- briefing template and epilogue


def briefing_template(
    as_of: str | dt.date | pd.Timestamp = DEFAULT_AS_OF,
    issue_ids: str | list[str] | None = None,
    data_dir: str | os.PathLike | None = None,
) -> str:
    """A markdown skeleton of a briefing note dated ``as_of``, with the evidence available for each issue.

    Sections: situation; each side's stated positions, issue by issue (with the passage ids of the
    evidence table to start from); room for talks; what is not knowable yet; sources and their reliability.

    >>> print(briefing_template()[:40])
    # Briefing note — as of Wednesday 26 Jan
    """
    day = _as_of(as_of, "briefing_template")
    table = evidence_table(issue_ids, day, data_dir)
    sources = load_sources(data_dir)
    sources = sources[sources["published"] <= day]
    events = load_events(data_dir)
    before, same = (events["date"] < day).sum(), (events["date"] == day).sum()
    when = f"{day:%A} {day.day} {day:%B %Y}"
    lines = [
        f"# Briefing note — as of {when}",
        "",
        f"*Written only from what was public on or before {when}. Cite every statement: a passage id "
        "(e.g. `rt_cnn.3`) for the sources, an event id (e.g. `e28`) for the timeline, a reference for anything "
        "outside the sources. Give each side's position with the same care, in its own words: the French as "
        "published, with our translation. Run `hindsight_check()` on your claims before you hand the note in.*",
        "",
        "## 1. Situation",
        "",
        f"- What has happened by {when}? The timeline has {before} events before this day"
        + (f" and {same} on the day itself (say whether it had happened when you wrote)" if same else "")
        + "; cite them by id (e.g. `e28`).",
        "- Who has met whom, and what is expected next?",
        "",
        "## 2. Stated positions, issue by issue",
        "",
    ]
    for n, (_issue, part) in enumerate(table.groupby("issue_id", sort=False), start=1):
        lines += [f"### 2.{n} {part['issue'].iloc[0]}", ""]
        for side in SIDES:
            rows = part[part["side"] == side]
            have = rows[(rows["kind"] != "gap") & ~rows["after_as_of"]]
            if have.empty:
                lines.append(f"- **{side}**: no stated position in the evidence as of {_day(day)} — say so.")
                continue
            cites = "; ".join(dict.fromkeys(
                (r["passage_id"] or r["position_id"] + " (outside reference)") + f", {r['speaker']}"
                for r in have.to_dict("records")
            ))
            lines += [f"- **{side}**, in its own words (French + our translation): …", f"  - evidence: {cites}"]
        lines += ["- Where the two positions differ, and where they overlap: …", ""]
    lines += [
        "## 3. Room for talks",
        "",
        "- On which issues did both sides say they were ready to talk? Cite both. …",
        "- Which issues did either side call non-negotiable? Cite both. …",
        "",
        "## 4. What is not knowable yet",
        "",
        f"- Which questions can the evidence of {when} not answer? …",
        f"- Nothing dated after {_day(day)}: no later events, sources or statements.",
        "",
        "## 5. Sources and their reliability",
        "",
        "| source | published (inferred) | confidence | chain of outlets | machine-translated |",
        "|---|---|---|---|---|",
    ]
    for r in sources.to_dict("records"):
        cells = [r["id"], _day(r["published"]), r.get("published_confidence", ""), r.get("outlet_chain", ""),
                 r.get("machine_translated", "")]
        lines.append("| " + " | ".join(str(c or "—").replace("|", "/") for c in cells) + " |")
    lines += ["", "- How does each source's chain (outlet, translation, gaps) limit what it can show? …", ""]
    from helpers.views.display import MarkdownText

    return MarkdownText("\n".join(lines))  # shown formatted when last in a cell; print() gives the text


def epilogue(data_dir: str | os.PathLike | None = None) -> pd.DataFrame:
    """What came after the corpus: the events of events.csv dated after the last source's (inferred) date.

    Each row keeps its public references (``reference_url``). None of it is in the five sources.

    >>> epilogue()["title"].iloc[-1][:22]
    'Putin announces a "spe'
    """
    last = load_sources(data_dir)["published"].max()
    events = load_events(data_dir)
    after = events[events["date"] > last].copy()
    after["days_after_last_source"] = (after["date"] - last).dt.days
    columns = ["event_id", "date", "weekday", "title", "what", "who", "where", "reference_url",
               "days_after_last_source"]
    out = after[columns].reset_index(drop=True)
    out.attrs["last_source"] = _day(last)
    return out
