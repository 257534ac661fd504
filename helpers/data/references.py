"""References: where the course's claims can be checked, and what kind of witness each page is.

``events.csv``, ``issues.csv`` and ``positions.csv`` give each row's references in three aligned columns:
``reference_url``, ``reference_kind`` and ``reference_document``, several references separated by `` ; ``.
A kind is one of :data:`KINDS`:

- **official**: the government's or organisation's own page or transcript (nato.int, state.gov, mid.ru …);
- **independent**: a news organisation outside the source's chain;
- **same chain**: the same wire or media group as the source (RT and Sputnik; an AFP reprint for the AFP wire):
  it shows how the words travelled, and never counts as corroboration;
- **unverified copy**: a copy of a record on a site that republishes others' content, kept because no better
  page was found.

Only official and independent references corroborate a claim (:data:`CORROBORATING`).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pandas as pd

from helpers.data.paths import data_dir
from helpers.errors import DataError

__all__ = ["CHAIN_HOSTS", "CORROBORATING", "KINDS", "check_references", "corroborated", "references",
           "uncitable_hosts"]

KINDS = ("official", "independent", "same chain", "unverified copy")
CORROBORATING = ("official", "independent")
SEP = " ; "
#: Hosts that belong to (or reprint verbatim) each source's own chain: a reference on one of them, for a row taken
#: from that source, is "same chain" and never corroborates it.
CHAIN_HOSTS: dict[str, tuple[str, ...]] = {
    "rt_nrc": ("rt.com", "sputniknews.com", "sputnikglobe.com", "ria.ru"),
    "rt_cnn": ("rt.com", "sputniknews.com", "sputnikglobe.com", "ria.ru"),
    "afp": ("afp.com", "urdupoint.com", "bangladeshpost.net"),
    "voi": ("voi.id",),
    "topcor": ("topcor.ru",),
}
_HOST = re.compile(r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
_ID_COLUMNS = ("position_id", "event_id", "issue_id")


def _split(cell: object) -> list[str]:
    text = str(cell or "")
    return [part.strip() for part in text.split(SEP.strip())] if text.strip() else []


def _id_column(table: pd.DataFrame) -> str:
    for col in _ID_COLUMNS:
        if col in table.columns:
            return col
    raise DataError(f"The table has none of the id columns {', '.join(_ID_COLUMNS)}: pass events, issues or "
                    "positions (load_events(), load_issues(), load_positions()).")


def host(url: str) -> str:
    """The host of an address, lower case, without ``www.``."""
    name = (urlsplit(url).hostname or "").lower()
    return name[4:] if name.startswith("www.") else name


def references(table: pd.DataFrame) -> pd.DataFrame:
    """One row per reference of ``table`` (events, issues or positions): id, url, host, kind, document.

    >>> from helpers import load_positions
    >>> refs = references(load_positions())
    >>> set(refs["kind"]) <= set(KINDS)
    True
    """
    for col in ("reference_url", "reference_kind", "reference_document"):
        if col not in table.columns:
            raise DataError(f"The table has no column {col!r}. Each reference needs its url, its kind "
                            f"({', '.join(KINDS)}) and the document it is, in three columns.")
    id_col = _id_column(table)
    rows = []
    for rec in table.to_dict("records"):
        urls, kinds, docs = (_split(rec[c]) for c in ("reference_url", "reference_kind", "reference_document"))
        if not len(urls) == len(kinds) == len(docs):
            raise DataError(
                f"Row {rec[id_col]!r}: {len(urls)} reference_url, {len(kinds)} reference_kind and {len(docs)} "
                f"reference_document entries. Give one kind and one document per url, in the same order, "
                f"separated by '{SEP.strip()}'.")
        for n, (url, kind, doc) in enumerate(zip(urls, kinds, docs, strict=True), start=1):
            rows.append({id_col: rec[id_col], "n": n, "url": url, "host": host(url), "kind": kind, "document": doc})
    return pd.DataFrame(rows, columns=[id_col, "n", "url", "host", "kind", "document"])


def uncitable_hosts(folder=None) -> dict[str, str]:
    """The hosts the course does not cite (``seeds/uncitable_hosts.txt``), each with the reason."""
    path = data_dir(folder) / "uncitable_hosts.txt"
    listed = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            name, _, why = line.partition(" ")
            listed[name.lower()] = why.strip()
    return listed


def listed_in(name: str, listed) -> str | None:
    for bad in listed:
        if name == bad or name.endswith("." + bad):
            return bad
    return None


def in_chain(url_host: str, source_ids: list[str]) -> bool:
    """True if the host belongs to the chain of one of the sources (see :data:`CHAIN_HOSTS`)."""
    return any(listed_in(url_host, CHAIN_HOSTS.get(s, ())) for s in source_ids)


def check_references(table: pd.DataFrame, listed: dict[str, str] | None = None) -> pd.DataFrame:
    """Every reference well formed, of a known kind, named, and on no uncitable host; else a DataError.

    Returns :func:`references` of ``table`` when all is well.
    """
    listed = uncitable_hosts() if listed is None else listed
    refs = references(table)
    id_col = refs.columns[0]
    for r in refs.to_dict("records"):
        where = f"Row {r[id_col]!r}, reference {r['n']} ({r['url']!r})"
        parts = urlsplit(r["url"])
        if parts.scheme not in ("http", "https") or not _HOST.match(parts.hostname or "") or " " in r["url"]:
            raise DataError(f"{where} is not a well-formed web address (scheme http or https, a host such as "
                            "'www.nato.int' with no trailing dot, no spaces). Correct it.")
        if r["kind"] not in KINDS:
            raise DataError(f"{where}: kind {r['kind']!r} is not one of {', '.join(KINDS)}.")
        if not r["document"]:
            raise DataError(f"{where}: name the document and its date in reference_document.")
        bad = listed_in(r["host"], listed)
        if bad:
            raise DataError(f"{where}: the course does not cite {bad} ({listed[bad]}). Cite the official "
                            "record or an independent report instead.")
    return refs


def corroborated(table: pd.DataFrame) -> pd.Series:
    """For each row of ``table`` (same index), True if at least one reference is official or independent.

    >>> from helpers import load_positions
    >>> pos = load_positions()
    >>> corroborated(pos[pos["position_id"] == "sanctions-west-1"]).tolist()
    [True]
    """
    refs = references(table)
    id_col = refs.columns[0]
    good = set(refs.loc[refs["kind"].isin(CORROBORATING), id_col])
    return table[id_col].isin(good).rename("corroborated")
