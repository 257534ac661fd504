"""Count the references of positions.csv, events.csv and issues.csv by kind.

    python tools/reference_kinds.py              # the seeds as they are
    python tools/reference_kinds.py --rev REV    # the seeds at a git revision (e.g. before the reference_kind column)

Where a table has no reference_kind column (older data), each link is classified by its host: "official" for a
government or organisation's own site, "same chain" for a host of the row's own source chain, "uncitable host" for
a host in seeds/uncitable_hosts.txt, "malformed" for an address that is not well formed, else "other (unclassified)".
"""
from __future__ import annotations

import argparse
import csv
import io
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from helpers.data.references import CHAIN_HOSTS, SEP, host, listed_in, uncitable_hosts  # noqa: E402

OFFICIAL = ("nato.int", "state.gov", "usembassy.gov", "whitehouse.gov", "mid.ru", "kremlin.ru", "osce.org",
            "gov.uk", "europa.eu", "presidentti.fi", "gov.ro")
WELL_FORMED = re.compile(r"^https?://([a-z0-9-]+\.)+[a-z]{2,63}(/|$|\?)")


def classify(url: str, sources: list[str], listed) -> str:
    if not WELL_FORMED.match(url) or (urlsplit(url).hostname or "").endswith("."):
        return "malformed"
    name = host(url)
    if listed_in(name, listed):
        return "uncitable host"
    if any(listed_in(name, CHAIN_HOSTS.get(s, ())) for s in sources):
        return "same chain"
    if listed_in(name, OFFICIAL):
        return "official"
    return "other (unclassified)"


def count(text: str, listed) -> Counter:
    rows = list(csv.DictReader(io.StringIO(text)))
    kinds = Counter()
    for r in rows:
        urls = [u.strip() for u in r.get("reference_url", "").split(";") if u.strip()]
        if "reference_kind" in r:
            kinds.update(k.strip() for k in r["reference_kind"].split(SEP.strip()) if k.strip())
        else:
            sources = (r.get("source_id") or r.get("source_ids") or "").split()
            kinds.update(classify(u, sources, listed) for u in urls)
    return kinds


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rev", help="a git revision to read the seeds from")
    args = ap.parse_args()
    listed = uncitable_hosts(ROOT / "seeds")
    for name in ("positions.csv", "events.csv", "issues.csv"):
        if args.rev:
            text = subprocess.run(["git", "-C", str(ROOT), "show", f"{args.rev}:seeds/{name}"], check=True,
                                  capture_output=True, text=True).stdout
        else:
            text = (ROOT / "seeds" / name).read_text(encoding="utf-8")
        kinds = count(text, listed)
        print(f"{name}: {sum(kinds.values())} references: "
              + ", ".join(f"{k} {n}" for k, n in sorted(kinds.items(), key=lambda kv: -kv[1])))
    return 0


if __name__ == "__main__":
    sys.exit(main())
