"""Reading the seeds: the first step of the course's data path (seeds → data → analysis → views → notebooks).

- ``paths``: where the seeds are (``data_dir``; ``$REDLINES_DATA`` chooses another folder).
- ``csv_reader``: every CSV file read with its schema (``read_table``), and text files (``read_text``).
- ``corpus``: the five articles, their parts and numbered passages (``load_sources``, ``get_source``).
- ``curated``: the curated tables beside them (events, positions, issues, actors, glossary, artefacts).
- ``references``: what kind of witness each reference of those tables is (official, independent, same chain).

Nothing here imports from ``helpers.analysis`` or ``helpers.views``.
"""
