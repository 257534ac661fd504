"""The five articles are primary documents: byte-identical to the originals, proven by sha256."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from conftest import ROOT, SEEDS

SHARED = ROOT.parent / "shared" / "seeds"


def manifest() -> dict[str, str]:
    lines = (SEEDS / "MANIFEST.sha256").read_text(encoding="utf-8").splitlines()
    return {name: digest for digest, name in (line.split(maxsplit=1) for line in lines if line.strip())}


def test_manifest_lists_every_article():
    on_disk = {f"articles/{p.name}" for p in (SEEDS / "articles").glob("*.txt")}
    assert set(manifest()) == on_disk
    assert len(on_disk) == 5


@pytest.mark.parametrize("name", sorted(manifest()))
def test_article_matches_its_checksum(name):
    digest = hashlib.sha256((SEEDS / name).read_bytes()).hexdigest()
    assert digest == manifest()[name], f"{name} was changed: the seeds must stay byte-identical"


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/seeds is not beside this clone")
@pytest.mark.parametrize("original", sorted(SHARED.glob("*.txt")) if SHARED.is_dir() else [], ids=lambda p: p.name)
def test_article_is_byte_identical_to_the_original(original: Path):
    assert (SEEDS / "articles" / original.name).read_bytes() == original.read_bytes()
