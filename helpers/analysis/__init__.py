"""What the lessons compute from the data (seeds → data → **analysis** → views → notebooks).

- ``quotes``: quotations, who speaks them, reported speech, broken quotation marks (lesson 03).
- ``speakers``: the names a text prints, for quotes and for adding speakers to actors.csv.
- ``kwic``: keyword in context (lessons 00, 05).
- ``timeline``: dates from internal evidence, what was known by a day (lesson 02).
- ``voices``: who speaks in each source, and the reader comments (lesson 03).
- ``coverage``: the positions of each side, issue by issue, and the gaps (lesson 04).
- ``framing``: the words that frame the exchange, and translation artefacts (lesson 05).
- ``synthesis``: the evidence table, the hindsight check, the briefing note (lesson 06).
- ``codebook``: the codebook's rule for the kinds of position rows (seeds/CODEBOOK.md).

Modules here import from ``helpers.data``, never from ``helpers.views`` at import time.
"""
