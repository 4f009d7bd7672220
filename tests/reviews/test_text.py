"""The pure pieces: reading, sentence splitting, verdict cues."""

from __future__ import annotations

import pytest

from watchlist.reviews import BadReviewInput, review_text
from watchlist.reviews.sentences import split_sentences
from watchlist.reviews.verdict import clause_tone, judge
from watchlist.text import fold


def texts(text: str) -> list[str]:
    return [s.text for s in split_sentences(text)]


def test_sentences_keep_abbreviations_initials_and_quotes_together() -> None:
    text = (
        "Dr. Strangelove is funnier than I remembered. It stars Peter Sellers vs. the bomb, "
        "e.g. three roles at once. J. R. R. Tolkien never saw it… Still, “it works.” "
        "Does it? Yes! The U.S. release was cut – badly – in places."
    )
    assert texts(text) == [
        "Dr. Strangelove is funnier than I remembered.",
        "It stars Peter Sellers vs. the bomb, e.g. three roles at once.",
        "J. R. R. Tolkien never saw it…",
        "Still, “it works.”",
        "Does it?",
        "Yes!",
        "The U.S. release was cut – badly – in places.",
    ]


def test_sentences_are_verbatim_slices_with_paragraphs() -> None:
    text = "First one here. Second one.\n\nNew paragraph\ncontinues here."
    sentences = split_sentences(text)
    assert [s.paragraph for s in sentences] == [0, 0, 1]
    assert all(text[s.start : s.start + len(s.text)] == s.text for s in sentences)


def test_bom_and_crlf_are_fine() -> None:
    text, kind = review_text("\ufeffLine one.\r\nLine two.\r\n".encode())
    assert kind == "text" and text == "Line one.\nLine two."


def test_html_entities_blocks_and_skipped_tags() -> None:
    html = "<p>One &amp; two&hellip;</p><script>bad()</script><p>Three<br>four</p>"
    text, kind = review_text(html, "x", ".html")
    assert kind == "html"
    assert text == "One & two…\n\nThree\n\nfour"


@pytest.mark.parametrize("data", [b"", b"   \n", b"<p></p>", b"\x00abc", b"\xff\xfe\xfa"])
def test_unusable_input_is_refused(data: bytes) -> None:
    with pytest.raises(BadReviewInput):
        review_text(data, "x", ".html" if data.startswith(b"<") else "")


def tone(text: str) -> tuple[float, float]:
    return clause_tone(fold(text).split())


def test_negation_flips_and_softens() -> None:
    assert tone("a good film") == (1.0, 0.0)
    positive, negative = tone("not a good film")
    assert positive == 0 and negative > 0
    positive, negative = tone("it isn't a bad film")
    assert positive > 0 and negative == 0


def test_but_outweighs_what_came_before() -> None:
    sentences = split_sentences("The acting is great, but the script is a terrible mess.")
    assert judge(sentences, [s.text for s in sentences]).verdict == "negative"
    sentences = split_sentences("The script is a mess, but the acting is great and it is fun.")
    assert judge(sentences, [s.text for s in sentences]).verdict == "positive"
