"""Fixtures for the review tests: the seed review (read from ../shared, never copied)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import SEED_REVIEW, require_shared
from watchlist.catalog.catalog import Catalog
from watchlist.catalog.loader import load_catalog


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return load_catalog()


@pytest.fixture
def seed_path() -> Path:
    return require_shared(SEED_REVIEW)


@pytest.fixture
def seed_text(seed_path: Path) -> str:
    return seed_path.read_text(encoding="utf-8")
