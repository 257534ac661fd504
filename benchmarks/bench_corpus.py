r"""Benchmark: load + clean + quote extraction + keyword in context on a synthetic corpus.

Builds corpora of 1,000 and 10,000 articles from the five seeds (each article a seed's text with a
numbered title line, so no two files are the same), then prints

(a) the pipeline's time on 10,000 articles divided by one plain ``re.finditer`` pass over the same
    text (the raw articles, already in memory): a word pass, ``re.finditer(r"\w+", text)`` — goal: at most 3.
    For reference it also prints the ratio to a pass of the quotation pattern alone (``QUOTE_RE``), a much
    cheaper pattern that skips straight to quotation marks;
(b) the pipeline's time on 10,000 articles divided by its time on 1,000 — goal: at most 11.

Run:  .venv/bin/python benchmarks/bench_corpus.py [--sizes 1000 10000] [--repeat 3]
Timings are the best of --repeat runs; results also go to benchmarks/results/corpus.json.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

from helpers.analysis import quotes as quotes_mod
from helpers.analysis.kwic import kwic
from helpers.analysis.quotes import QUOTE_RE, extract_quotes
from helpers.data import corpus as corpus_mod

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
FRAMING = ["expansion", "élargissement", "agression", "garanties", "menace", "lignes rouges"]


def build(folder: Path, n: int) -> list[Path]:
    rows = list(csv.DictReader((SEEDS / "sources.csv").open(encoding="utf-8")))
    (folder / "articles").mkdir(parents=True)
    shutil.copy(SEEDS / "actors.csv", folder / "actors.csv")
    out, files = [], []
    for i in range(n):
        seed = rows[i % len(rows)]
        text = (SEEDS / seed["file"]).read_text(encoding="utf-8")
        path = folder / "articles" / f"a{i:05d}.txt"
        path.write_text(f"[{i}] {text}", encoding="utf-8")
        files.append(path)
        out.append({**seed, "id": f"a{i:05d}", "file": f"articles/{path.name}"})
    with (folder / "sources.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(out)
    return files


def pipeline(folder: Path) -> tuple[int, int, int]:
    corpus_mod._load.cache_clear()
    quotes_mod._actors_for.cache_clear()
    frame = corpus_mod.load_sources(folder)
    q = extract_quotes(data_dir=folder)
    k = kwic(FRAMING, data_dir=folder)
    return len(frame), len(q), len(k)


WORD = re.compile(r"\w+")


def baseline(texts: list[str], pattern: re.Pattern = WORD) -> int:
    text = "\n".join(texts)
    return sum(1 for _ in pattern.finditer(text))


def best(fn, repeat: int):
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return min(times), result


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs=2, default=[1000, 10000])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    small, large = args.sizes
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for n in (small, large):
            folder = Path(tmp) / f"c{n}"
            files = build(folder, n)
            t_pipe, counts = best(lambda folder=folder: pipeline(folder), args.repeat)
            texts = [p.read_text(encoding="utf-8") for p in files]
            t_base, matches = best(lambda texts=texts: baseline(texts), args.repeat)
            t_quote, _ = best(lambda texts=texts: baseline(texts, QUOTE_RE), args.repeat)
            results[n] = {"pipeline_s": t_pipe, "baseline_s": t_base, "quote_pass_s": t_quote,
                          "articles": counts[0], "quotes": counts[1], "kwic_hits": counts[2],
                          "baseline_words": matches}
            print(f"{n:>6} articles: pipeline {t_pipe:.3f} s ({counts[1]} quotes, {counts[2]} kwic hits); "
                  f"one word pass {t_base:.3f} s; one quote-pattern pass {t_quote:.3f} s")
    ratio_a = results[large]["pipeline_s"] / results[large]["baseline_s"]
    ratio_b = results[large]["pipeline_s"] / results[small]["pipeline_s"]
    ratio_q = results[large]["pipeline_s"] / results[large]["quote_pass_s"]
    print(f"(a) pipeline / one re.finditer word pass, {large} articles: {ratio_a:.2f}  (goal ≤ 3)")
    print(f"    pipeline / one pass of the quotation pattern alone: {ratio_q:.2f}  (for reference)")
    print(f"(b) pipeline {large} / pipeline {small}: {ratio_b:.2f}  (goal ≤ 11)")
    out = ROOT / "benchmarks" / "results"
    out.mkdir(exist_ok=True)
    summary = {"results": results, "ratio_a": ratio_a, "ratio_b": ratio_b, "ratio_quote_pass": ratio_q}
    (out / "corpus.json").write_text(json.dumps(summary, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
