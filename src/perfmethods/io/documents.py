"""Reading a user's YAML document (a case or settings file) safely, refusing what YAML lets pass silently.

:func:`read_yaml` is the one way a method area reads a user's YAML file: the bytes are decoded as UTF-8 (with
or without a BOM), parsed with a safe loader (no arbitrary objects), and a mapping that repeats a key is an
error rather than "the last one wins" (PyYAML's default, which silently drops a line an analyst wrote).
Errors are :class:`~perfmethods.errors.InputError` naming the file and line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from perfmethods.errors import InputError

__all__ = ["read_yaml"]


class _StrictLoader(yaml.SafeLoader):
    """A SafeLoader that refuses a repeated key and reads a bare ``=`` as the string "="."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)  # type: ignore[no-untyped-call]
            try:
                hash(key)
            except TypeError:  # an unhashable key: the base constructor reports it
                continue
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"the key {key!r} appears twice in one mapping (first on line {seen[key]})",
                    key_node.start_mark)
            seen[key] = key_node.start_mark.line + 1
        return super().construct_mapping(node, deep=deep)


_StrictLoader.add_constructor("tag:yaml.org,2002:value", lambda loader, node: loader.construct_scalar(node))


def read_yaml(path: str | Path) -> Any:
    """Parse a user's YAML file: UTF-8 (BOM accepted), safe loader, no repeated keys.

    Parameters
    ----------
    path : the YAML file.

    Returns
    -------
    The parsed document (``None`` for an empty file).

    Raises
    ------
    InputError : the file is missing, a directory, not UTF-8 text, not valid YAML, or a mapping repeats a
        key; the message names the file and, when known, the line.
    """
    p = Path(path)
    where = {"file": str(path)}
    if not p.exists():
        raise InputError(f"the file does not exist (looked for {p.resolve()})", location=where)
    if p.is_dir():
        raise InputError("expected a YAML file but this is a directory", location=where)
    try:
        text = p.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError("the YAML file is not UTF-8 text; save it as UTF-8", location=where) from None
    try:
        return yaml.load(text, Loader=_StrictLoader)  # a SafeLoader subclass: no arbitrary objects
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = {"line": mark.line + 1} if mark else {}
        problem = exc.problem or exc
        raise InputError(f"the YAML cannot be parsed: {problem}", location={**where, **line}) from None
    except yaml.YAMLError as exc:
        raise InputError(f"the YAML cannot be parsed: {exc}", location=where) from None
