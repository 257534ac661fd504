"""Lessons 00 and 01 keep the course skeleton, and lesson 00's stated facts hold.

The skeleton (STYLE.md): one `#` title; Overview; Prerequisites; Time to learn; Imports; sections split by
`---`; Summary; What's next. The numbers lesson 00 states in its prose are recomputed here.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from helpers import CourseError, check, get_source, kwic, list_sources, load_sources, save_my_work

ROOT = Path(__file__).resolve().parents[2]
LESSONS = ROOT / "lessons"
TIMES = {"00_start_here": 45, "01_sources": 100}
SKELETON = ["## Overview", "## Prerequisites", "## Time to learn", "## Imports", "## Summary", "## What's next"]


def read(name: str) -> nbformat.NotebookNode:
    return nbformat.read(LESSONS / f"{name}.ipynb", as_version=4)


def markdown(nb: nbformat.NotebookNode) -> list[str]:
    return [c.source for c in nb.cells if c.cell_type == "markdown"]


def prose(nb: nbformat.NotebookNode) -> str:
    """All markdown of a notebook as one line of text (so that a phrase may run over a line break)."""
    return re.sub(r"\s+", " ", "\n".join(markdown(nb)))


def tagged(nb: nbformat.NotebookNode, tag: str) -> list[nbformat.NotebookNode]:
    return [c for c in nb.cells if tag in c.metadata.get("tags", [])]


def text_output(cell: nbformat.NotebookNode) -> str:
    """The saved text of a cell's outputs (streams and text/plain)."""
    out = []
    for o in cell.get("outputs", []):
        out.append(o.get("text", "") if o["output_type"] == "stream" else o.get("data", {}).get("text/plain", ""))
    return "".join(out)


# ---------------------------------------------------------------- structure of both lessons


@pytest.mark.parametrize("name", TIMES)
def test_french_in_prose_is_verbatim_and_translated(name):
    """French written into the prose is marked <span lang="fr">, is verbatim in a source, and has our translation."""
    texts = [s.body + s.boilerplate + s.comments for s in map(get_source, list_sources())]
    for md in markdown(read(name)):
        for m in re.finditer(r'<span lang="fr">(.*?)</span>', md, flags=re.S):
            assert any(m.group(1) in t for t in texts), f"not verbatim in any source: {m.group(1)!r}"
            assert "our translation" in md[m.end():m.end() + 40], f"no translation beside {m.group(1)!r}"


# ---------------------------------------------------------------- lesson 00: the facts it states

NB00 = read("00_start_here")
PROSE00 = prose(NB00)


def test_seven_lessons_and_twelve_hours():
    rows = re.findall(r"^\| (0\d) \|.*\| (\d+) min \|$", "\n".join(markdown(NB00)), flags=re.M)
    assert [n for n, _ in rows] == ["00", "01", "02", "03", "04", "05", "06"]
    assert "There are seven lessons, numbered 00 to 06" in PROSE00
    minutes = [int(m) for _, m in rows]
    assert minutes == [45, 100, 105, 110, 120, 100, 120]  # paced for a student new to Python (issue 10)
    assert sum(minutes) == 700 and "about 12 hours for a student new to Python" in PROSE00


def test_lesson_table_time_matches_each_lesson():
    rows = dict(re.findall(r"^\| (0\d) \|.*\| (\d+) min \|$", "\n".join(markdown(NB00)), flags=re.M))
    for name, minutes in TIMES.items():
        assert int(rows[name[:2]]) == minutes


def test_five_articles():
    assert "Five articles, each known by a short id" in PROSE00
    assert len(list_sources()) == 5 and len(load_sources()) == 5


def test_kwic_menace_has_three_hits_as_translated():
    hits = kwic("menace")
    assert "Our translation of the three hits" in PROSE00
    assert len(hits) == 3
    assert list(hits["source_id"]) == ["afp", "afp", "rt_nrc"]
    assert "Blinken" in PROSE00 and "Grushko" in PROSE00


def test_afp_passage_1_is_the_one_translated():
    text = get_source("afp").passage("afp.1")
    assert text.startswith("Washington – Les États-Unis ont déclaré vendredi")
    assert "The United States said on Friday" in PROSE00


def test_deliberate_error_is_tagged_and_names_the_fix():
    cells = tagged(NB00, "raises-exception")
    assert len(cells) == 1 and cells[0].source.strip() == 'get_source("AFP")'
    with pytest.raises(CourseError, match=r"list_sources\(\)") as err:
        get_source("AFP")
    assert "There is no source 'AFP'" in str(err.value)
    assert "(`SourceNotFound`)" in PROSE00 and type(err.value).__name__ == "SourceNotFound"


def test_check_demo_says_not_answered_then_hints():
    assert str(check("00.2", ...)).startswith("⏳ 00.2")
    wrong = check("00.2", 3)
    assert wrong.status == "not_yet" and "25" not in str(wrong)


def test_save_my_work_writes_into_my_work(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = save_my_work({"lesson 00": "I ran every cell."}, filename="lesson00")
    assert path.as_posix() == "my_work/lesson00.json" and (tmp_path / path).is_file()
    assert {p.suffix for p in (tmp_path / "my_work").iterdir()} == {".json", ".md"}  # "two files"
    assert "writes two files into the folder `my_work/`" in PROSE00
    assert any("save_my_work(my_answers)" in c.source for c in NB00.cells if c.cell_type == "code")


def test_data_folder_and_override_as_described():
    from helpers import ENV_VAR, data_dir

    assert ENV_VAR == "REDLINES_SEEDS" and "`REDLINES_SEEDS`" in PROSE00
    names = {p.name for p in data_dir().glob("*.csv")}
    for name in re.findall(r"`(\w+\.csv)`", PROSE00):
        assert name in names, f"lesson 00 names {name}, which is not in seeds/"


def test_every_check_output_cell_of_00_is_deterministic_text():
    for cell in tagged(NB00, "nbval-check-output"):
        assert "0x" not in text_output(cell) and "/work/" not in text_output(cell)
