"""Helpers for the course "Red Lines and Open Doors": the names the lessons and exercises use.

>>> from helpers import load_sources, get_source, extract_quotes, kwic

The package follows the data's path from the seeds to the notebooks:

- ``helpers.data``: reading the seeds: CSV files with their schemas (``csv_reader``), the five articles
  (``corpus``), the curated tables (``curated``), the kinds of reference (``references``), the seeds folder
  (``paths``).
- ``helpers.analysis``: what the lessons compute from them: quotations and speakers (``quotes``, ``speakers``),
  keyword in context (``kwic``), dates (``timeline``), who speaks (``voices``), positions by issue
  (``coverage``), words and framing (``framing``), the synthesis (``synthesis``), the codebook's rule
  (``codebook``).
- ``helpers.views``: what students see: the side colours (``palette``), HTML displays (``display``), altair
  charts (``charts``), ipywidgets widgets (``widgets``).
- ``helpers.checks`` (exercise checks) and ``helpers.grading`` (the instructors' grader).

Lesson by lesson (each name below is importable from ``helpers``; everything else stays in its module):

===========  ==========================================================================================
lesson       modules
===========  ==========================================================================================
00 sources   data.corpus, data.paths, analysis.kwic, views.charts, checks
01 sourcing  data.corpus, views.display, views.widgets
02 timeline  data.curated, data.corpus, analysis.timeline, views.charts, views.widgets
03 voices    analysis.quotes, analysis.voices, views.display, views.charts
04 positions data.curated, data.references, analysis.coverage, views.charts, views.widgets
05 framing   data.curated, analysis.framing, views.charts, views.display
06 synthesis analysis.synthesis, views.display, views.charts
===========  ==========================================================================================

Importing changes no settings: charts are switched to offline rendering by ``enable_offline_charts()``.
"""

# _startup comes first (before anything imports altair): it saves 1.5-3 s of every notebook's first cell.
from helpers import _startup  # noqa: F401  (isort: skip)
from helpers.analysis.coverage import coverage_table, gaps, positions_for
from helpers.analysis.framing import FRAMING_TERMS, term_contexts, term_counts, translation_artefacts, who_uses
from helpers.analysis.kwic import kwic
from helpers.analysis.quotes import QUOTE_RE, broken_quotes, extract_quotes, reported_speech
from helpers.analysis.synthesis import briefing_template, epilogue, evidence_table, hindsight_check
from helpers.analysis.timeline import (
    FRENCH_WEEKDAYS,
    candidate_dates,
    known_by,
    not_yet,
    resolve_weekday,
    source_context,
    weekday_of,
)
from helpers.analysis.voices import reader_comments, unattributed_quotes, voices_table
from helpers.checks import check, save_my_work, written
from helpers.data.corpus import find_passage, get_source, list_sources, load_sources, passages
from helpers.data.curated import load_events, load_glossary, load_issues, load_positions
from helpers.data.paths import ENV_VAR, data_dir
from helpers.data.references import CORROBORATING, corroborated, references
from helpers.errors import CourseError, DataError, SourceNotFound
from helpers.views.charts import (
    coverage_grid,
    enable_offline_charts,
    quotes_by_side_chart,
    term_heatmap,
    timeline_chart,
)
from helpers.views.display import (
    event_references,
    french_english,
    highlight_quotes,
    metadata_card,
    part_box,
    show_parts,
)
from helpers.views.widgets import PositionsWidget, SourceReader, TimelinePicker

# The public names, by lesson. A name used by no notebook stays in its module (``from helpers.data.corpus import
# Source``); tests/unit/test_public_api.py keeps this list and the notebooks in step.
__all__ = [
    # 00 the sources
    "load_sources", "list_sources", "get_source", "data_dir", "ENV_VAR", "kwic", "enable_offline_charts", "check",
    "save_my_work",
    # 01 sourcing
    "SourceReader", "metadata_card", "part_box", "show_parts", "french_english", "find_passage", "written",
    # 02 the timeline
    "TimelinePicker", "timeline_chart", "load_events", "passages", "source_context", "candidate_dates",
    "FRENCH_WEEKDAYS", "weekday_of", "resolve_weekday", "known_by", "not_yet",
    # 03 who speaks
    "extract_quotes", "QUOTE_RE", "reported_speech", "broken_quotes", "highlight_quotes", "voices_table",
    "unattributed_quotes", "reader_comments", "quotes_by_side_chart",
    # 04 positions
    "PositionsWidget", "load_positions", "load_issues", "coverage_table", "coverage_grid", "gaps", "positions_for",
    "references", "corroborated", "CORROBORATING",
    # 05 words and framing
    "FRAMING_TERMS", "load_glossary", "term_counts", "term_contexts", "term_heatmap", "translation_artefacts",
    "who_uses",
    # 06 synthesis
    "evidence_table", "hindsight_check", "briefing_template", "epilogue", "event_references",
    # errors any lesson may show
    "CourseError", "DataError", "SourceNotFound",
]
