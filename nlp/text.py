"""Normalization of VK/Telegram text: links, mentions, hashtags, emoji, stretched letters, case."""

from __future__ import annotations

import re
from itertools import chain

from nlp.segments import cached_per_segment, segment_words, segments

URL = re.compile(r"(?:https?://|www\.)\S+|\b[\w.-]+\.(?:ru|рф|com|org|net|su)(?:/\S*)?", re.I)
# what every URL match contains: one search for it is ~3x cheaper than URL's own scan
URL_HINT = re.compile(r"://|www\.|\.(?:ru|рф|com|org|net|su)", re.I)
VK_MENTION = re.compile(r"\[(?:id|club|public)\d+\|([^\]]*)\]")
MENTION = re.compile(r"(?<!\w)@\w+")
HASHTAG = re.compile(r"#(\w+)")
CAMEL = re.compile(r"(?<=[а-яёa-z])(?=[А-ЯЁA-Z])")
STRETCH = re.compile(r"([а-яёa-z])\1{2,}", re.I)
EMOJI = re.compile(
    "[\U0001F300-\U0001FAFF\u2600-\u27BF\u2B50\u2B55\u203C\u2049\u2122\u2139\u2194-\u21AA"
    "\u231A-\u23FF\u25AA-\u25FE\u3030\u303D]"
)
SKIN_AND_JOINERS = re.compile("[\U0001F3FB-\U0001F3FF\uFE0F\u200D]")
MARKERS = ("_url", "_mention", "_smile", "_frown")  # what normalize puts in place of things
KEEP = re.compile(r"[а-яa-z0-9]+(?:[-.,][а-яa-z0-9]+)*|[!?]*(?:!!|\?\?|!\?|\?!)[!?]*|"
                  + "|".join(MARKERS) + "|" + EMOJI.pattern)
SPACES = re.compile(r"\s+")
BELOW_ZERO = re.compile(r"[-−]\d{1,2}")
# Text emoticons: ":)", ":-D", "))" and "((" (Russian chat writes smiles as bare brackets).
SMILE = re.compile(r"[:;=]-?[)D]+|\){2,}")
FROWN = re.compile(r"[:;=]-?\(+|\({2,}")
LONE_CLOSE = re.compile(r"(?<![\d(])\)")
LONE_OPEN = re.compile(r"\((?![\w)])")


def _hashtag(match: re.Match) -> str:
    return " " + CAMEL.sub(" ", match.group(1)).replace("_", " ") + " "


def normalize(text: str) -> str:
    """Lower-cased text with links/mentions as markers, hashtags as words, emoji spaced out."""
    text = URL.sub(" _url ", text) if URL_HINT.search(text) else text
    if "[" in text:
        text = VK_MENTION.sub(r" \1 ", text)
    if "@" in text:
        text = MENTION.sub(" _mention ", text)
    if "#" in text:
        text = HASHTAG.sub(_hashtag, text)
    if "(" in text or ")" in text or "D" in text:  # ":-D" has no bracket
        text = emoticons(text)
    if not text.isascii():  # emoji, skin tones and joiners are never ASCII
        text = EMOJI.sub(lambda m: " " + m.group(0) + " ", SKIN_AND_JOINERS.sub("", text))
    text = STRETCH.sub(r"\1", text)
    text = text.lower().replace("ё", "е")
    return " ".join(text.split())  # str.split's whitespace is re's \s: SPACES, 3x faster


def emoticons(text: str) -> str:
    """Smiles and frowns as _smile/_frown markers; a lone bracket counts only when the text
    has no bracket of the other kind to pair with."""
    text = FROWN.sub(" _frown ", SMILE.sub(" _smile ", text))
    if "(" not in text:
        text = LONE_CLOSE.sub(" _smile ", text)
    if ")" not in text:
        text = LONE_OPEN.sub(" _frown ", text)
    return text


def strip_emoticons(text: str) -> str:
    """The text without its emoticons (for corpora whose labels were drawn from them)."""
    return SPACES.sub(" ", emoticons(text).replace("_smile", " ").replace("_frown", " ")).strip()


def tokens(normalized: str) -> list[str]:
    """Word, emoji and marker tokens of normalized text, segmented by razdel ("!!!" and "???"
    kept as signals, other punctuation dropped)."""
    return list(chain.from_iterable(map(_segment_tokens.__getitem__, segments(normalized))))


@cached_per_segment
def _segment_tokens(segment: str) -> tuple[str, ...]:
    # a segment never ends in a lone "_" that the next one's marker word would glue onto
    chunks = _join_markers(segment_words(segment))
    return tuple(chain.from_iterable(_kept(text) for text in chunks))


def _kept(chunk: str) -> tuple[str, ...]:
    if KEEP.fullmatch(chunk):
        return (_signal(chunk),)
    if BELOW_ZERO.fullmatch(chunk):  # "-22" is how posts write a frost: "минус 22"
        return ("минус", chunk[1:])
    return ()


def _join_markers(chunks) -> list[str]:
    """Glue "_" back onto its marker: razdel splits "_url" after punctuation or at the start."""
    out: list[str] = []
    for chunk in chunks:
        if out and out[-1] == "_" and "_" + chunk in MARKERS:
            out[-1] = "_" + chunk
        else:
            out.append(chunk)
    return out


def _signal(token: str) -> str:
    if token[0] in "!?":
        return "_excl" if "!" in token else "_quest"
    return token


def is_emoji(token: str) -> bool:
    return bool(EMOJI.fullmatch(token))
