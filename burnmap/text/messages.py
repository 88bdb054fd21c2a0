"""Sentences the core says to people (warnings, notes, fluid and referral wording), in every
language the window and the report speak.

Each is a `str` holding its English text (what JSON, logs and tests read), which also remembers how
it was made, so that `say(text, language)` can say it again in another language: a `Message` keeps
its template and arguments, a `Word` its vocabulary key, a `Listing` its items. The Chinese
templates are in burnmap/resources/translations/messages_zh_CN.json, keyed by the English template; a test
checks that every template written below the window has one with the same placeholders.
"""
from __future__ import annotations

import errno
import json
import math
import string
from functools import cache
from typing import ClassVar

from burnmap.system.paths import resources_dir
from burnmap.text import vocabulary as vocab


class Said(str):
    """Text that can be said again in another language."""

    def in_language(self, language: str) -> str:
        raise NotImplementedError


class Message(Said):
    """`template.format(*args)` in English; the arguments are said in the language too."""

    def __new__(cls, template: str, *args) -> Message:
        self = super().__new__(cls, template.format(*args))
        self.template, self.args = template, args
        return self

    def __getnewargs__(self):   # pickling and copying rebuild from the parts, not the text
        return (self.template, *self.args)

    def in_language(self, language: str) -> str:
        if vocab.language_code(language) == "en":
            return str(self)
        template = _catalogue(vocab.language_code(language)).get(self.template, self.template)
        return template.format(*(say(a, language) if isinstance(a, str) else a
                                 for a in self.args))


class Word(Said):
    """A vocabulary word: kind is "region", "surface", "view" or "depth"."""
    NAMES: ClassVar[dict] = {"region": vocab.region_name, "surface": vocab.surface_name,
             "view": vocab.view_name, "depth": vocab.depth_name}

    def __new__(cls, kind: str, key) -> Word:
        self = super().__new__(cls, cls.NAMES[kind](key, "en"))
        self.kind, self.key = kind, key
        return self

    def __getnewargs__(self):
        return (self.kind, self.key)

    def in_language(self, language: str) -> str:
        return self.NAMES[self.kind](self.key, language)


class Listing(Said):
    """Items joined by a separator; Chinese lists take the enumeration comma and full-width
    semicolon."""
    SEPARATORS: ClassVar[dict[str, str]] = {", ": "、", "; ": "；", " and ": "和", " or ": "或", " + ": " + "}

    def __new__(cls, items, separator: str = ", ") -> Listing:
        items = tuple(items)
        self = super().__new__(cls, separator.join(items))
        self.items, self.separator = items, separator
        return self

    def __getnewargs__(self):
        return (self.items, self.separator)

    def in_language(self, language: str) -> str:
        if vocab.language_code(language) == "en":
            return str(self)
        separator = self.SEPARATORS.get(self.separator, self.separator)
        return separator.join(say(i, language) for i in self.items)


class Given(Said):
    """Text whose translations come with it (a row of a data file)."""

    def __new__(cls, english: str, translations: dict[str, str] | None = None) -> Given:
        self = super().__new__(cls, english)
        self.translations = dict(translations or {})
        return self

    def __getnewargs__(self):
        return (str(self), self.translations)

    def in_language(self, language: str) -> str:
        return self.translations.get(vocab.language_code(language)) or str(self)


def say(text: str, language: str) -> str:
    """`text` in `language`; plain text (a photo's name, a number) is said as it is."""
    return text.in_language(language) if isinstance(text, Said) else text


def region_surface(region: str, surface: str) -> Message:
    """'left forearm (anterior)'."""
    return Message("{0} ({1})", Word("region", region), Word("surface", surface))


def years(age: float) -> str:
    """An age to one decimal, rounded down: 15.99 years is '15.9', never the '16' of a rule's
    limit it has not reached."""
    return f"{math.floor(age * 10) / 10:g}"


# What the operating system says when a file cannot be written or read, for the errors people meet.
OS_ERRORS = {
    errno.EACCES: "权限不足", errno.EPERM: "不允许此操作", errno.ENOSPC: "磁盘空间不足",
    errno.EDQUOT: "超出磁盘配额", errno.EROFS: "只读文件系统", errno.ENOENT: "文件或文件夹不存在",
    errno.EEXIST: "文件已存在", errno.EISDIR: "这是一个文件夹", errno.ENOTDIR: "路径中有一项不是文件夹",
    errno.EIO: "输入/输出错误", errno.ENAMETOOLONG: "文件名过长", errno.EBUSY: "设备或资源忙",
    errno.ENOMEM: "内存不足", errno.EMFILE: "打开的文件过多", errno.EXDEV: "不能跨设备移动",
}


def reason(exc: BaseException) -> str:
    """What a refusal says to people, in a form `say` can put into another language: the
    Message it was raised with (or its `said()`), an operating-system error by its number,
    else its text as it is."""
    said = getattr(exc, "said", None)
    if callable(said):
        return said()
    if exc.args and isinstance(exc.args[0], Said) and str(exc) == exc.args[0]:
        return exc.args[0]
    if isinstance(exc, OSError) and exc.errno in OS_ERRORS:
        cause = os_cause(exc)
        return Message("{0}: {1}", str(exc.filename), cause) if exc.filename else cause
    return str(exc)


def os_cause(exc: OSError) -> str:
    """Why the operating system refused (its strerror), sayable in Chinese for common errors."""
    text = exc.strerror or str(exc)
    return Given(text, {"zh_CN": OS_ERRORS[exc.errno]}) if exc.errno in OS_ERRORS else text


def placeholders(template: str) -> list[str]:
    """The fields of a template, in order, with their format specs: what a translation keeps."""
    return sorted(f"{name}:{spec}" for _, name, spec, _ in string.Formatter().parse(template)
                  if name is not None)


@cache
def _catalogue(language: str) -> dict[str, str]:
    path = resources_dir() / "translations" / f"messages_{language}.json"
    return json.loads(path.read_text(encoding="utf-8"))
