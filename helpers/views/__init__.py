"""What students see (seeds → data → analysis → **views** → notebooks).

- ``palette``: one colour and one shape per side, defined once.
- ``display``: HTML displays (metadata cards, parts of an article, highlighted quotes, French beside English).
- ``charts``: altair charts, each with a title, a description and a static image for copies without JavaScript.
- ``widgets``: the ipywidgets of lessons 01, 02 and 04.
"""
