"""The user's settings: a small typed object saved as JSON in the per-user configuration folder.

Every field declares its default and its rule on one line (`setting(default, rule)`); the one
loader applies the rules to whatever the file holds. The file is read only when it is a regular
file under MAX_BYTES (a FIFO, a device or a folder is never opened for reading), UTF-8 with or
without a BOM. A value of the wrong type or outside its allowed values is named, and its default
is used and said (logged as a warning, on the terminal for the commands); the file itself is left
as it is. A damaged file never stops the app. Tests point BURNMAP_CONFIG_DIR at a temporary folder
so they never touch a real user's settings.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import sys
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

from burnmap.system.fileio import (
    DanglingLink,
    FileMissing,
    FileRefused,
    atomic_write_text,
    read_small_file,
)
from burnmap.system.settings_rules import BadValue, Choice, Rule, WholeNumber, folder_text

log = logging.getLogger(__name__)
CONFIG_ENV = "BURNMAP_CONFIG_DIR"
MAX_BYTES = 64 << 10        # a settings file is some hundred bytes


def setting(default, rule: Rule):
    """A settings field: its default and the rule a stored value must pass."""
    return field(default=default, metadata={"rule": rule})


@dataclass
class Settings:
    model_dir: str | None = setting(None, folder_text)   # the M2FP model folder chosen by the user
    language: str = setting("en", Choice("en", "zh_CN"))   # burnmap.text.vocabulary.LANGUAGES
    referral_guideline: str = setting("ANZBA", Choice("ANZBA", "ABA"))   # referral.GUIDELINES
    # 0: one thread per physical core; 1..256: at most that many (a shared machine)
    compute_threads: int = setting(0, WholeNumber(0, 256))
    # a late start's fluid rate: ABA/ABLS's no catch-up (the default) or classical Parkland's
    # catch-up; the words are burnmap.clinical.fluids.POLICIES (a test checks)
    late_start_policy: str = setting("no_catch_up", Choice("no_catch_up", "catch_up"))
    # where the M2FP backbone runs: "auto" (OpenVINO when it is installed and agrees with
    # PyTorch) or "eager" (PyTorch only: about 0.6 GB less memory, a parse about 1.3x slower);
    # the words are burnmap.parsing.m2fp.engine.ENGINES but "openvino" (a test checks)
    m2fp_engine: str = setting("auto", Choice("auto", "eager"))


def config_dir() -> Path:
    """Per-user configuration folder (XDG on Linux, AppData on Windows, Library on macOS)."""
    if os.environ.get(CONFIG_ENV):
        return Path(os.environ[CONFIG_ENV])
    if sys.platform == "win32":
        return Path(os.environ.get("APPDATA", Path.home())) / "BurnMap"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / "BurnMap"
    return Path(os.environ.get("XDG_CONFIG_HOME", Path.home() / ".config")) / "burnmap"


def settings_path() -> Path:
    return config_dir() / "settings.json"


class _Unusable(Exception):
    """The settings file as a whole cannot be used; the message says why."""


# What was said about a settings file, by (path, identity of its content): each problem is said
# once per process however often the file is read.
_said: set[tuple] = set()


def load_settings(path: Path | None = None) -> Settings:
    """The settings in the file; defaults for what is missing, unusable or not allowed."""
    path = path or settings_path()
    try:
        data, signature = _read_object(path)
    except FileNotFoundError:
        return Settings()
    except _Unusable as exc:
        _say((str(path), str(exc)), f"the settings file {path} {exc}; using the defaults")
        return Settings()
    values, problems = checked_values(data)
    for problem in problems:
        _say((str(path), signature, problem), f"the settings file {path}: {problem}")
    return Settings(**values)


def checked_values(data: dict) -> tuple[dict, list[str]]:
    """The fields' values that pass their rules, and a sentence for each one that does not.
    Keys that are no field (a newer version's settings) are ignored."""
    values, problems = {}, []
    for f in fields(Settings):
        if f.name not in data:
            continue
        try:
            values[f.name] = f.metadata["rule"].check(data[f.name])
        except BadValue as exc:
            problems.append(f"{f.name}: {_shown(data[f.name])} {exc}; using "
                            f"{_shown(f.default)}")
    return values, problems


def _shown(value) -> str:
    text = json.dumps(value, ensure_ascii=True)
    return text if len(text) <= 60 else text[:57] + "..."


def _say(key: tuple, message: str) -> None:
    if key not in _said:
        _said.add(key)
        log.warning("%s", message)


def _read_object(path: Path) -> tuple[dict, str]:
    """The file's JSON object and an identity of its content (for saying things once)."""
    try:
        raw = read_small_file(path, MAX_BYTES)
    except DanglingLink as exc:
        raise _Unusable(exc.problem) from None
    except FileMissing:
        raise   # no settings saved yet: the defaults, and nothing to say
    except FileRefused as exc:   # a folder, a device, a FIFO, too large: never read
        raise _Unusable(exc.problem) from None
    try:
        data = json.loads(raw.decode("utf-8-sig"), parse_constant=_no_constant)
    except UnicodeDecodeError as exc:
        raise _Unusable(f"is not UTF-8 text (byte {exc.start})") from None
    except (ValueError, RecursionError) as exc:
        raise _Unusable(f"is not valid JSON ({str(exc)[:80]})") from None
    if not isinstance(data, dict):
        raise _Unusable(f"holds a JSON {type(data).__name__}, not an object")
    return data, hashlib.sha256(raw).hexdigest()


def _no_constant(name: str):
    raise ValueError(f"{name} is not a number JSON allows")


def save_settings(settings: Settings, path: Path | None = None) -> bool:
    """Write the settings; keys this version does not know, and values it could not use, stay
    in the file unless the field was changed. False (and a warning) if it cannot be written."""
    path = path or settings_path()
    try:
        stored, _ = _read_object(path)
    except (FileNotFoundError, _Unusable):
        stored = {}
    loaded = Settings(**checked_values(stored)[0])
    merged = dict(stored)
    for name, value in asdict(settings).items():
        if name not in stored or value != getattr(loaded, name):
            merged[name] = value
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_text(path, json.dumps(merged, indent=2, ensure_ascii=False))
    except OSError as exc:
        log.warning("the settings could not be saved to %s (%s)", path,
                    exc.strerror or exc)
        return False
    return True
