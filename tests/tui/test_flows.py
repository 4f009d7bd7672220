"""Pilot tests: every key and flow of the app, end to end against the real store."""

from __future__ import annotations

from textual.widgets import DataTable, Input, Label

from tests.tui.conftest import settle
from watchlist.tui.screens.browse import BrowseScreen
from watchlist.tui.screens.film import FilmScreen
from watchlist.tui.screens.help import HelpScreen
from watchlist.tui.screens.rating import RatingDialog
from watchlist.tui.screens.recommendations import RecommendationsScreen
from watchlist.tui.screens.text_entry import TextEntryDialog
from watchlist.tui.screens.watchlist_screen import WatchlistScreen
from watchlist.tui.widgets.film_list import FilmList

SIZE = (100, 30)


async def search(pilot, text: str) -> FilmList:
    await pilot.press(*text)
    await settle(pilot)
    return pilot.app.screen.query_one("#results", FilmList)


async def test_the_whole_day(app, services) -> None:
    """Search with a typo, Enter, w, see it on the list, seen, rate, note, remove, quit."""
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, BrowseScreen)
        assert app.focused is app.screen.query_one("#search", Input)

        results = await search(pilot, "the perfecton")
        assert results.highlighted_film_id == "the-perfection-2018"

        await pilot.press("enter")  # to the results, first highlighted
        assert app.focused is results
        assert results.highlighted == 0

        await pilot.press("w")
        await settle(pilot)
        assert services.store.get("the-perfection-2018").status == "want"

        await pilot.press("l")
        await settle(pilot)
        assert isinstance(app.screen, WatchlistScreen)
        table = app.screen.query_one("#entries", DataTable)
        assert table.row_count == 1
        assert app.screen.highlighted_film_id() == "the-perfection-2018"

        await pilot.press("s")  # seen, then the rating dialog
        await settle(pilot)
        assert isinstance(app.screen, RatingDialog)
        await pilot.press(*"3.5", "enter")
        await settle(pilot)
        entry = services.store.get("the-perfection-2018")
        assert entry.status == "seen" and entry.rating == 3.5
        assert table.row_count == 0  # it left the want-to-see tab...
        await pilot.press("right")
        await settle(pilot)
        assert app.screen.highlighted_film_id() == "the-perfection-2018"  # ...for seen

        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, TextEntryDialog)
        await pilot.press(*"cello duel", "ctrl+s")
        await settle(pilot)
        assert services.store.get("the-perfection-2018").note == "cello duel"

        await pilot.press("x")
        await settle(pilot)
        assert services.store.get("the-perfection-2018") is None
        await pilot.press("u")  # undo brings it back, note and rating included
        await settle(pilot)
        restored = services.store.get("the-perfection-2018")
        assert restored.note == "cello duel" and restored.rating == 3.5

        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


async def test_typing_q_in_search_types_it(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("q", "w")
        assert app.screen.query_one("#search", Input).value == "qw"
        assert app.is_running


async def test_results_follow_the_latest_query(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        results = await search(pilot, "giallo")
        first = results.highlighted_film_id
        film = app.services.catalog.get(first)
        assert "giallo" in film.tags
        await pilot.press(*" year:1975")
        await settle(pilot)
        ids = [results.get_option_at_index(i).id for i in range(results.option_count)]
        assert ids and all(app.services.catalog.get(i).year == 1975 for i in ids)


async def test_enter_on_a_result_opens_details_and_escape_returns(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await search(pilot, "steven webber")
        await pilot.press("enter", "enter")
        await settle(pilot)
        assert isinstance(app.screen, FilmScreen)
        assert "Steven Weber" in app.services.catalog.get(app.screen.film_id).cast
        await pilot.press("escape")
        assert isinstance(app.screen, BrowseScreen)


async def test_j_k_move_and_slash_returns_to_search(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        results = await search(pilot, "giallo")
        await pilot.press("enter", "j", "j", "k")
        assert results.highlighted == 1
        await pilot.press("slash")
        assert app.focused is app.screen.query_one("#search", Input)
        await pilot.press("escape")
        assert app.focused is results


async def test_digit_rates_and_plus_minus_give_half_stars(app, services) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await search(pilot, "deep red")
        await pilot.press("enter", "4")
        await settle(pilot)
        assert services.store.get("deep-red-1975").rating == 4
        await pilot.press("plus")
        await settle(pilot)
        assert services.store.get("deep-red-1975").rating == 4.5
        await pilot.press("minus", "minus")
        await settle(pilot)
        assert services.store.get("deep-red-1975").rating == 3.5
        await pilot.press("0")
        await settle(pilot)
        assert services.store.get("deep-red-1975").rating is None


async def test_more_like_this_and_for_you(app, services) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await search(pilot, "deep red")
        await pilot.press("enter", "r")
        await settle(pilot)
        assert isinstance(app.screen, RecommendationsScreen)
        recs = app.screen.query_one("#recs", FilmList)
        assert recs.option_count > 0
        assert recs.highlighted_film_id != "deep-red-1975"
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("5")  # loved it
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        assert isinstance(app.screen, RecommendationsScreen)
        recs = app.screen.query_one("#recs", FilmList)
        assert recs.option_count > 0
        assert "deep-red-1975" not in {
            recs.get_option_at_index(i).id for i in range(recs.option_count)
        }


async def test_for_you_with_an_empty_list_says_how_to_start(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("escape", "f")
        await settle(pilot)
        label = app.screen.query_one("#recs-title", Label)
        assert "empty" in str(label.content)


async def test_watchlist_tabs_counts_and_sort(app, services) -> None:
    services.store.add("deep-red-1975", status="seen", rating=5.0)
    services.store.add("oldboy-2003", status="want")
    services.store.add("suspiria-1977", status="want")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("escape", "l")
        await settle(pilot)
        screen = app.screen
        table = screen.query_one("#entries", DataTable)
        assert table.row_count == 2  # want to see
        await pilot.press("right")
        await settle(pilot)
        assert table.row_count == 1 and screen.highlighted_film_id() == "deep-red-1975"
        await pilot.press("right")
        await settle(pilot)
        assert table.row_count == 3
        labels = [str(tab.label) for tab in screen.query("Tab")]
        assert labels == ["Want to see (2)", "Seen (1)", "All (3)"]
        await pilot.press("o", "o", "o")  # added -> rating -> year -> title
        assert screen.sort == "title"
        first = table.get_row_at(0)[1]
        assert first == "Deep Red"


async def test_help_lists_every_bound_key(app) -> None:
    from watchlist.tui.film_actions import FILM_BINDINGS
    from watchlist.tui.screens.help import KEYS

    described = " ".join(key for _, rows in KEYS for key, _ in rows)
    for binding in FILM_BINDINGS:
        first = binding.key.split(",")[0]
        named = {"plus": "+", "minus": "-"}.get(first, first)
        assert named in described or first.isdigit(), binding.key
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("escape", "question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_a_corrupted_watchlist_is_reported_and_the_app_keeps_running(
    app, services, watchlist_home
) -> None:
    watchlist_home.mkdir(parents=True, exist_ok=True)
    (watchlist_home / "watchlist.json").write_text('{"entries": {"1": {"film_id": ', "utf-8")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.is_running
        assert any(n.severity == "error" for n in app._notifications)
        results = await search(pilot, "oldboy")
        assert results.option_count > 0


async def test_not_interested_drops_a_recommendation_and_is_remembered(app, services) -> None:
    services.store.add("deep-red-1975", status="seen", rating=5.0)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("escape", "f")
        await settle(pilot)
        recs = app.screen.query_one("#recs", FilmList)
        first = recs.highlighted_film_id
        await pilot.press("d")
        await settle(pilot)
        assert services.store.not_interested() == {first}
        assert recs.highlighted_film_id != first
        await pilot.press("u")  # changed my mind
        await settle(pilot)
        assert services.store.not_interested() == set()
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("ctrl+r")
        await settle(pilot)
        shown = {recs.get_option_at_index(i).id for i in range(recs.option_count)}
        assert first not in shown


async def test_keys_pressed_quickly_apply_in_order(app, services) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await search(pilot, "deep red")
        await pilot.press("enter")
        await pilot.press("1", "plus", "plus", "plus", "plus")  # no waiting between keys
        await settle(pilot)
        assert services.store.get("deep-red-1975").rating == 3.0
        await pilot.press("3", "5", "2", "4")
        await settle(pilot)
        assert services.store.get("deep-red-1975").rating == 4.0  # the last key wins


async def test_films_missing_from_the_catalog_are_named_and_not_compared(app, services) -> None:
    services.store.add("unmatched:lost-film-1999", status="want", title="Lost Film", year=1999)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("escape", "l")
        await settle(pilot)
        assert app.screen.highlighted_film_id() == "unmatched:lost-film-1999"
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, WatchlistScreen)  # nothing to compare with
        await pilot.press("x")
        await settle(pilot)
        assert services.store.get("unmatched:lost-film-1999") is None
        messages = [n.message for n in app._notifications]
        assert any("Removed Lost Film (1999)" in message for message in messages)
