"""The registered names nearest to a name someone typed (an unknown organisation in an import).

Staff write organisations the way they say them: "Kent County Council" where the register holds
its directorates, "KCC Adult Social Care", "Oakfeld Primary". Whole-string similarity ranks those
badly (a short name against a long one), so names are compared word by word: each typed word
counts by how rare it is in the register (a word most names share, such as "school", says
little), a word matches a registered word exactly or with a small typo, and "KCC" stands for
"Kent County Council". The score is the share of the typed words' weight that a name matches.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable
from difflib import SequenceMatcher

_ALIASES = {"kcc": ("kent", "county", "council")}
_STOP_WORDS = frozenset({"a", "an", "and", "at", "for", "in", "of", "the"})
_TYPO_RATIO = 0.8  # a word this similar to a registered word (four letters or more) matches
_MIN_SCORE = 0.5  # a name must match at least this share of the typed words' weight
_NEAR_BEST = 0.15  # and be this close to the best name's score
LIMIT = 5


def words(text: str) -> tuple[str, ...]:
    """Folded words: case and accents ignored, apostrophes dropped, "KCC" expanded."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    result: list[str] = []
    for word in re.findall(r"[a-z0-9]+", re.sub(r"['\u2019]", "", folded)):
        if word in _STOP_WORDS:
            continue
        result.extend(_ALIASES.get(word, (word,)))
    return tuple(dict.fromkeys(result))


def _similarity(typed: str, registered: str) -> float:
    if typed == registered:
        return 1.0
    if min(len(typed), len(registered)) < 4:
        return 0.0
    ratio = SequenceMatcher(None, typed, registered).ratio()
    return ratio if ratio >= _TYPO_RATIO else 0.0


class NameMatcher:
    """Nearest registered names; build once per register, ask once per unknown name."""

    def __init__(self, names: Iterable[str]) -> None:
        self._names = [(name, frozenset(words(name))) for name in dict.fromkeys(names)]
        self._vocabulary = frozenset().union(*(w for _, w in self._names))

    def nearest(self, typed: str, limit: int = LIMIT) -> list[str]:
        """Up to ``limit`` registered names, best first; empty when none is close."""
        typed_words = words(typed)
        if not typed_words or not self._names:
            return []
        weights = {word: self._weight(word) for word in typed_words}
        total = sum(weights.values())
        scored: list[tuple[float, str]] = []
        for name, name_words in self._names:
            matched = sum(
                weight * max((_similarity(word, other) for other in name_words), default=0.0)
                for word, weight in weights.items()
            )
            score = matched / total
            if score >= _MIN_SCORE:
                scored.append((score, name))
        if not scored:
            return []
        best = max(score for score, _ in scored)
        near = [(score, name) for score, name in scored if score >= best - _NEAR_BEST]
        near.sort(key=lambda item: (-item[0], item[1].casefold()))
        return [name for _, name in near[:limit]]

    def _weight(self, word: str) -> float:
        """Inverse document frequency: rare words in the register weigh more."""
        similar = {other for other in self._vocabulary if _similarity(word, other) > 0}
        containing = sum(1 for _, name_words in self._names if name_words & similar)
        return math.log((len(self._names) + 1) / (containing + 1)) + 1.0
