"""Where the course data lives: one default, one override."""

from __future__ import annotations

import os
from pathlib import Path

from helpers.errors import DataError

#: Environment variable that points the helpers at another seeds folder.
ENV_VAR = "REDLINES_SEEDS"

# The seeds beside the package; or, where lessons/helpers is a copy of the package rather than the link to
# ../helpers (a zip or a copy that followed links), beside the folder that holds it.
_PACKAGE = Path(__file__).resolve().parents[1]  # helpers/ (this module is helpers/data/paths.py)
_DEFAULT = next((folder / "seeds" for folder in (_PACKAGE.parent, _PACKAGE.parent.parent)
                 if (folder / "seeds" / "sources.csv").is_file()), _PACKAGE.parent / "seeds")


def data_dir(path: str | os.PathLike | None = None) -> Path:
    """Return the seeds folder: ``path`` if given, else ``$REDLINES_SEEDS``, else the course's own.

    >>> data_dir().name
    'seeds'
    """
    if path is not None:
        chosen, how = Path(path), "the folder you passed"
    elif os.environ.get(ENV_VAR):
        chosen, how = Path(os.environ[ENV_VAR]), f"${ENV_VAR}"
    else:
        chosen, how = _DEFAULT, "the course's default"
    chosen = chosen.expanduser()
    if not chosen.is_dir():
        raise DataError(
            f"The seeds folder {chosen} ({how}) does not exist. "
            f"Pass data_dir= the folder that holds sources.csv, or set {ENV_VAR} to it."
        )
    return chosen
