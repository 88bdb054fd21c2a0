"""docs/ARCHITECTURE.md stays true to the code: its module tables name every module of the tree
and no other, and every signature it lists has the parameters the code has."""
from __future__ import annotations

import ast
import functools
import importlib
import inspect
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "ARCHITECTURE.md"
PACKAGES = ("burnmap",)
ITEM = re.compile(r"^([A-Za-z_]\w*)(?:\.([A-Za-z_]\w*))?(?:\((.*)\))?(?:\s*->\s*.+)?$")


@functools.cache
def _rows() -> tuple[tuple[tuple[str, ...], str], ...]:
    """(module files relative to the repository, API cell) of every module row: the document
    read and parsed once per run (collection and every test share it; tuples, so none can
    change what the next one reads)."""
    rows, folder = [], None
    for line in DOC.read_text(encoding="utf-8").splitlines():
        heading = re.match(r"^## (\S+/)", line)
        if heading:
            folder = heading.group(1)
        elif line.startswith("## "):
            folder = None
        cells = [c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]]
        if folder and len(cells) == 3 and re.match(r"^[\w/]+\.py", cells[0]):
            rows.append((tuple(_files(folder, cells[0])), cells[2].replace("\\|", "|")))
    return tuple(rows)


def _files(folder: str, cell: str) -> list[str]:
    """'m2fp/checkpoint.py, config.py' in burnmap/parsing/ -> both paths; other files kept as named."""
    out, sub = [], ""
    for name in (n.strip() for n in cell.split(",")):
        if not name.endswith(".py"):
            continue   # e.g. burnmap/resources/body_model.json beside its module
        if "/" in name:
            sub = name.rsplit("/", 1)[0] + "/"
        else:
            name = sub + name
        out.append(name if name == "main.py" else folder + name)
    return out


def _tree() -> set[str]:
    found = {"main.py"}
    for package in PACKAGES:
        found |= {p.relative_to(ROOT).as_posix() for p in (ROOT / package).rglob("*.py")
                  if p.name != "__init__.py"}
    return found


def test_every_module_has_a_row_and_every_row_a_module():
    documented = {f for files, _ in _rows() for f in files}
    tree = _tree()
    assert not tree - documented, f"modules without a row: {sorted(tree - documented)}"
    assert not documented - tree, f"rows naming no module: {sorted(documented - tree)}"


def _items(api: str) -> list[str]:
    return [m.strip() for m in re.findall(r"`([^`]+)`", api)]


def _params(text: str) -> list[str]:
    """Parameter names of a documented argument list (commas inside brackets or quotes kept)."""
    names, depth, current, quote = [], 0, "", ""
    for ch in text + ",":
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "\"'":
            quote = ch
        elif ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif ch == "," and depth == 0:
            name = re.split(r"[:=]", current.strip(), maxsplit=1)[0].strip().lstrip("*")
            if name and name != "/":
                names.append(name)
            current = ""
            continue
        current += ch
    return names


def _find(modules: list, name: str, member: str | None):
    """module.name(.member), else (a method or signal listed after its class) a member `name`
    of a class of those modules."""
    for module in modules:
        obj = getattr(module, name, None)
        if obj is not None and (member is None or hasattr(obj, member)):
            return getattr(obj, member) if member else obj
    if member is None:
        for module in modules:
            for cls in vars(module).values():
                if inspect.isclass(cls) and cls.__module__ == module.__name__ \
                        and name in vars(cls):
                    return vars(cls)[name]
    return None


def _signatures():
    for files, api in _rows():
        dotted = [f[:-3].replace("/", ".") for f in files]
        for item in _items(api):
            match = ITEM.match(item)
            if match and match.group(3) is not None:
                yield dotted, item, match


@pytest.mark.parametrize(("dotted", "item", "match"), list(_signatures()),
                         ids=lambda v: v if isinstance(v, str) else "")
def test_documented_signatures_match_the_code(dotted, item, match):
    modules = [importlib.import_module(d) for d in dotted]
    name, member, args = match.group(1), match.group(2), match.group(3)
    obj = _find(modules, name, member)
    assert obj is not None, f"{item}: no {name}{'.' + member if member else ''} in {dotted}"
    if isinstance(obj, (property, staticmethod, classmethod)):
        obj = getattr(obj, "__func__", getattr(obj, "fget", obj))
    if not callable(obj) or type(obj).__name__ == "Signal":
        return   # a signal is listed with the types it carries
    target = obj.__init__ if inspect.isclass(obj) and "__init__" in vars(obj) else obj
    try:
        actual = [p for p in inspect.signature(target).parameters
                  if p not in ("self", "cls") and not p.startswith("_")]
    except (TypeError, ValueError):
        return   # a C or Qt callable without a Python signature
    if inspect.isclass(obj) and "__init__" not in vars(obj) and not _is_dataclass(obj):
        return   # a class listed by its role (e.g. an exception's arguments): nothing to check
    assert _params(args) == [a for a in actual if a not in ("args", "kwargs")] or \
        _params(args) == actual, f"{item}: the code has ({', '.join(actual)})"


def _is_dataclass(obj) -> bool:
    return hasattr(obj, "__dataclass_fields__")


def test_the_doc_names_modules_that_parse():
    """The rows' files are Python that parses (a renamed module is caught above, a broken one
    here before it is imported)."""
    for files, _ in _rows():
        for f in files:
            ast.parse((ROOT / f).read_text(encoding="utf-8"))
