"""Matching what people type against what the bot offers, with or without Vietnamese diacritics.

Users on cheap phones type slowly, often without diacritics, sometimes with keyboards that send
decomposed characters or put the tone mark on another vowel ("huỷ" / "hủy"). Everything here
compares *folded* text (lower case, no diacritics, no punctuation); where the user did type
diacritics, they are used only to tell apart words that fold alike ("đúng" is not "dừng").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence

from flows.messages import Option

__all__ = [
    "fold",
    "is_back",
    "is_cancel",
    "is_control_word",
    "is_done",
    "is_next",
    "is_no",
    "is_skip",
    "is_yes",
    "normalize",
    "parse_edit",
    "resolve_choice",
    "search",
    "strip_diacritics",
]

_WHITESPACE = re.compile(r"\s+")
# Invisible characters some keyboards and copy-paste insert; they would break equality.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u2060\ufeff\u00ad"))
_NUMBER_CHOICE = re.compile(r"(?:(?:số|so)\s*)?#?(\d{1,4})\s*[.)]?")

# Vietnamese tone marks sit on the syllable, whichever vowel carries them; the other marks
# (breve, circumflex, horn) belong to their letter.
_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")


def normalize(text: str) -> str:
    """NFC, no invisible characters, trimmed, whitespace runs (newlines too) as one space.

    NFC also composes decomposed input and legacy sequences (a base letter followed by a
    combining tone mark), so "Hà Tĩnh" typed either way gives the same string.
    """
    text = unicodedata.normalize("NFC", text.translate(_INVISIBLE))
    return _WHITESPACE.sub(" ", text).strip()


def strip_diacritics(text: str) -> str:
    """Lower case without diacritics, keeping punctuation: "Đồng ý!" -> "dong y!"."""
    decomposed = unicodedata.normalize("NFKD", normalize(text).casefold())
    # NFD leaves đ whole (it is a letter of its own, not d plus a mark), hence the replace.
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("đ", "d")


def fold(text: str) -> str:
    """The comparison key: lower case, no diacritics, punctuation as spaces, single spaces."""
    kept = "".join(c if c.isalnum() else " " for c in strip_diacritics(text))
    return _WHITESPACE.sub(" ", kept).strip()


# --- diacritics as a tie-breaker ---------------------------------------------------------

_Letter = tuple[str, frozenset[str]]  # base letter, its own marks
_Syllable = tuple[tuple[_Letter, ...], frozenset[str]]  # letters, tone marks


def _syllable(word: str) -> _Syllable:
    letters: list[_Letter] = []
    tones: set[str] = set()
    marks: set[str] = set()
    base = ""
    for char in unicodedata.normalize("NFKD", word.casefold()):
        if unicodedata.combining(char):
            (tones if char in _TONE_MARKS else marks).add(char)
            continue
        if not char.isalnum():
            continue
        if base:
            letters.append((base, frozenset(marks)))
        marks = set()
        base = char
        if char == "đ":
            base, marks = "d", {"đ"}
    if base:
        letters.append((base, frozenset(marks)))
    return tuple(letters), frozenset(tones)


def _word_compatible(typed: str, reference: str) -> bool:
    """Whether `typed` could be `reference` with some diacritics left out (none wrong)."""
    typed_letters, typed_tones = _syllable(typed)
    ref_letters, ref_tones = _syllable(reference)
    if len(typed_letters) != len(ref_letters) or not typed_tones <= ref_tones:
        return False
    return all(
        t_base == r_base and t_marks <= r_marks
        for (t_base, t_marks), (r_base, r_marks) in zip(typed_letters, ref_letters, strict=True)
    )


def _words(text: str) -> list[str]:
    """Words of the normalized text, punctuation dropped, diacritics kept."""
    kept = "".join(c if c.isalnum() or unicodedata.combining(c) else " " for c in text.lower())
    return kept.split()


def _compatible(typed: str, reference: str) -> bool:
    """Whether every typed word is compatible with the reference word at the same place.

    Both texts must fold alike already; this only checks the diacritics the user did type.
    """
    typed_words = _words(unicodedata.normalize("NFD", normalize(typed)))
    ref_words = _words(unicodedata.normalize("NFD", normalize(reference)))
    if len(typed_words) != len(ref_words):
        return False
    return all(_word_compatible(t, r) for t, r in zip(typed_words, ref_words, strict=True))


# --- choices -----------------------------------------------------------------------------


def _contains_words(label_words: Sequence[str], query_words: Sequence[str], prefix: bool) -> bool:
    """Whether query_words occur in label_words as a run; with `prefix` the last may be cut."""
    n = len(query_words)
    if n == 0:
        return False
    for start in range(len(label_words) - n + 1):
        window = label_words[start : start + n]
        if window[:-1] != query_words[:-1]:
            continue
        last, wanted = window[-1], query_words[-1]
        if last == wanted or (prefix and last.startswith(wanted)):
            return True
    return False


def _unique(candidates: list[Option], typed: str, part_of_label: bool) -> Option | None:
    """The one candidate, using the typed diacritics to break a tie; None if still ambiguous."""
    if len(candidates) == 1:
        return candidates[0]
    if part_of_label:
        # The typed text is only part of each label: compare it with the matching part.
        typed_fold = fold(typed).split()
        fitting = [o for o in candidates if _part_compatible(typed, typed_fold, o.label)]
    else:
        fitting = [o for o in candidates if _compatible(typed, o.label)]
    return fitting[0] if len(fitting) == 1 else None


def _part_compatible(typed: str, typed_fold: list[str], label: str) -> bool:
    label_words = _words(unicodedata.normalize("NFD", normalize(label)))
    label_fold = [fold(w) for w in label_words]
    n = len(typed_fold)
    for start in range(len(label_fold) - n + 1):
        if label_fold[start : start + n] == typed_fold and _compatible(
            typed, " ".join(label_words[start : start + n])
        ):
            return True
    return False


def typed_number(text: str) -> int | None:
    """The option number a message is, alone ("2", "2.", "số 2"); None for anything else."""
    number = _NUMBER_CHOICE.fullmatch(normalize(text).lower())
    return int(number.group(1)) if number else None


def resolve_choice(options: Sequence[Option], text: str) -> Option | None:
    """The option the user meant, or None when nothing or more than one option fits.

    In order: the option id exactly; its 1-based number ("2", "2.", "số 2"); the label typed
    with or without diacritics; a label containing the typed words as a run of whole words;
    a label containing them with the last word cut short ("vu qua"). At each stage more than
    one fit (after the typed diacritics break ties) means ambiguous: None, never a guess.
    """
    typed = normalize(text)
    if not typed:
        return None
    for option in options:
        if option.id == typed:
            return option
    number = _NUMBER_CHOICE.fullmatch(typed.lower())
    if number:
        index = int(number.group(1))
        return options[index - 1] if 1 <= index <= len(options) else None

    query = fold(typed)
    if not query:
        return None
    exact = [o for o in options if fold(o.label) == query]
    if exact:
        return _unique(exact, typed, part_of_label=False)
    query_words = query.split()
    whole = [o for o in options if _contains_words(fold(o.label).split(), query_words, False)]
    if whole:
        return _unique(whole, typed, part_of_label=True)
    cut = [o for o in options if _contains_words(fold(o.label).split(), query_words, True)]
    return cut[0] if len(cut) == 1 else None


def search(options: Sequence[Option], query: str) -> list[Option]:
    """Options whose label contains the typed words as a run of whole words, in list order.

    Diacritics are ignored ("son" finds "Sơn" and "Sen" does not); an empty query finds none.
    """
    query_words = fold(query).split()
    if not query_words:
        return []
    return [o for o in options if _contains_words(fold(o.label).split(), query_words, False)]


# --- common answers ----------------------------------------------------------------------

# Polite particles around an answer: "dạ có ạ", "ok nhé".
_TRAILING_PARTICLES = frozenset({"a", "nhe", "nha", "nhen", "ha"})
_LEADING_PARTICLES = frozenset({"da", "vang"})


def _cores(text: str) -> list[str]:
    """The answer as typed, and with polite particles around it removed."""
    words = normalize(text).lower().split()
    cores = [" ".join(words)]
    while len(words) > 1 and fold(words[-1]) in _TRAILING_PARTICLES:
        words = words[:-1]
        cores.append(" ".join(words))
    while len(words) > 1 and fold(words[0]) in _LEADING_PARTICLES:
        words = words[1:]
        cores.append(" ".join(words))
    return cores


def _answer_predicate(words: Iterable[str], symbols: Iterable[str] = ()) -> Callable[[str], bool]:
    by_fold: dict[str, list[str]] = {}
    for word in words:
        by_fold.setdefault(fold(word), []).append(normalize(word))
    exact_symbols = frozenset(symbols)

    def predicate(text: str) -> bool:
        if normalize(text) in exact_symbols:
            return True
        for core in _cores(text):
            references = by_fold.get(fold(core), [])
            if any(_compatible(core, ref) for ref in references):
                return True
        return False

    return predicate


YES_WORDS = (
    "có", "co", "ừ", "ừm", "uh", "uk", "ok", "oke", "okay", "oki", "đồng ý", "yes", "y",
    "vâng", "dạ", "được", "đc", "dc", "đúng rồi", "phải", "chắc chắn", "có chứ",
)  # fmt: skip
NO_WORDS = (
    "không", "ko", "k", "kg", "khong", "hông", "không ạ", "no", "chưa", "không đồng ý",
    "không phải", "sai",
)  # fmt: skip
DONE_WORDS = (
    "xong", "xon", "hết", "het", "done", "xong rồi", "hết rồi", "rồi", "đủ", "đủ rồi", "đã xong",
    "kết thúc", "ok xong", "oke xong", "ok xong rồi",
)  # fmt: skip
BACK_WORDS = ("0", "quay lại", "quay lai", "back", "trở lại", "lui", "lùi", "lùi lại", "quay về")
CANCEL_WORDS = (
    "hủy", "huỷ", "huy", "hủy bỏ", "cancel", "dừng", "dừng lại", "thoát", "stop",
)  # fmt: skip
SKIP_WORDS = (
    "bỏ qua", "bo qua", "skip", "không có", "ko có", "k có", "chưa có", "bỏ", "không cần",
)  # fmt: skip
NEXT_WORDS = (
    "tiếp", "tiep", "tiếp theo", "xem thêm", "xem them", "trang sau", "trang tiếp",
    "next", "more",
)  # fmt: skip

_YES = _answer_predicate(YES_WORDS)
_NO = _answer_predicate(NO_WORDS)
_DONE = _answer_predicate(DONE_WORDS)
_BACK = _answer_predicate(BACK_WORDS, symbols=("/back",))
_CANCEL = _answer_predicate(CANCEL_WORDS, symbols=("/cancel",))
_SKIP = _answer_predicate(SKIP_WORDS, symbols=("-", "–", "—", "/skip"))
_NEXT = _answer_predicate(NEXT_WORDS)


def is_yes(text: str) -> bool:
    """Yes: "có", "co", "ừ", "ok", "đồng ý", "vâng", "dạ có ạ"..."""
    return _YES(text)


def is_no(text: str) -> bool:
    """No: "không", "ko", "k", "khong", "no", "chưa"..."""
    return _NO(text)


def is_done(text: str) -> bool:
    """Done: "xong", "xon", "hết", "done", "xong rồi"..."""
    return _DONE(text)


def is_back(text: str) -> bool:
    """Back: "0", "quay lại", "back", "trở lại", "lui"..."""
    return _BACK(text)


def is_cancel(text: str) -> bool:
    """Cancel: "hủy" (either tone placement), "huy", "cancel", "dừng", "thoát", "/cancel"..."""
    return _CANCEL(text)


def is_skip(text: str) -> bool:
    """Skip: "bỏ qua", "bo qua", "skip", "không có", "-"..."""
    return _SKIP(text)


def is_next(text: str) -> bool:
    """Next page: "tiếp", "tiep", "xem thêm", "next"..."""
    return _NEXT(text)


# --- commands of a form ------------------------------------------------------------------

# "sửa", "sửa 3", "sửa số 3", "sửa mục 3", "chỉnh sửa câu 3", "edit 3", "sửa lại bước 3".
_EDIT = re.compile(
    r"(?:sua|chinh sua|edit)(?: lai)?"
    r"(?: (?:so|muc|cau|buoc|dong|phan|thu))?(?: ?(?P<number>[0-9]{1,3}))?",
    re.ASCII,
)
_EDIT_VERB = "sửa"  # the marks that tell it from "sữa" (milk), "sứa" (jellyfish)


def parse_edit(text: str) -> int | bool | None:
    """An edit command: True for "sửa" alone, its number for "sửa 3" / "sua so 3", else None.

    Test `is True` before reading a number (True is an int to Python). "sửa 0" is None: items
    are numbered from 1. Diacritics that make another word ("sữa 3") are not an edit.
    """
    for core in _cores(text):
        match = _EDIT.fullmatch(fold(core))
        if match is None:
            continue
        typed_verb = [w for w in core.split() if fold(w) == "sua"]
        if typed_verb and not _word_compatible(typed_verb[0], _EDIT_VERB):
            return None
        number = match.group("number")
        if number is None:
            return True
        return int(number) if int(number) >= 1 else None
    return None


def is_control_word(text: str) -> bool:
    """Whether the text is a command of the form rather than an answer to its question.

    Done, skip, back ("0"), cancel, next-page words, edit commands and slash commands
    ("/help"): a free-text question must never store "xong" or "sửa 1" as its answer.
    """
    typed = normalize(text)
    if re.fullmatch(r"/[A-Za-z_]+(?:@\w+)?", typed):
        return True
    return (
        is_done(typed)
        or is_skip(typed)
        or is_back(typed)
        or is_cancel(typed)
        or is_next(typed)
        or parse_edit(typed) is not None
    )
