"""Reading a curator's YAML safely: YAML 1.2 scalars, no duplicate keys, no aliases.

PyYAML's ``safe_load`` reads ``no`` as false, ``17:45`` as 1065 and ``2027-02-26`` as a
date, silently keeps the last of two duplicate keys and expands aliases (a few hundred
bytes can become gigabytes). This reader composes the node tree with YAML 1.2 core-schema
scalars, then builds plain Python data itself, keeping every node's position.
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import BaseResolver
from yaml.scanner import Scanner

try:
    from yaml.cyaml import CParser
except ImportError:  # PyYAML built without libyaml
    CParser = None

from .problems import ContentError, Loc, Mark, Positions, Problem

MAX_FILE_BYTES = 4 * 1024 * 1024
MAX_SCALAR_CHARS = 100_000
MAX_DEPTH = 40
MAX_NODES = 200_000

_STR = "tag:yaml.org,2002:str"
_ALLOWED_TAGS = {
    _STR,
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}


class _Resolver12(BaseResolver):
    """The YAML 1.2 core schema: only these plain scalars are not text."""


_Resolver12.yaml_implicit_resolvers = {}
_Resolver12.add_implicit_resolver(
    "tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]
)
_Resolver12.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_Resolver12.add_implicit_resolver(
    "tag:yaml.org,2002:int",
    re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"),
    list("-+0123456789"),
)
_Resolver12.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
    ),
    list("-+0123456789."),
)


class _DepthError(Exception):
    def __init__(self, node_mark: yaml.Mark, message: str) -> None:
        super().__init__(message)
        self.mark = node_mark
        self.message = message


class _Refusing(Composer, _Resolver12):
    """A composer that refuses aliases and deep nesting as it goes."""

    def __init__(self) -> None:
        Composer.__init__(self)
        _Resolver12.__init__(self)
        self._depth = 0
        self._nodes = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:  # type: ignore[override]
        if self.check_event(AliasEvent):
            event = self.peek_event()
            raise _DepthError(
                event.start_mark,
                f"aliases (*{event.anchor}) are not allowed; write the value out again",
            )
        self._nodes += 1
        if self._nodes > MAX_NODES:
            raise _DepthError(self.peek_event().start_mark, f"the file has more than {MAX_NODES:,} values")
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise _DepthError(
                    self.peek_event().start_mark, f"the file is nested more than {MAX_DEPTH} levels deep"
                )
            return Composer.compose_node(self, parent, index)
        finally:
            self._depth -= 1


class _PyLoader(_Refusing, Reader, Scanner, Parser):
    """PyYAML's own parser: slower, with the clearer syntax messages."""

    def __init__(self, stream: str) -> None:
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)
        _Refusing.__init__(self)


if CParser is not None:
    class _CLoader(_Refusing, CParser):
        """libyaml's parser (four times faster) under the same composer."""

        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            _Refusing.__init__(self)

    _LOADERS: tuple[type, ...] = (_CLoader, _PyLoader)
else:
    _LOADERS = (_PyLoader,)


def _mark(label: str, mark: yaml.Mark) -> Mark:
    return Mark(label, mark.line + 1, mark.column + 1)


def _decode(data: bytes, label: str) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise ContentError(
            [Problem(Mark(label, line, column),
                     f"the file is not UTF-8 text (byte 0x{data[exc.start]:02x}); save it as UTF-8",
                     blocking=True)]
        ) from None


def read_yaml(path: Path, label: str | None = None) -> tuple[Any, Positions]:
    """Read one YAML file into plain data and the positions of its values and keys.

    Raises ``ContentError`` with positioned problems when the file cannot be read.
    """
    label = label or str(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ContentError([Problem(Mark(label, 1, 1),
                                        f"the file is {size / 1e6:.1f} MB; an exhibition file may be at most "
                                        f"{MAX_FILE_BYTES / 1e6:.0f} MB", blocking=True)])
        raw = path.read_bytes()
    except OSError as exc:
        raise ContentError([Problem(Mark(label, 1, 1), f"cannot read the file: {exc.strerror or exc}",
                                    blocking=True)]) from None
    return parse_yaml(_decode(raw, label), label)


def parse_yaml(text: str, label: str) -> tuple[Any, Positions]:
    """Parse YAML text; see :func:`read_yaml`."""
    node = _compose(text, label)
    if node is None:
        raise ContentError([Problem(Mark(label, 1, 1), "the file is empty", blocking=True)])
    builder = _Builder(label)
    data = builder.build(node, ())
    if builder.problems:
        raise ContentError(builder.problems)
    return data, builder.positions


def _compose(text: str, label: str) -> Node | None:
    """The node tree, or a positioned problem. A file libyaml refuses is read again by
    PyYAML's parser, whose messages say what was expected and what was found."""
    for loader_class in _LOADERS:
        try:
            loader = loader_class(text)
            try:
                return loader.get_single_node()
            finally:
                loader.dispose()
        except _DepthError as exc:
            raise ContentError([Problem(_mark(label, exc.mark), exc.message, blocking=True)]) from None
        except yaml.YAMLError as exc:
            if loader_class is not _LOADERS[-1]:
                continue
            raise ContentError([_syntax_problem(exc, label, text)]) from None
    raise AssertionError("unreachable: the last loader returns or raises")


def _syntax_problem(exc: yaml.YAMLError, label: str, text: str = "") -> Problem:
    """The parser's complaint in a curator's words, at the place to change."""
    if not isinstance(exc, yaml.MarkedYAMLError):  # reader errors: control characters and the like
        return Problem(Mark(label, 1, 1), f"YAML: {exc}", blocking=True)
    advice = _advice(exc, text.splitlines())
    if advice is not None:
        mark, message = advice
        return Problem(_mark(label, mark), f"YAML syntax: {message}", blocking=True)
    mark = exc.problem_mark or exc.context_mark
    where = _mark(label, mark) if mark else Mark(label, 1, 1)
    message = (exc.problem or "this is not valid YAML").replace("'<stream end>'", "the end of the file")
    if exc.context:
        message = f"{exc.context}, {message}"
    return Problem(where, f"YAML syntax: {message}", blocking=True)


_KEY_LINE = re.compile(r"^(?P<indent> *)(?:(?P<dash>- +))?(?P<key>[^\s:#'\"\[\]{}-][^:#]*?|\"[^\"]*\"|'[^']*'):(?: |$)")


class _Line:
    """A line of the file as far as indentation goes: where its key starts, and which key."""

    def __init__(self, number: int, text: str) -> None:
        self.number = number  # 0-based, as PyYAML's marks
        self.text = text
        match = _KEY_LINE.match(text)
        self.key = match.group("key").strip("'\"") if match else None
        self.start = len(text) - len(text.lstrip(" "))
        self.column = (match.end("dash") if match.group("dash") else match.end("indent")) if match else self.start
        self.colon = match.end("key") if match else -1
        self.item = bool(match and match.group("dash")) or text.lstrip().startswith("- ")
        self.has_value = bool(match) and bool(text[self.colon + 1:].split("#")[0].strip())

    @property
    def content(self) -> bool:
        stripped = self.text.strip()
        return bool(stripped) and not stripped.startswith("#")


def _content_lines(lines: list[str], before: int) -> list[_Line]:
    """The lines above ``before`` that hold something, nearest first."""
    return [line for line in (_Line(i, lines[i]) for i in range(min(before, len(lines)) - 1, -1, -1))
            if line.content]


def _parent(lines: list[str], block: _Line) -> str | None:
    """The key a block of keys (the one ``block`` belongs to) sits under."""
    column, in_list = block.column, False
    for line in _content_lines(lines, block.number + 1):
        if not in_list and line.item and line.column == column:
            column, in_list = line.start, True  # the map of a list item: now find the list's key
            continue
        if in_list and line.item and line.start == column:
            continue  # an earlier item of the same list
        if line.start < column or (in_list and line.start == column):
            return line.key  # a list's dashes may stand right under its key
    return None


def _spaces(n: int) -> str:
    return f"{n} space{'s' * (n != 1)}"


def _advice(exc: yaml.MarkedYAMLError, lines: list[str]) -> tuple[yaml.Mark, str] | None:
    problem, context = exc.problem or "", exc.context or ""
    mark, opened = exc.problem_mark, exc.context_mark
    if mark is None:
        return None
    here = _Line(mark.line, lines[mark.line]) if mark.line < len(lines) else None
    if "'\\t'" in problem:
        return mark, "a tab character here; YAML is indented with spaces only: replace the tab with spaces"
    if opened is not None and "quoted scalar" in context:
        quote = lines[opened.line][opened.column] if opened.line < len(lines) else '"'
        return opened, (f"the text that starts with {quote} here is never closed; "
                        f"end it with {quote} on the same line")
    if opened is not None and "flow sequence" in context or "flow mapping" in context:
        bracket, closing, what = ("[", "]", "list") if "sequence" in context else ("{", "}", "map")
        if mark.line >= len(lines) or "<stream end>" in problem:
            return opened, f"the {what} opened with {bracket} here is never closed; end it with {closing}"
        return opened, (f"the {what} opened with {bracket} here is not closed before line {mark.line + 1}, "
                        f"column {mark.column + 1}; end it with {closing}, or separate its items with commas")
    if here is None or here.key is None:
        return None
    if problem.startswith("mapping values are not allowed"):
        if mark.column == here.colon:
            # the key's own colon: the line is indented deeper than the key above, which has a value
            above = next((line for line in _content_lines(lines, here.number) if line.key), None)
            if above is None:
                return None
            at = yaml.Mark(mark.name, mark.index, mark.line, here.column, mark.buffer, mark.pointer)
            return (at, f"'{here.key}' is indented {_spaces(here.column)}, more than "
                                      f"'{above.key}' on line {above.number + 1}, which already has a value; "
                                      f"indent '{here.key}' like '{above.key}' ({_spaces(above.column)})")
        value = here.text[here.colon + 1:].strip()
        quoted = f'"{value}"' if '"' not in value else "'" + value.replace("'", "''") + "'"
        start = here.colon + 1 + (len(here.text[here.colon + 1:]) - len(here.text[here.colon + 1:].lstrip()))
        at = yaml.Mark(mark.name, mark.index, mark.line, start, mark.buffer, mark.pointer)
        return at, (f"the text of '{here.key}' holds a colon and a space, which YAML reads as another key; "
                    f"put the text in quotes: {here.key}: {quoted}")
    if "expected <block end>" in problem:
        # items are lined up by their dashes, keys by their first letters
        def column(line: _Line) -> int:
            return line.start if here.item else line.column

        def name(line: _Line) -> str:
            return f"- {line.key}" if here.item and line.item else str(line.key)

        lines_above = [line for line in _content_lines(lines, here.number) if line.key]
        deeper = next((line for line in lines_above if column(line) > column(here)), None)
        if deeper is None:
            return None
        outer = next((line for line in lines_above if column(line) < column(here)), None)
        parent = _parent(lines, deeper)
        message = (f"'{name(here)}' is indented {_spaces(column(here))}, which lines up with nothing above it: "
                   f"'{name(deeper)}' (line {deeper.number + 1}{f', under {parent!r}' if parent else ''}) "
                   f"is indented {_spaces(column(deeper))}")
        if outer is not None:
            message += f", '{name(outer)}' (line {outer.number + 1}) {_spaces(column(outer))}"
        at = yaml.Mark(mark.name, mark.index, mark.line, column(here), mark.buffer, mark.pointer)
        return at, message + f"; indent '{name(here)}' like the one it belongs with"
    return None


class _Builder:
    """Builds Python data from nodes, collecting every problem rather than stopping."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.positions = Positions()
        self.problems: list[Problem] = []

    def fail(self, node: Node, message: str) -> None:
        self.problems.append(Problem(_mark(self.label, node.start_mark), message, blocking=True))

    def build(self, node: Node, loc: Loc) -> Any:
        self.positions.values[loc] = _mark(self.label, node.start_mark)
        if node.tag not in _ALLOWED_TAGS:
            self.fail(node, f"the tag {node.tag.replace('tag:yaml.org,2002:', '!!')} is not allowed here; "
                            "write plain values")
            return None
        if isinstance(node, MappingNode):
            return self._mapping(node, loc)
        if isinstance(node, SequenceNode):
            return [self.build(item, (*loc, i)) for i, item in enumerate(node.value)]
        return self._scalar(node, loc)

    def _mapping(self, node: MappingNode, loc: Loc) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.fail(key_node, "merge keys (<<) are not allowed; write the keys out")
                continue
            if not isinstance(key_node, ScalarNode):
                self.fail(key_node, "a key must be a plain word, found a list or map")
                continue
            key = key_node.value  # keys stay as written: `no:` is Norwegian, `001:` stays 001
            if key in result:
                first = self.positions.keys[(*loc, key)]
                self.fail(key_node, f"'{key}' appears twice in this map (first at line {first.line})")
                continue
            self.positions.keys[(*loc, key)] = _mark(self.label, key_node.start_mark)
            result[key] = self.build(value_node, (*loc, key))
        return result

    def _scalar(self, node: ScalarNode, loc: Loc) -> Any:
        if len(node.value) > MAX_SCALAR_CHARS:
            self.fail(node, f"this value is {len(node.value):,} characters long; at most "
                            f"{MAX_SCALAR_CHARS:,} are allowed")
            return None
        tag = node.tag
        if tag == _STR:
            return node.value
        if tag == "tag:yaml.org,2002:null":
            return None
        if tag == "tag:yaml.org,2002:bool":
            return node.value.lower() == "true"
        if tag == "tag:yaml.org,2002:int":
            self.positions.raw_scalars[loc] = node.value
            text = node.value.replace("_", "")
            try:
                if text.startswith("0o"):
                    return int(text[2:], 8)
                return int(text, 0) if text.startswith("0x") else int(text)
            except ValueError:
                self.fail(node, f"'{node.value}' is not a whole number")
                return None
        if tag == "tag:yaml.org,2002:float":
            self.positions.raw_scalars[loc] = node.value
            lowered = node.value.lower()
            if lowered.endswith("inf"):
                return -math.inf if lowered.startswith("-") else math.inf
            if lowered.endswith("nan"):
                return math.nan
            try:
                return float(node.value)
            except ValueError:
                self.fail(node, f"'{node.value}' is not a number")
                return None
        return node.value
