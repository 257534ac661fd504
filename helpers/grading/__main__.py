"""``python -m helpers.grading``: see :mod:`helpers.grading`."""

import sys

from helpers.grading import main

sys.exit(main())
