"""Reading a user's YAML document (a project, framework, case or settings file) safely and strictly.

:func:`read_yaml` is the one way the package reads a user's YAML file. The bytes are decoded as UTF-8 (with or
without a BOM) and parsed with a safe loader (no arbitrary objects) that refuses what YAML would otherwise let
pass silently or slowly:

- a mapping that repeats a key, at any depth (PyYAML's default is "the last one wins", which silently drops a
  line an analyst wrote);
- a file larger than :data:`MAX_YAML_BYTES`;
- nesting deeper than :data:`MAX_YAML_DEPTH` (mappings and lists inside each other);
- more than :data:`MAX_YAML_ALIASES` aliases (``*name``), or a document that, with its aliases expanded,
  has more than :data:`MAX_YAML_NODES` values (an alias "bomb": a few lines that expand to billions of
  values), or an alias that refers to the value it is inside of.

Every mapping read is a :class:`YamlMapping` (a ``dict``) that remembers the line of each key, so that the
readers can say where a later check failed (:func:`key_line`, :func:`check_keys`, :func:`scalar`).
Errors are :class:`~perfmethods.errors.InputError` naming the file, the line and the key.
"""

from __future__ import annotations

import difflib
from collections.abc import Collection, Iterable, Mapping
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from perfmethods.errors import InputError

__all__ = [
    "read_yaml",
    "YamlMapping",
    "key_line",
    "check_keys",
    "scalar",
    "suggestion",
    "MAX_YAML_BYTES",
    "MAX_YAML_DEPTH",
    "MAX_YAML_ALIASES",
    "MAX_YAML_NODES",
]

#: The largest YAML file read, in bytes (1 MiB: project and case files are a few kilobytes).
MAX_YAML_BYTES = 1_048_576
#: The deepest nesting of mappings and lists accepted (the package's files need fewer than 6 levels).
MAX_YAML_DEPTH = 32
#: The most aliases (``*name``) one document may use.
MAX_YAML_ALIASES = 64
#: The most values (scalars, mappings and lists) a document may hold once its aliases are expanded.
MAX_YAML_NODES = 100_000


class YamlMapping(dict):  # type: ignore[type-arg]
    """A mapping read from YAML: a ``dict`` that also remembers the line (1-based) of each key."""

    lines: dict[Any, int]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lines = {}


# so that yaml.safe_dump writes a mapping read here as the plain mapping it is
yaml.SafeDumper.add_representer(YamlMapping, yaml.representer.SafeRepresenter.represent_dict)


def key_line(mapping: object, key: object) -> int | None:
    """The line (1-based) of ``key`` in ``mapping`` (read by :func:`read_yaml`); ``None`` when unknown.

    Parameters
    ----------
    mapping : a mapping read by :func:`read_yaml` (a plain ``dict`` gives ``None``).
    key : the key.
    """
    lines = getattr(mapping, "lines", None)
    return lines.get(key) if isinstance(lines, dict) else None


def suggestion(word: str, options: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for the closest of ``options`` to ``word`` (difflib), or ``""``."""
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _where(mapping: object, key: object, file: str | None, prefix: str) -> dict[str, object]:
    where: dict[str, object] = {"file": file, "key": f"{prefix}{key}"}
    line = key_line(mapping, key)
    if line is not None:
        where["line"] = line
    return where


def check_keys(
    mapping: Mapping[Any, Any], allowed: Collection[str], *, file: str | None = None, section: str = ""
) -> None:
    """Refuse a key of ``mapping`` that is not in ``allowed``, suggesting the closest allowed key.

    Parameters
    ----------
    mapping : a mapping read by :func:`read_yaml` (any mapping works; lines are named when known).
    allowed : the keys the section accepts.
    file : the file, for the message.
    section : the dotted path of the mapping (``"budget"``), prefixed to the key in the message.

    Raises
    ------
    InputError : "unknown key 'uncertainity' (did you mean 'uncertainty'?)", naming file, line and key.
    """
    prefix = f"{section}." if section else ""
    for key in mapping:
        if key not in allowed:
            raise InputError(
                f"unknown key '{prefix}{key}'{suggestion(str(key), allowed)}; the keys"
                f"{' of ' + repr(section) if section else ''} are {', '.join(allowed)}",
                location=_where(mapping, key, file, prefix),
            )


def scalar(mapping: Mapping[Any, Any], key: str, *, file: str | None = None, section: str = "") -> Any:
    """``mapping[key]`` (``None`` when absent), refusing a mapping or a list where one value is expected.

    Parameters
    ----------
    mapping : a mapping read by :func:`read_yaml` (any mapping works; lines are named when known).
    key : the key whose value must be a single value.
    file : the file, for the message.
    section : the dotted path of the mapping (``"project"``), prefixed to the key in the message.

    Raises
    ------
    InputError : "'name' must be a single value, not a mapping", naming file, line and key.
    """
    value = mapping.get(key)
    if isinstance(value, (Mapping, list)):
        kind = "a mapping" if isinstance(value, Mapping) else "a list"
        prefix = f"{section}." if section else ""
        raise InputError(
            f"'{prefix}{key}' must be a single value (text or a number), not {kind}",
            location=_where(mapping, key, file, prefix),
        )
    return value


class _LimitError(yaml.MarkedYAMLError):
    """A document the strict loader refuses (reported like a parse error: with its line, and the key)."""

    def __init__(self, problem: str, mark: Any, key: str | None) -> None:
        super().__init__(None, None, problem, mark)
        self.key = key


def _path_text(path: list[object]) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


class _StrictLoader(yaml.SafeLoader):
    """A SafeLoader that refuses repeated keys, deep nesting and alias bombs, and reads a bare ``=`` as "="."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0
        self._aliases = 0
        self._keys: list[object] = []

    def _fail(self, problem: str, node_or_mark: Any) -> None:
        mark = getattr(node_or_mark, "start_mark", node_or_mark)
        raise _LimitError(problem, mark, _path_text(self._keys) or None)

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        if isinstance(index, ScalarNode):
            self._keys.append(index.value)
        elif isinstance(index, int):
            self._keys.append(index)
        else:
            self._keys.append("")
        self._depth += 1
        try:
            if self._depth > MAX_YAML_DEPTH and self.check_event(yaml.SequenceStartEvent, yaml.MappingStartEvent):
                self._fail(f"the values are nested more than {MAX_YAML_DEPTH} levels deep",
                           self.peek_event().start_mark)
            if self.check_event(yaml.AliasEvent):
                self._aliases += 1
                if self._aliases > MAX_YAML_ALIASES:
                    self._fail(f"the document uses more than {MAX_YAML_ALIASES} aliases (*name)",
                               self.peek_event().start_mark)
            return super().compose_node(parent, index)  # type: ignore[no-any-return]
        finally:
            self._depth -= 1
            self._keys.pop()

    def get_single_node(self) -> Node | None:
        node = super().get_single_node()
        if node is not None:
            _expanded_size(node, self)
        return node

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)  # type: ignore[no-untyped-call]
            try:
                hash(key)
            except TypeError:  # an unhashable key: the base constructor reports it
                continue
            if key in seen:
                raise _LimitError(
                    f"the key '{key}' appears twice in one mapping (first on line {seen[key]}); "
                    "give each key once",
                    key_node.start_mark, str(key))
            seen[key] = key_node.start_mark.line + 1
        mapping = YamlMapping(super().construct_mapping(node, deep=deep))
        mapping.lines = seen
        return mapping


def _construct_yaml_map(loader: _StrictLoader, node: MappingNode) -> Any:
    data = YamlMapping()
    yield data
    value = loader.construct_mapping(node)
    data.update(value)
    data.lines = value.lines if isinstance(value, YamlMapping) else {}


_StrictLoader.add_constructor("tag:yaml.org,2002:map", _construct_yaml_map)
_StrictLoader.add_constructor("tag:yaml.org,2002:value", lambda loader, node: loader.construct_scalar(node))


def _expanded_size(root: Node, loader: _StrictLoader) -> None:
    """Refuse a node graph that expands to more than MAX_YAML_NODES values or refers to itself.

    Aliases make the composed graph a DAG (or a cycle): the expanded size of a node is 1 plus the sizes of its
    children, memoised by node identity, so the check costs one visit per distinct node.
    """
    size: dict[int, int] = {}
    active: set[int] = set()
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        children: list[Node] = []
        if isinstance(node, SequenceNode):
            children = list(node.value)
        elif isinstance(node, MappingNode):
            children = [n for pair in node.value for n in pair]
        if done:
            active.discard(key)
            size[key] = 1 + sum(size[id(c)] for c in children)
            if size[key] > MAX_YAML_NODES:
                loader._fail(f"the document expands to more than {MAX_YAML_NODES} values through its aliases "
                             "(*name); write the values out instead", node)
            continue
        if key in size:
            continue
        if key in active:
            loader._fail("an alias (*name) refers to the value it is inside of", node)
        active.add(key)
        stack.append((node, True))
        for child in children:
            if id(child) in active:
                loader._fail("an alias (*name) refers to the value it is inside of", child)
            if id(child) not in size:
                stack.append((child, False))


def read_yaml(path: str | Path) -> Any:
    """Parse a user's YAML file: UTF-8 (BOM accepted), safe loader, strict (see the module docstring).

    Parameters
    ----------
    path : the YAML file.

    Returns
    -------
    The parsed document (``None`` for an empty file); every mapping is a :class:`YamlMapping`.

    Raises
    ------
    InputError : the file is missing, a directory, larger than :data:`MAX_YAML_BYTES`, not UTF-8 text, not
        valid YAML, repeats a key in a mapping, nests deeper than :data:`MAX_YAML_DEPTH`, or uses aliases
        beyond :data:`MAX_YAML_ALIASES` / :data:`MAX_YAML_NODES`; the message names the file and, when
        known, the line and key.
    """
    p = Path(path)
    where = {"file": str(path)}
    try:
        if not p.exists():
            raise InputError(f"the file does not exist (looked for {p.absolute()})", location=where)
        if p.is_dir():
            raise InputError("expected a YAML file but this is a directory", location=where)
        if p.stat().st_size > MAX_YAML_BYTES:
            raise InputError(
                f"the YAML file is larger than {MAX_YAML_BYTES // 1024} KiB ({p.stat().st_size} bytes); "
                "a project or settings file is a few kilobytes: is this the right file?",
                location=where,
            )
        raw = p.read_bytes()
    except OSError as exc:
        raise InputError(f"the file cannot be read: {exc.strerror or exc}", location=where) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError("the YAML file is not UTF-8 text; save it as UTF-8", location=where) from None
    try:
        return yaml.load(text, Loader=_StrictLoader)  # a SafeLoader subclass: no arbitrary objects
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line: dict[str, object] = {"line": mark.line + 1} if mark else {}
        if isinstance(exc, _LimitError):
            key = {"key": exc.key} if exc.key else {}
            raise InputError(f"the YAML is refused: {exc.problem}", location={**where, **line, **key}) from None
        raise InputError(f"the YAML cannot be parsed: {exc.problem or exc}", location={**where, **line}) from None
    except yaml.YAMLError as exc:
        raise InputError(f"the YAML cannot be parsed: {exc}", location=where) from None
    except RecursionError:
        raise InputError(
            f"the values are nested too deeply (more than {MAX_YAML_DEPTH} levels)", location=where
        ) from None
