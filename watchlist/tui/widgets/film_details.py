"""The details pane: everything about one film, and what the user has said about it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from watchlist.catalog.model import Film
from watchlist.tui.formatting import STATUS_WORDS, marker, rating_text


class FilmDetails(VerticalScroll, can_focus=False):
    """Scrollable details of the highlighted film."""

    _film_id: str | None = None

    def compose(self):
        yield Static(id="details-body")

    def show(
        self,
        film: Film | None,
        entry: Any | None = None,
        reviews: Sequence[Any] = (),
        similar: Sequence[Any] | None = None,
        with_similar: bool = True,
    ) -> None:
        """Show a film; `similar` None means "still loading", and with_similar=False hides it."""
        body = self.query_one("#details-body", Static)
        if film is None:
            body.update(empty_text())
        else:
            body.update(describe_film(film, entry, reviews, similar, with_similar))
        film_id = film.id if film else None
        if film_id != self._film_id:  # a new film starts at the top; a changed one stays put
            self._film_id = film_id
            self.scroll_home(animate=False)


def empty_text() -> Text:
    return Text("Nothing highlighted. Type to search, or press ? for help.", style="dim")


def describe_film(
    film: Film,
    entry: Any | None,
    reviews: Sequence[Any],
    similar: Sequence[Any] | None,
    with_similar: bool = True,
) -> Group:
    head = Text()
    head.append(film.title, style="bold")
    if film.year:
        head.append(f"  ({film.year})")
    if film.original_title:
        head.append(f"\n{film.original_title}", style="italic")
    facts = [f"{film.runtime} min" if film.runtime else "", ", ".join(film.countries)]
    head.append("\n" + " · ".join(fact for fact in facts if fact), style="dim")

    fields = Table.grid(padding=(0, 1))
    fields.add_column(style="bold", no_wrap=True)
    fields.add_column()
    for label, values in (
        ("Director", film.directors),
        ("Cast", film.cast),
        ("Genres", film.genres),
        ("Tags", film.tags),
    ):
        if values:
            fields.add_row(label, ", ".join(values))
    return Group(head, Text(), fields, _about(film, entry, reviews, similar, with_similar))


def _about(
    film: Film,
    entry: Any | None,
    reviews: Sequence[Any],
    similar: Sequence[Any] | None,
    with_similar: bool,
) -> Text:
    text = Text()
    if film.summary:
        text.append("\n" + film.summary + "\n")

    text.append("\nYour watchlist\n", style="bold underline")
    if entry is None:
        text.append("Not on your list. w: want to see · s: seen · 1-5: rate\n", style="dim")
    else:
        text.append(f"{marker(entry.status)} {STATUS_WORDS.get(entry.status, entry.status)}")
        if entry.rating is not None:
            text.append(f"   {rating_text(entry.rating)}")
        text.append("\n")
        viewings = getattr(entry, "viewings", None) or []
        if viewings:
            dates = ", ".join(v.get("date", "?") for v in viewings[-3:])
            text.append(f"Watched: {dates}\n", style="dim")
        if entry.note:
            text.append(f"Note: {entry.note}\n")

    if reviews:
        text.append("\nYour reviews\n", style="bold underline")
        for review in reviews:
            verdict = getattr(review, "verdict", "")
            text.append(f"[{verdict}] " if verdict else "", style="bold")
            text.append(f"{getattr(review, 'summary', '')}\n")
            links = review_links(getattr(review, "mentions", None) or {})
            if links:
                text.append(f"Links: {links}\n", style="dim")
        text.append("v: read the full text\n", style="dim")

    if not with_similar:
        return text
    text.append("\nMore like this\n", style="bold underline")
    if similar is None:
        text.append("…\n", style="dim")
    elif not similar:
        text.append("Nothing close enough in this catalog.\n", style="dim")
    else:
        for rec in similar:
            text.append(f"• {rec.film.label}", style="bold")
            if rec.reasons:
                text.append(f"  {rec.reasons[0]}", style="dim")
            text.append("\n")
    return text


def review_links(mentions: dict) -> str:
    """What a review names, resolved: 'Steven Weber ("Webber"), giallo'."""
    parts = []
    for person in mentions.get("people", [])[:6]:
        name, written = person.get("name", ""), person.get("as_written", "")
        parts.append(f'{name} ("{written}")' if written and written != name else name)
    parts.extend(mentions.get("influences", [])[:4])
    return ", ".join(part for part in parts if part)
