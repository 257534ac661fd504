"""``python -m helpers.grading``: see :mod:`helpers.grading`."""

import sys

from . import main

sys.exit(main())
