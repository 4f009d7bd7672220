"""Regenerate screenshots/*.svg with Textual's own screenshot support.

Usage: python scripts/screenshots.py   (uses a throw-away WATCHLIST_HOME with a demo list)
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SIZE = (110, 34)
DEMO_LIST = [  # film id, status, rating
    ("deep-red-1975", "seen", 5.0),
    ("oldboy-2003", "seen", 4.5),
    ("whiplash-2014", "seen", 4.0),
    ("the-perfection-2018", "want", None),
    ("tenebrae-1982", "want", None),
    ("the-handmaiden-2016", "want", None),
]


# A review written for these pictures (never a critic's words), names misspelled on purpose.
DEMO_REVIEW = (
    "The Perfection is a wild ride. Alison Williams and Logan Browing play two cellists "
    "whose rivalry at a famous academy turns into something far stranger. Director Richard "
    "Shephard keeps pulling the rug away, and the debt to giallo and Korean horror is plain "
    "in every lurid twist. Some turns are silly, but the two leads are terrific and the "
    "nerve of it is exciting. I had a great time."
)


def fill_demo_list(services) -> None:
    for film_id, status, rating in DEMO_LIST:
        if services.catalog.get(film_id):
            services.store.add(film_id, status=status, rating=rating)
    services.reviews.add_plain(DEMO_REVIEW, film="the-perfection-2018", source="demo")


async def shoot(services, name: str, steps) -> None:
    from watchlist.tui.app import make_app

    app = make_app(services, watch_external_changes=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for step in steps:
            await step(pilot)
            await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause(0.2)
        svg = app.export_screenshot(title=f"watchlist: {name}")
    (ROOT / "screenshots" / f"{name}.svg").write_text(svg, encoding="utf-8")
    print(f"screenshots/{name}.svg")


def press(*keys: str):
    async def step(pilot) -> None:
        await pilot.press(*keys)

    return step


async def main() -> None:
    from watchlist.services import open_services

    services = open_services()
    fill_demo_list(services)
    await shoot(services, "browse-giallo", [press(*"giallo"), press("enter")])
    await shoot(
        services, "film-the-perfection", [press(*"the perfection"), press("enter", "enter")]
    )
    await shoot(services, "watchlist", [press("escape", "l")])
    await shoot(services, "for-you", [press("escape", "f")])
    await shoot(services, "help", [press("escape", "question_mark")])


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as home:
        os.environ["WATCHLIST_HOME"] = home
        sys.path.insert(0, str(ROOT))
        asyncio.run(main())
