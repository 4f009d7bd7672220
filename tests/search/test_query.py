"""Query parsing: free words, filters, quoting, year ranges, empty and huge input."""

from __future__ import annotations

import pytest

from watchlist.search.query import MAX_QUERY_CHARS, MAX_WORDS, Filter, parse_query


def test_free_words_are_folded() -> None:
    parsed = parse_query("Amélie  BONG Joon-ho!")
    assert parsed.words == ("amelie", "bong", "joon", "ho")
    assert parsed.text == "amelie bong joon ho"
    assert parsed.filters == ()
    assert parsed.state == "ok"


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        ("cast:williams", "cast", "williams"),
        ('cast:"Allison Williams"', "cast", "allison williams"),
        ("dir:argento", "dir", "argento"),
        ("director:Argento", "dir", "argento"),
        ("DIR:argento", "dir", "argento"),
        ("genre:horror", "genre", "horror"),
        ('tag:"cult classic"', "tag", "cult classic"),
        ("status:want", "status", "want"),
        ("status:SEEN", "status", "seen"),
        ("status:w", "status", "want"),
    ],
)
def test_filters(text: str, field: str, value: str) -> None:
    parsed = parse_query(f"giallo {text}")
    assert parsed.words == ("giallo",)
    assert [(f.field, f.value) for f in parsed.filters] == [(field, value)]


@pytest.mark.parametrize(
    ("text", "start", "end", "described"),
    [
        ("year:1975", 1975, 1975, "year: 1975"),
        ("year:1970-1985", 1970, 1985, "year: 1970-1985"),
        ("year:1990-", 1990, None, "year: 1990-"),
        ("year:-1960", None, 1960, "year: -1960"),
        ("year:1970s", 1970, 1979, "year: 1970-1979"),
    ],
)
def test_year_filters(text: str, start: int | None, end: int | None, described: str) -> None:
    (item,) = parse_query(text).filters
    assert (item.field, item.year_from, item.year_to) == ("year", start, end)
    assert item.describe() == described


@pytest.mark.parametrize("value", ["abc", "1985-1970", "12", "3000", "19x5"])
def test_bad_year_values_are_dropped_with_a_note(value: str) -> None:
    parsed = parse_query(f"giallo year:{value}")
    assert parsed.filters == ()
    assert parsed.words == ("giallo",)
    assert any("year" in problem for problem in parsed.problems)


def test_bad_status_is_dropped_with_a_note() -> None:
    parsed = parse_query("status:maybe")
    assert parsed.filters == ()
    assert parsed.problems
    assert parsed.state == "punctuation"  # nothing left to search for


def test_unknown_keys_are_plain_words() -> None:
    parsed = parse_query("foo:bar giallo")
    assert parsed.filters == ()
    assert parsed.words == ("foo", "bar", "giallo")


def test_an_empty_filter_value_is_ignored_while_typing() -> None:
    parsed = parse_query("giallo cast:")
    assert parsed.filters == ()
    assert parsed.words == ("giallo",)


def test_unclosed_quote_takes_the_rest() -> None:
    (item,) = parse_query('cast:"allison will').filters
    assert item == Filter("cast", "allison will")


@pytest.mark.parametrize("text", ["", "   ", "\t\n"])
def test_empty(text: str) -> None:
    assert parse_query(text).state == "empty"


@pytest.mark.parametrize("text", ["!!!", "-- ... ?", "'", '""', "«»"])
def test_punctuation_only(text: str) -> None:
    parsed = parse_query(text)
    assert parsed.state == "punctuation"
    assert parsed.words == ()


def test_huge_input_is_truncated() -> None:
    parsed = parse_query("kubrick " * 2000)
    assert parsed.truncated
    assert len(parsed.raw) == MAX_QUERY_CHARS
    assert len(parsed.words) <= MAX_WORDS


def test_has_filter() -> None:
    assert parse_query("status:seen x").has_filter("status")
    assert not parse_query("status x").has_filter("status")
