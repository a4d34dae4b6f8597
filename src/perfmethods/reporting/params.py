"""Typed report parameters: read them from the notebook, validate the user's values before running.

A report notebook declares its parameters in the cell tagged ``parameters``, one annotated
assignment per line with a help comment::

    project_dir: str = "data/examples/culture_program"  # 项目数据目录
    year: int = 2024  # 评价年度
    threshold: float = 0.6  # 预警阈值
    note_file: str | None = None  # 补充说明文件（可选）

papermill checks none of this (notebook-pipeline standard §1.2): without the tag it silently ignores
the values, it only warns about unknown names, and it injects ``"abc"`` into an ``int``. Its own
``inspect_notebook`` regex also does not understand ``str | None``. So this module parses the cell with
:mod:`ast` (names, annotations, literal defaults) and :mod:`tokenize` (help comments), and validates a
parameter mapping against it: unknown names (with a difflib suggestion), types (``bool`` is not
``int``; ``int`` is accepted for ``float``; the YAML 1.1 ``1e-3``-is-a-string pitfall is named), and
path parameters (names ending ``_dir``, ``_file``, ``_path``), which must exist and are made absolute
for the kernel, which runs in a temporary directory.
"""

from __future__ import annotations

import ast
import datetime as _dt
import difflib
import io
import math
import os
import re
import tokenize
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

import pandas as pd
import yaml

from perfmethods.errors import InputError, ParameterError
from perfmethods.io import read_yaml
from perfmethods.results import Result, json_scalar
from perfmethods.validation import check_language

__all__ = [
    "PATH_SUFFIXES",
    "ParameterSpec",
    "ResolvedParameters",
    "TypeSpec",
    "coerce_text",
    "find_parameters_cell",
    "find_project_root",
    "load_parameters_file",
    "parse_assignment",
    "python_literal",
    "read_parameters",
    "validate_parameters",
]

#: Parameter names with these endings are paths that must exist.
PATH_SUFFIXES: tuple[str, ...] = ("_dir", "_file", "_path")

_NO_DEFAULT = object()

_SCALARS: dict[str, type] = {"int": int, "float": float, "str": str, "bool": bool}
_CONTAINERS: dict[str, type] = {"list": list, "dict": dict, "List": list, "Dict": dict}
_YAML_FLOAT = re.compile(r"^[-+]?(?=\.?\d)(\d[\d_]*)?(\.\d*)?([eE][-+]?\d+)?$")


# --------------------------------------------------------------------------------------------------
# types


@dataclass(frozen=True)
class TypeSpec:
    """A parameter type: ``int``, ``float``, ``str``, ``bool``, ``list[...]``, ``dict[...]``, ``X | None``.

    Attributes
    ----------
    base : str
        ``"int"``, ``"float"``, ``"str"``, ``"bool"``, ``"list"``, ``"dict"`` or ``"any"`` (unannotated with
        a ``None`` default, or an annotation perfmethods does not check, kept in ``text``).
    optional : bool
        ``None`` is allowed.
    item : TypeSpec or None
        Element type of a ``list[X]`` / value type of a ``dict[str, X]``; ``None``: not checked.
    text : str
        The annotation as written (for messages and ``perfmethods params``).
    """

    base: str
    optional: bool = False
    item: TypeSpec | None = None
    text: str = ""

    def __str__(self) -> str:
        if self.text:
            return self.text
        core = self.base if self.item is None else f"{self.base}[{self.item}]"
        return f"{core} | None" if self.optional else core

    def check(self, value: Any) -> str | None:
        """Return ``None`` if ``value`` fits, else a short description of the mismatch."""
        if value is None:
            return None if (self.optional or self.base == "any") else "got None (null)"
        if self.base == "any":
            return None
        if self.base == "bool":
            ok = isinstance(value, bool)
        elif self.base == "int":
            ok = isinstance(value, int) and not isinstance(value, bool)
        elif self.base == "float":
            ok = isinstance(value, (int, float)) and not isinstance(value, bool)
            if ok and not math.isfinite(value):
                return f"got {value!r}: a parameter must be a finite number (not NaN or infinity)"
        elif self.base == "str":
            ok = isinstance(value, str)
        elif self.base == "list":
            ok = isinstance(value, (list, tuple))
        elif self.base == "dict":
            ok = isinstance(value, Mapping)
        else:  # pragma: no cover - constructed only with the bases above
            ok = True
        if not ok:
            return f"got {_describe(value)}"
        if self.item is not None:
            items = value.values() if isinstance(value, Mapping) else value
            for element in items:
                problem = self.item.check(element)
                if problem is not None:
                    return f"an element {problem}"
        return None

    def coerce(self, value: Any) -> Any:
        """Return ``value`` in canonical form: ``int`` → ``float`` for floats, tuples → lists."""
        if value is None:
            return None
        if self.base == "float" and isinstance(value, int) and not isinstance(value, bool):
            return float(value)
        if isinstance(value, tuple):
            value = list(value)
        if self.item is not None and isinstance(value, list):
            return [self.item.coerce(v) for v in value]
        if self.item is not None and isinstance(value, Mapping):
            return {k: self.item.coerce(v) for k, v in value.items()}
        if isinstance(value, Mapping):
            return dict(value)
        return value


def _describe(value: Any) -> str:
    text = repr(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return f"{type(value).__name__} {text}"


def _type_from_annotation(node: ast.expr | None, text: str) -> TypeSpec:
    """Build a :class:`TypeSpec` from an annotation AST; unknown annotations give ``any``."""
    if node is None:
        return TypeSpec("any", True, text=text)
    if isinstance(node, ast.Constant) and isinstance(node.value, str):  # "str | None" as a string
        try:
            return _type_from_annotation(ast.parse(node.value, mode="eval").body, node.value)
        except SyntaxError:
            return TypeSpec("any", True, text=text)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        left, right = node.left, node.right
        if _is_none(right):
            inner = _type_from_annotation(left, "")
        elif _is_none(left):
            inner = _type_from_annotation(right, "")
        else:
            return TypeSpec("any", True, text=text)
        return TypeSpec(inner.base, True, inner.item, text=text)
    if isinstance(node, ast.Subscript):
        head = _name_of(node.value)
        if head in ("Optional", "typing.Optional"):
            inner = _type_from_annotation(node.slice, "")
            return TypeSpec(inner.base, True, inner.item, text=text)
        if head in _CONTAINERS or head in ("typing.List", "typing.Dict"):
            base = "list" if head.endswith(("list", "List")) else "dict"
            args = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
            item_node = args[0] if base == "list" else (args[1] if len(args) == 2 else None)
            item = _type_from_annotation(item_node, "") if item_node is not None else None
            if item is not None and item.base == "any":
                item = None
            return TypeSpec(base, False, item, text=text)
        return TypeSpec("any", True, text=text)
    name = _name_of(node)
    if name in _SCALARS:
        return TypeSpec(name, False, text=text)
    if name in _CONTAINERS:
        return TypeSpec(_CONTAINERS[name].__name__, False, text=text)
    if name in ("None", "NoneType"):
        return TypeSpec("any", True, text=text)
    return TypeSpec("any", True, text=text)


def _is_none(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and node.value is None


def _name_of(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{_name_of(node.value)}.{node.attr}"
    return ""


def _type_from_default(default: Any) -> TypeSpec:
    if default is None or default is _NO_DEFAULT:
        return TypeSpec("any", True)
    for name, python_type in (("bool", bool), ("int", int), ("float", float), ("str", str)):
        if type(default) is python_type:
            return TypeSpec(name)
    if isinstance(default, (list, tuple)):
        return TypeSpec("list")
    if isinstance(default, dict):
        return TypeSpec("dict")
    return TypeSpec("any", True)


# --------------------------------------------------------------------------------------------------
# declared parameters


@dataclass(frozen=True)
class ParameterSpec:
    """One parameter declared in a notebook's ``parameters`` cell.

    Attributes
    ----------
    name : str
    type : TypeSpec
        From the annotation, or inferred from the default when there is none.
    default : object
        The literal default value; :attr:`has_literal_default` is False when the default is an
        expression (then :attr:`default_source` holds its source and the kernel computes it).
    default_source : str
        The default as written in the cell.
    help : str
        The trailing ``# comment`` of the assignment.
    """

    name: str
    type: TypeSpec
    default: Any
    default_source: str
    help: str = ""
    has_literal_default: bool = True

    @property
    def is_path(self) -> bool:
        """Whether the name ends in ``_dir``, ``_file`` or ``_path``: a path that must exist."""
        return self.name.endswith(PATH_SUFFIXES)


def find_parameters_cell(nb: Any) -> int:
    """Return the index of the first cell tagged ``parameters``, or -1."""
    for index, cell in enumerate(nb.get("cells", [])):
        if "parameters" in (cell.get("metadata", {}).get("tags") or []):
            return index
    return -1


def _comments_by_line(source: str) -> dict[int, str]:
    comments: dict[int, str] = {}
    try:
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            if token.type == tokenize.COMMENT:
                comments[token.start[0]] = token.string.lstrip("#").strip()
    except (tokenize.TokenError, IndentationError, SyntaxError):
        pass
    return comments


def _cell_source(cell: Any) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def read_parameters(notebook: Any, *, where: str | None = None) -> dict[str, ParameterSpec]:
    """Parse the declared parameters of a notebook.

    Parameters
    ----------
    notebook : NotebookNode or path
        A notebook (``.ipynb`` or jupytext percent ``.py`` path) or a parsed ``NotebookNode``.
    where : str, optional
        Name of the notebook for messages (default: the path, or ``"notebook"``).

    Returns
    -------
    dict of str to ParameterSpec
        In declaration order. A name assigned twice keeps its last assignment.

    Raises
    ------
    ParameterError
        The notebook has no cell tagged ``parameters`` (papermill would silently ignore every value),
        or that cell is not valid Python.
    """
    if isinstance(notebook, (str, os.PathLike)):
        from perfmethods.reporting.notebook import load_notebook

        where = where or os.fspath(notebook)
        nb = load_notebook(notebook)
    else:
        nb = notebook
    where = where or "notebook"
    index = find_parameters_cell(nb)
    if index < 0:
        raise ParameterError(
            "no cell is tagged 'parameters', so parameters cannot be passed to it; tag the cell that "
            "declares them (in Jupyter: Property Inspector → Cell Tags; in a percent .py file: "
            '# %% tags=["parameters"])',
            location={"file": where},
        )
    source = _cell_source(nb["cells"][index])
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        raise ParameterError(
            f"the parameters cell is not valid Python: {exc.msg} (line {exc.lineno})",
            location={"file": where},
        ) from None
    comments = _comments_by_line(source)
    declared: dict[str, ParameterSpec] = {}
    for statement in tree.body:
        if isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
            targets = [statement.target.id]
            annotation: ast.expr | None = statement.annotation
            value = statement.value
        elif isinstance(statement, ast.Assign) and all(isinstance(t, ast.Name) for t in statement.targets):
            targets = [t.id for t in statement.targets]  # type: ignore[attr-defined]
            annotation, value = None, statement.value
        else:
            continue
        if value is None:  # "x: int" without a value declares nothing papermill could override
            continue
        default_source = ast.get_source_segment(source, value) or ast.unparse(value)
        try:
            default = ast.literal_eval(value)
            literal = True
        except (ValueError, SyntaxError, TypeError):
            default, literal = _NO_DEFAULT, False
        if annotation is not None:
            annotation_text = ast.get_source_segment(source, annotation) or ast.unparse(annotation)
            type_spec = _type_from_annotation(annotation, annotation_text)
        else:
            type_spec = _type_from_default(default)
        help_text = comments.get(statement.lineno) or comments.get(
            statement.end_lineno or statement.lineno, ""
        )
        for target in targets:
            declared.pop(target, None)
            declared[target] = ParameterSpec(
                name=target,
                type=type_spec,
                default=None if default is _NO_DEFAULT else default,
                default_source=default_source,
                help=help_text,
                has_literal_default=literal,
            )
    return declared


# --------------------------------------------------------------------------------------------------
# user values


def load_parameters_file(path: str | os.PathLike[str]) -> dict[str, Any]:
    """Read a YAML parameters file into a mapping.

    Raises
    ------
    ParameterError
        The file is missing, is not valid YAML, has duplicate keys, too many aliases or too deep a nesting (the
        rules of :func:`perfmethods.io.read_yaml`), or is not a mapping at the top.
    """
    file = Path(path)
    if not file.is_file():
        raise ParameterError(
            f"parameters file not found: {file.resolve()}", location={"file": os.fspath(path)}
        )
    try:
        data = read_yaml(file)  # the package's one strict loader: repeated keys, aliases, depth, size
    except InputError as exc:
        raise ParameterError(exc.message, location={**exc.location, "file": os.fspath(path)}) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ParameterError(
            f"must be a mapping of parameter names to values, got {type(data).__name__}",
            location={"file": os.fspath(path)},
        )
    return {str(k): v for k, v in data.items()}


def parse_assignment(text: str) -> tuple[str, str]:
    """Split a command-line ``key=value`` into ``(key, value)``.

    Raises
    ------
    ParameterError
        No ``=``, or an empty key.
    """
    key, sep, value = text.partition("=")
    key = key.strip()
    if not sep or not key:
        raise ParameterError(f"--set expects key=value, got {text!r}")
    return key, value


def coerce_text(spec: ParameterSpec | None, text: str) -> Any:
    """Turn a command-line value into a Python value, guided by the declared type.

    ``str`` parameters take the text as is (``--set title=2024`` stays ``"2024"``); ``int``/``float``
    use Python's parsers (so ``1e-3`` is a float here); ``bool`` accepts true/false/yes/no/1/0;
    ``null``/``none``/``~`` give ``None`` for optional parameters; lists, dicts and undeclared or
    unannotated parameters are parsed as YAML. A value that does not parse is returned as text, so
    that :func:`validate_parameters` reports it with the expected type.
    """
    stripped = text.strip()
    if spec is None:
        return _yaml_scalar(text)
    kind = spec.type
    if kind.optional and stripped.lower() in ("null", "none", "~", ""):
        return None
    try:
        if kind.base == "str":
            return text
        if kind.base == "int":
            return int(stripped.replace("_", ""))
        if kind.base == "float":
            return float(stripped.replace("_", ""))
        if kind.base == "bool":
            lowered = stripped.lower()
            if lowered in ("true", "yes", "on", "1"):
                return True
            if lowered in ("false", "no", "off", "0"):
                return False
            return text
    except ValueError:
        return text
    return _yaml_scalar(text)


def _yaml_scalar(text: str) -> Any:
    try:
        return yaml.safe_load(text) if text.strip() else ""
    except yaml.YAMLError:
        return text


def python_literal(value: Any) -> str:
    """Python source for a parameter value (``repr``, but ``float('nan')`` for non-finite floats)."""
    if isinstance(value, float) and not math.isfinite(value):
        return f"float({str(value)!r})"
    if isinstance(value, list):
        return "[" + ", ".join(python_literal(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{python_literal(k)}: {python_literal(v)}" for k, v in value.items()) + "}"
    return repr(value)


# --------------------------------------------------------------------------------------------------
# validation


def find_project_root(start: str | os.PathLike[str]) -> Path | None:
    """Return the nearest directory at or above ``start`` (a file or directory) holding ``pyproject.toml``."""
    path = Path(start).resolve()
    directory = path if path.is_dir() else path.parent
    for candidate in (directory, *directory.parents):
        if (candidate / "pyproject.toml").is_file():
            return candidate
    return None


def _display_path(path: Path, base: Path | None) -> str:
    """``path`` relative to ``base`` (POSIX separators) when inside it, else absolute."""
    if base is not None:
        try:
            relative = path.relative_to(base)
            return relative.as_posix() or "."
        except ValueError:
            pass
    return path.as_posix()


@dataclass(frozen=True, repr=False)
class ResolvedParameters(Result):
    """The outcome of :func:`validate_parameters`; :meth:`summary` is one row per declared parameter.

    Attributes
    ----------
    kernel : dict
        What to inject into the kernel: every value the user gave plus every path parameter, with
        paths absolute.
    canonical : dict
        Every declared parameter with the value used, paths relative to the project root (absolute
        when outside it); expression defaults appear as their source text. Location-independent.
    paths : dict
        ``{name: {"given": as written, "resolved": relative to the project root (absolute when
        outside it)}}`` for path parameters that are not ``None``.
    given : tuple of str
        Names of the parameters the user set (the rest are the notebook's defaults).
    """

    kernel: dict[str, Any] = field(default_factory=dict)
    canonical: dict[str, Any] = field(default_factory=dict)
    paths: dict[str, dict[str, str]] = field(default_factory=dict)
    given: tuple[str, ...] = ()

    _headline_fields: ClassVar[tuple[str, ...]] = ("n_parameters", "n_given")

    @property
    def n_parameters(self) -> int:
        """How many parameters the notebook declares."""
        return len(self.canonical)

    @property
    def n_given(self) -> int:
        """How many of them the user set."""
        return len(self.given)

    def summary(self) -> pd.DataFrame:
        """One row per declared parameter: ``parameter``, ``value`` (as recorded in the manifest; an
        expression default as ``{"expression": source}``), ``given`` (the user set it) and ``path``
        (project-relative, for path parameters)."""
        names = list(self.canonical)
        return pd.DataFrame(
            {
                "parameter": names,
                "value": pd.Series([self.canonical[n] for n in names], dtype=object),
                "given": [n in self.given for n in names],
                "path": [self.paths[n]["resolved"] if n in self.paths else None for n in names],
            }
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe: the canonical values, the path parameters and the names given (kernel values hold
        absolute paths of this machine and are left out)."""
        return {
            "canonical": _json_tree(self.canonical),
            "paths": _json_tree(self.paths),
            "given": list(self.given),
        }


def _json_tree(value: Any) -> Any:
    """``value`` with every mapping and list made JSON-safe (:func:`perfmethods.results.json_scalar`)."""
    if isinstance(value, Mapping):
        return {str(k): _json_tree(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_tree(v) for v in value]
    if isinstance(value, os.PathLike):
        return os.fspath(value)
    return json_scalar(value)


Source = str | Mapping[str, str] | None


def _location(name: str | None, source: Source) -> dict[str, object] | None:
    """``{"file": ..., "key": name}`` for error messages; ``source`` may name a file per key."""
    where = source.get(name) if isinstance(source, Mapping) and name is not None else source
    where = where if isinstance(where, str) else None
    location: dict[str, object] = {}
    if where and where.startswith("--"):  # a command-line option, not a file
        if name is not None:
            location["key"] = name
        location["option"] = where
        return location
    if where:
        location["file"] = where
    if name is not None:
        location["key"] = name
    return location or None


def _type_error(name: str, spec: ParameterSpec, value: Any, problem: str, source: Source) -> ParameterError:
    expected = str(spec.type)
    hint = ""
    if isinstance(value, str) and spec.type.base in ("int", "float") and _YAML_FLOAT.match(value.strip()):
        if spec.type.base == "float" and re.search(r"[eE]", value):
            hint = (
                f"; YAML 1.1 (PyYAML) reads {value!r} as a string because it lacks a dot or a signed "
                f"exponent: write it as {float(value)!r} or e.g. 1.0e-3"
            )
        else:
            hint = "; remove the quotes around the number"
    elif isinstance(value, (_dt.date, _dt.datetime)) and spec.type.base == "str":
        hint = "; YAML read it as a date: quote it ('2024-12-31')"
    elif isinstance(value, bool) and spec.type.base == "str":
        hint = "; YAML reads yes/no/on/off/true/false as booleans: quote it"
    elif isinstance(value, (int, float)) and not isinstance(value, bool) and spec.type.base == "str":
        hint = "; quote it to keep it text (YAML drops leading zeros of numbers)"
    elif isinstance(value, bool) and spec.type.base in ("int", "float"):
        hint = "; a boolean is not a number"
    elif isinstance(value, str) and spec.type.base == "bool":
        hint = "; write true or false without quotes"
    return ParameterError(f"expected {expected}, {problem}{hint}", location=_location(name, source))


def _suggest(name: str, declared: Mapping[str, ParameterSpec]) -> str:
    close = difflib.get_close_matches(name, list(declared), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _resolve_path(
    name: str,
    spec: ParameterSpec,
    value: str,
    *,
    cwd: Path,
    project_root: Path | None,
    source: Source,
    is_default: bool = False,
) -> Path:
    location = _location(name, source)
    expanded = Path(os.path.expanduser(value))
    tried: list[Path] = []
    if expanded.is_absolute():
        tried.append(expanded)
    else:
        tried.append(cwd / expanded)
        if project_root is not None and project_root.resolve() != cwd.resolve():
            tried.append(project_root / expanded)
    for candidate in tried:
        if candidate.exists():
            resolved = candidate.resolve()
            if name.endswith("_dir") and not resolved.is_dir():
                raise ParameterError(f"{resolved} is not a directory", location=location)
            if name.endswith("_file") and not resolved.is_file():
                raise ParameterError(f"{resolved} is not a file", location=location)
            return resolved
    looked = " or ".join(str(p.resolve()) for p in tried)
    origin = " (the notebook's default; set the parameter to an existing path)" if is_default else ""
    raise ParameterError(f"path {value!r} does not exist (looked for {looked}){origin}", location=location)


def validate_parameters(
    declared: Mapping[str, ParameterSpec],
    values: Mapping[str, Any] | None,
    *,
    project_root: str | os.PathLike[str] | None = None,
    cwd: str | os.PathLike[str] | None = None,
    source: Source = None,
) -> ResolvedParameters:
    """Check user values against the declared parameters and resolve path parameters.

    Parameters
    ----------
    declared : mapping of str to ParameterSpec
        From :func:`read_parameters`.
    values : mapping, optional
        The user's values (from YAML and ``--set``).
    project_root : path, optional
        Second base for relative paths (after ``cwd``) and the base of canonical paths.
    cwd : path, optional
        First base for relative paths; default the current working directory.
    source : str or mapping of str to str, optional
        Where the values come from, for messages: a file name, or ``{name: origin}`` per parameter
        (e.g. ``"report.yaml"`` or ``"--set"``).

    Returns
    -------
    ResolvedParameters

    Raises
    ------
    ParameterError
        On the first problem, in this order: unknown names (all listed, with suggestions, and the
        declared names), a value of the wrong type, a ``language`` that is not zh/en, a path that
        does not exist (naming the paths looked at), a ``_dir`` that is a file or a ``_file`` that is a
        directory.
    """
    values = dict(values or {})
    base = Path(cwd) if cwd is not None else Path.cwd()
    root = Path(project_root).resolve() if project_root is not None else None

    unknown = [k for k in values if k not in declared]
    if unknown:
        described = ", ".join(f"{k!r}{_suggest(k, declared)}" for k in unknown)
        noun = "parameter" if len(unknown) == 1 else "parameters"
        raise ParameterError(
            f"unknown {noun} {described}; the notebook declares: {', '.join(declared) or '(none)'}",
            location=_location(None, source if isinstance(source, str) else None),
        )

    chosen: dict[str, Any] = {}
    for name, spec in declared.items():
        if name in values:
            value = values[name]
            if isinstance(value, os.PathLike) and spec.is_path:
                value = os.fspath(value)
            problem = spec.type.check(value)
            if problem is not None:
                raise _type_error(name, spec, value, problem, source)
            chosen[name] = spec.type.coerce(value)
        elif spec.has_literal_default:
            chosen[name] = spec.type.coerce(spec.default)

    if "language" in chosen and "language" in declared:
        try:
            check_language(chosen["language"])
        except InputError as exc:
            raise ParameterError(str(exc), location=_location("language", source)) from None

    kernel = {name: chosen[name] for name in values}
    canonical: dict[str, Any] = {}
    paths: dict[str, dict[str, str]] = {}
    display_base = root
    for name, spec in declared.items():
        if name not in chosen:
            canonical[name] = {"expression": spec.default_source}
            continue
        value = chosen[name]
        if spec.is_path and value is not None:
            if not isinstance(value, str):
                raise _type_error(name, spec, value, f"got {_describe(value)}", source)
            resolved = _resolve_path(
                name, spec, value, cwd=base, project_root=root, source=source, is_default=name not in values
            )
            kernel[name] = str(resolved)
            shown = _display_path(resolved, display_base)
            paths[name] = {"given": value, "resolved": shown}
            canonical[name] = shown
        else:
            canonical[name] = value
    return ResolvedParameters(kernel=kernel, canonical=canonical, paths=paths, given=tuple(values))
