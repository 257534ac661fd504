"""Helpers for the course "Red Lines and Open Doors".

>>> from helpers import load_sources, get_source, extract_quotes, kwic

Each module lists its public names in ``__all__``; they are all available from ``helpers``.
Importing changes no settings: charts are switched to offline rendering by ``enable_offline_charts()``.
"""

# _startup comes first (before charts imports altair): it saves 1.5-3 s of every notebook's first cell.
from . import (
    _startup,  # noqa: F401
    charts,
    checks,
    citations,
    codebook,
    corpus,
    coverage,
    data,
    display,
    errors,
    framing,
    paths,
    quotes,
    synthesis,
    text,
    timeline,
    voices,
    widgets,
)
from .charts import *  # noqa: F403
from .checks import *  # noqa: F403
from .citations import *  # noqa: F403
from .codebook import codebook_check, quotation_marks
from .corpus import Source, find_passage, get_source, list_sources, load_sources, passages
from .coverage import *  # noqa: F403
from .data import load_actors, load_artefacts, load_events, load_glossary, load_issues, load_positions
from .display import *  # noqa: F403
from .errors import CourseError, DataError, SourceNotFound
from .framing import *  # noqa: F403
from .paths import ENV_VAR, data_dir
from .quotes import broken_quotes, extract_quotes, reported_speech
from .synthesis import *  # noqa: F403
from .text import kwic
from .timeline import *  # noqa: F403
from .voices import *  # noqa: F403
from .widgets import *  # noqa: F403

__all__ = [
    "ENV_VAR", "CourseError", "DataError", "Source", "SourceNotFound", "broken_quotes", "data_dir",
    "extract_quotes", "find_passage", "get_source", "kwic", "list_sources", "load_actors", "load_artefacts",
    "load_events", "load_glossary", "load_issues", "load_positions", "load_sources", "passages", "reported_speech",
    "codebook_check", "quotation_marks",
    *charts.__all__, *checks.__all__, *coverage.__all__, *display.__all__, *framing.__all__, *citations.__all__,
    *synthesis.__all__, *timeline.__all__, *voices.__all__, *widgets.__all__,
]
_ = (codebook, corpus, data, errors, paths, quotes, text)
