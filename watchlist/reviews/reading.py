"""Turning a review file (plain text, Markdown or HTML) into clean plain text.

Input is bytes so every source (file, stdin, a paste in the app) is checked the same way:
size cap, binary sniffing, strict UTF-8 (a BOM is fine).
"""

from __future__ import annotations

import re
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import BinaryIO, Literal

from watchlist.reviews.errors import BadReviewInput

#: Reviews are articles, not books: anything larger is almost certainly the wrong file.
MAX_BYTES = 1_000_000

Format = Literal["text", "markdown", "html"]

_HTML_SNIFF = re.compile(r"^\s*(<!doctype html|<html|<body|<p[\s>]|<div[\s>]|<article)", re.I)
_HTML_TAGS = re.compile(r"</?(p|br|div|h[1-6]|em|strong|a|span|li|ul|blockquote)\b[^>]*>", re.I)
_MD_SNIFF = re.compile(
    r"^(#{1,6}\s|\s*[-*+]\s|\s*\d+\.\s|>\s)|\*\*[^*]+\*\*|\[[^\]]+\]\([^)]+\)|^(-{3,}|\*{3,})$",
    re.M,
)


def read_review_file(path: Path | str) -> tuple[str, Format]:
    """Plain text and detected format of a review file; '-' reads stdin."""
    if str(path) == "-":
        return read_review_stream(sys.stdin.buffer, "stdin")
    path = Path(path)
    try:
        if path.is_dir():
            raise BadReviewInput(f"{path} is a folder, not a review file")
        with path.open("rb") as handle:
            return read_review_stream(handle, str(path), suffix=path.suffix)
    except FileNotFoundError:
        raise BadReviewInput(f"no such file: {path}") from None
    except PermissionError:
        raise BadReviewInput(f"can't read {path}: permission denied") from None
    except IsADirectoryError:
        raise BadReviewInput(f"{path} is a folder, not a review file") from None


def read_review_stream(handle: BinaryIO, name: str, suffix: str = "") -> tuple[str, Format]:
    """Read at most MAX_BYTES + 1 bytes, so a huge input is refused without loading it."""
    data = handle.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise BadReviewInput(
            f"{name} is too large for a review (over {MAX_BYTES // 1_000_000} MB); "
            "give the review's text only"
        )
    return review_text(data, name, suffix)


def review_text(data: bytes | str, name: str = "review", suffix: str = "") -> tuple[str, Format]:
    """Validate and decode raw input, then reduce Markdown/HTML to text."""
    if isinstance(data, str):
        raw = data.lstrip("\ufeff")
        if len(raw.encode("utf-8", "surrogatepass")) > MAX_BYTES:
            raise BadReviewInput(f"{name} is too large for a review (over 1 MB)")
    else:
        if len(data) > MAX_BYTES:
            raise BadReviewInput(f"{name} is too large for a review (over 1 MB)")
        if b"\x00" in data:
            raise BadReviewInput(f"{name} looks binary (it contains NUL bytes), not a text review")
        try:
            raw = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise BadReviewInput(
                f"{name} is not UTF-8 text (undecodable byte at offset {error.start}); "
                "save the review as UTF-8"
            ) from None
    if "\x00" in raw or _control_ratio(raw) > 0.01:
        raise BadReviewInput(f"{name} looks binary (control characters), not a text review")
    if not raw.strip():
        raise BadReviewInput(f"{name} is empty: there is no review to read")
    kind = detect_format(raw, suffix)
    text = (
        html_to_text(raw)
        if kind == "html"
        else markdown_to_text(raw)
        if kind == "markdown"
        else raw
    )
    text = normalise_whitespace(text)
    if not re.search(r"\w", text):
        raise BadReviewInput(f"{name} has no words: there is no review to read")
    return text, kind


def detect_format(raw: str, suffix: str = "") -> Format:
    """By file suffix first, then by sniffing the content."""
    suffix = suffix.lower()
    if suffix in (".html", ".htm", ".xhtml"):
        return "html"
    if suffix in (".md", ".markdown", ".mdown"):
        return "markdown"
    if _HTML_SNIFF.match(raw) or len(_HTML_TAGS.findall(raw[:20_000])) >= 3:
        return "html"
    if len(_MD_SNIFF.findall(raw[:20_000])) >= 2:
        return "markdown"
    return "text"


def _control_ratio(text: str) -> float:
    sample = text[:20_000]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f")
    return controls / max(1, len(sample))


def normalise_whitespace(text: str) -> str:
    """Unix newlines, paragraphs separated by one blank line, single spaces inside lines."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    text = text.replace("\f", "\n\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    lines = [re.sub(r"[ \t]+", " ", line).strip() for line in text.split("\n")]
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


# --- HTML -----------------------------------------------------------------------------------

_BLOCKS = {
    "p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "blockquote",
    "section", "article", "header", "tr", "table", "pre", "hr", "figure", "figcaption", "dd",
    "dt", "main", "aside",
}  # fmt: skip
_SKIPPED = {"script", "style", "head", "noscript", "template", "svg", "nav", "footer", "iframe"}


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self.skip_depth += 1
        elif tag in _BLOCKS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self.skip_depth = max(0, self.skip_depth - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self.skip_depth:
            # Line breaks inside a paragraph of HTML source are just spaces.
            self.parts.append(re.sub(r"\s+", " ", data))


def html_to_text(raw: str) -> str:
    parser = _TextExtractor()
    parser.feed(raw)
    parser.close()
    return "".join(parser.parts)


# --- Markdown -------------------------------------------------------------------------------

_MD_RULES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"```.*?```", re.S), ""),  # code blocks carry no review text
    (re.compile(r"<!--.*?-->", re.S), ""),
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), ""),  # images
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),  # links keep their text
    (re.compile(r"\[([^\]]+)\]\[[^\]]*\]"), r"\1"),
    (re.compile(r"^\s*\[[^\]]+\]:\s*\S+.*$", re.M), ""),  # link definitions
    (re.compile(r"^\s{0,3}#{1,6}\s*(.*?)\s*#*\s*$", re.M), r"\n\1\n"),  # headings: own paragraph
    (re.compile(r"^\s*(?:-{3,}|\*{3,}|_{3,})\s*$", re.M), "\n"),  # rules
    (re.compile(r"^\s*>\s?", re.M), ""),  # quotes
    (re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+", re.M), "\n"),  # list items: own paragraph
    (re.compile(r"(\*\*|__)(.+?)\1", re.S), r"\2"),
    (re.compile(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?!\w)", re.S), r"\1"),
    (re.compile(r"(?<![\w_])_(?!\s)(.+?)(?<!\s)_(?!\w)", re.S), r"\1"),
    (re.compile(r"~~(.+?)~~", re.S), r"\1"),
    (re.compile(r"`([^`]*)`"), r"\1"),
    (re.compile(r"<[^>\n]+>"), ""),  # inline HTML tags
]


def markdown_to_text(raw: str) -> str:
    text = raw.replace("\r\n", "\n")
    for pattern, replacement in _MD_RULES:
        text = pattern.sub(replacement, text)
    return text
