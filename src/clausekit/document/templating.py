"""Fragments as sandboxed Jinja2 templates, in the small language clauses need.

Fragments are contributions from others, so they run in Jinja2's immutable sandbox
with no loader (nothing can be included or imported), no globals and strict
undefined names. On top of that, a fragment may use only what clause text needs:
`{% if %}`/`{% elif %}`/`{% else %}`, `{{ name }}` and `{{ ref('id') }}`, comparisons
and `and`/`or`/`not`. Loops, assignments, macros, filters, arithmetic, concatenation
and method calls are refused when the fragment is compiled, with their line. So the
work a fragment can do is bounded by its length: no loop to nest, no operator to
repeat a string, no method such as `center()` to inflate one. A value that is not
plain text, a number or a truth value (a function, a mapping) may not be printed
either: its Python repr would differ between builds.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from jinja2 import StrictUndefined, Template, TemplateSyntaxError, meta, nodes
from jinja2.exceptions import SecurityError, TemplateError
from jinja2.parser import Parser
from jinja2.sandbox import ImmutableSandboxedEnvironment

from clausekit.diagnostics import Checked, Diagnostic
from clausekit.document.blocks import escape_inline
from clausekit.document.syntax import locate
from clausekit.sources.types import ANY_OPTION, Evidence, FactValue, Family, Fragment

REF = "ref"
CONTEXT_OBJECTS = ("variant", "family")
# Everything a clause may contain; any other construct is refused with its line.
ALLOWED_NODES: tuple[type[nodes.Node], ...] = (
    nodes.Template,
    nodes.Output,
    nodes.TemplateData,
    nodes.If,
    nodes.Name,
    nodes.Const,
    nodes.Getattr,
    nodes.Getitem,
    nodes.Call,  # ref('id') only; _refs and _check_language refuse any other call
    nodes.Compare,
    nodes.Operand,
    nodes.And,
    nodes.Or,
    nodes.Not,
    nodes.CondExpr,
    nodes.Tuple,
    nodes.List,
)
ALLOWED = "{% if %}, {% elif %}, {% else %}, {{ name }}, {{ ref('id') }}, comparisons, and, or, not"
# What a refused construct is called in a message; the rest are named by their node type.
CONSTRUCTS: dict[type[nodes.Node], str] = {
    nodes.For: "`{% for %}` loops are",
    nodes.Macro: "`{% macro %}` is",
    nodes.CallBlock: "`{% call %}` is",
    nodes.Assign: "`{% set %}` is",
    nodes.AssignBlock: "`{% set %}` is",
    nodes.With: "`{% with %}` is",
    nodes.FilterBlock: "`{% filter %}` is",
    nodes.Include: "`{% include %}` is",
    nodes.Import: "`{% import %}` is",
    nodes.FromImport: "`{% from ... import %}` is",
    nodes.Extends: "`{% extends %}` is",
    nodes.Block: "`{% block %}` is",
    nodes.Filter: "filters (`|name`) are",
    nodes.Test: "tests (`is ...`) are",
    nodes.Concat: "concatenation (`~`) is",
    nodes.BinExpr: "arithmetic is",
    nodes.UnaryExpr: "arithmetic is",
    nodes.Slice: "slices are",
    nodes.Dict: "mappings are",
}
READS_FILES = (nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends)


class FragmentEnvironment(ImmutableSandboxedEnvironment):
    """The sandbox; the language check before compiling keeps out everything else."""


def _printable(value: Any) -> Any:
    """Print text as text: a variant title holding `*` or `<` must not become Markdown or HTML.

    Anything but text, numbers and truth values is refused: its repr would make builds differ.
    """
    if isinstance(value, str):
        return escape_inline(value)
    if isinstance(value, int | float | bool):
        return value
    raise SecurityError(f"cannot print a {type(value).__name__} (write ref('id') to name a clause)")


def make_environment() -> FragmentEnvironment:
    env = FragmentEnvironment(
        undefined=StrictUndefined, autoescape=False, keep_trailing_newline=False, finalize=_printable
    )
    env.globals.clear()  # no range(), lipsum() or cycler(): clauses need none of them
    env.filters.clear()  # and no filters: the language check refuses them anyway
    return env


@dataclass(frozen=True)
class Names:
    """What fragments may name: options, facts, the variant and family, ref()."""

    options: tuple[str, ...]
    facts: Mapping[str, tuple[FactValue, ...]]
    groups: tuple[str, ...] = ()  # option groups and `any_option`: true when a variant has any of them

    @classmethod
    def of(cls, family: Family) -> Names:
        return cls(
            family.option_codes(), {f.name: f.values for f in family.facts}, (*family.option_groups(), ANY_OPTION)
        )

    def for_conditions(self) -> set[str]:
        return set(self.options) | set(self.facts) | set(self.groups)

    def for_templates(self) -> set[str]:
        return self.for_conditions() | set(CONTEXT_OBJECTS) | {REF}

    def describe(self, allowed: set[str]) -> str:
        return ", ".join(sorted(allowed))


@dataclass(frozen=True)
class RefUse:
    target: str
    line: int  # file line


@dataclass(frozen=True)
class CompiledFragment:
    fragment: Fragment
    template: Template
    condition: Callable[..., Any] | None
    refs: tuple[RefUse, ...]
    evidence: tuple[tuple[Evidence, Callable[..., Any] | None], ...] = ()


@dataclass(frozen=True)
class CompiledLibrary:
    """A validated family with every fragment and condition compiled once per build."""

    family: Family
    fragments: tuple[CompiledFragment, ...]
    section_conditions: Mapping[str, Callable[..., Any]]
    stale: frozenset[str] = frozenset()  # ids of clauses whose translation follows an earlier source text
    # The `addresses.badge_colours` conditions, in order, with their colours.
    badge_conditions: tuple[tuple[Callable[..., Any], str], ...] = ()


def compile_fragment(env: FragmentEnvironment, fragment: Fragment, names: Names) -> Checked[CompiledFragment]:
    problems: list[Diagnostic] = []
    condition = None
    if fragment.when is not None:
        compiled = compile_condition(env, fragment.when, fragment.file, fragment.line_of("when"), names)
        problems.extend(compiled.problems)
        condition = compiled.value

    def file_line(template_line: int) -> int:
        return fragment.body_line + template_line - 1

    try:
        ast = env.parse(fragment.body)
        language = _check_language(ast, fragment.file, file_line)
    except TemplateSyntaxError as err:
        problems.append(_syntax_error(env, fragment, err, file_line))
        return Checked(None, tuple(problems))
    except RecursionError:
        problems.append(_too_deep(fragment.file, fragment.body_line))
        return Checked(None, tuple(problems))
    if language:
        return Checked(None, (*problems, *language))
    problems.extend(_check_names(ast, fragment.file, file_line, names.for_templates(), names))
    refs = _refs(ast, fragment, file_line, problems)
    evidence: list[tuple[Evidence, Callable[..., Any] | None]] = []
    for item in fragment.establishes:
        if item.when is None:
            evidence.append((item, None))
            continue
        when = compile_condition(env, item.when, fragment.file, item.line, names)
        problems.extend(when.problems)
        if when.value is not None:
            evidence.append((item, when.value))
    if problems:
        return Checked(None, tuple(problems))
    code = env.compile(ast, name=fragment.id, filename=fragment.file)
    template = env.template_class.from_code(env, code, env.make_globals(None), None)
    return Checked(CompiledFragment(fragment, template, condition, refs, tuple(evidence)))


def _syntax_error(
    env: FragmentEnvironment, fragment: Fragment, err: TemplateSyntaxError, file_line: Callable[[int], int]
) -> Diagnostic:
    """The error at the tag that caused it, with the line shown and a caret under the tag."""
    hint = "fix the Jinja2 tag marked here ({% if X %} ... {% endif %}, {{ ref('id') }})"
    spot = locate(env, fragment.body, err)
    if spot is None:
        return Diagnostic(fragment.file, file_line(err.lineno), f"template syntax error: {err.message}", hint)
    message = f"template syntax error: {err.message}"
    if spot.line != err.lineno:
        message += f" (the block opened here on line {file_line(spot.line)} is never closed)"
    return Diagnostic(
        fragment.file,
        file_line(spot.line),
        message,
        hint,
        column=spot.column,
        source=fragment.body.split("\n")[spot.line - 1],
    )


def compile_condition(
    env: FragmentEnvironment, text: str, file: str, line: int, names: Names
) -> Checked[Callable[..., Any]]:
    """Compile a selection condition: a Jinja2 expression over options and facts."""
    hint = f'write a condition over {names.describe(names.for_conditions())}, e.g. "NC and not ND"'
    try:
        parser = Parser(env, text, state="variable")
        expr = parser.parse_expression()
        if not parser.stream.eos:
            return Checked.failed(
                Diagnostic(file, line, f"condition {text!r} has extra text after the expression", hint)
            )
        ast = nodes.Template([nodes.Output([expr], lineno=1)], lineno=1)
        ast.set_environment(env)
        language = _check_language(ast, file, lambda _: line)
    except TemplateSyntaxError as err:
        return Checked.failed(
            Diagnostic(file, line, f"condition {text!r} is not a valid expression: {err.message}", hint)
        )
    except RecursionError:
        return Checked.failed(_too_deep(file, line))
    if language:
        return Checked(None, tuple(language))
    problems = _check_names(ast, file, lambda _: line, names.for_conditions(), names)
    if problems:
        return Checked(None, tuple(problems))
    return Checked(env.compile_expression(text, undefined_to_none=False))


def _check_language(ast: nodes.Template, file: str, file_line: Callable[[int], int]) -> list[Diagnostic]:
    """Every construct outside the clause language, once per kind and line."""
    problems: dict[tuple[int, str], Diagnostic] = {}
    calls = {id(call.node) for call in ast.find_all(nodes.Call)}
    for node in ast.find_all(nodes.Node):
        if isinstance(node, READS_FILES):
            what, hint = (
                CONSTRUCTS[type(node)],
                "a fragment cannot read other files; write the text here or refer to the other clause with {{ ref('id') }}",
            )
        elif not isinstance(node, ALLOWED_NODES):
            kind = next((name for cls, name in CONSTRUCTS.items() if isinstance(node, cls)), None)
            what, hint = kind or f"{type(node).__name__} is", f"clause text may use only {ALLOWED}"
        elif isinstance(node, nodes.Call) and not (isinstance(node.node, nodes.Name) and node.node.name == REF):
            what, hint = "calling anything but ref() is", f"clause text may use only {ALLOWED}"
        elif isinstance(node, nodes.Name) and node.name == REF and id(node) not in calls:
            what, hint = "`ref` without a call is", "write {{ ref('clause-id') }}"
        else:
            continue
        line = file_line(node.lineno or 1)
        message = f"{what} not allowed in clause fragments"
        problems.setdefault((line, message), Diagnostic(file, line, message, hint))
    return list(problems.values())


def _too_deep(file: str, line: int) -> Diagnostic:
    return Diagnostic(
        file,
        line,
        "the template is nested too deeply to read",
        "flatten the conditions: a clause rarely needs more than a few levels of {% if %}",
    )


def _check_names(
    ast: nodes.Template, file: str, file_line: Callable[[int], int], allowed: set[str], names: Names
) -> list[Diagnostic]:
    problems: list[Diagnostic] = []
    for name in sorted(meta.find_undeclared_variables(ast) - allowed):
        # One report per line that uses the name, so each can be fixed where it stands.
        lines = sorted({file_line(n.lineno) for n in ast.find_all(nodes.Name) if n.name == name}) or [file_line(1)]
        problems.extend(
            Diagnostic(
                file,
                line,
                f"unknown name {name!r}",
                f"use one of: {names.describe(allowed)} (option codes are case-sensitive)",
            )
            for line in lines
        )
    for compare in ast.find_all(nodes.Compare):
        problems.extend(_check_fact_value(compare, file, file_line, names))
    return problems


def _check_fact_value(
    compare: nodes.Compare, file: str, file_line: Callable[[int], int], names: Names
) -> list[Diagnostic]:
    """`sublicensing == 'autoo'` is always false; catch the misspelt value."""
    if not isinstance(compare.expr, nodes.Name) or compare.expr.name not in names.facts:
        return []
    values = names.facts[compare.expr.name]
    problems = []
    for operand in compare.ops:
        if isinstance(operand.expr, nodes.Const) and operand.expr.value not in values:
            problems.append(
                Diagnostic(
                    file,
                    file_line(compare.lineno),
                    f"fact {compare.expr.name!r} never has the value {operand.expr.value!r}",
                    f"compare with one of: {', '.join(map(repr, values))}",
                )
            )
    return problems


def _refs(
    ast: nodes.Template, fragment: Fragment, file_line: Callable[[int], int], problems: list[Diagnostic]
) -> tuple[RefUse, ...]:
    found = []
    for call in ast.find_all(nodes.Call):
        if not (isinstance(call.node, nodes.Name) and call.node.name == REF):
            continue
        if (
            len(call.args) == 1
            and not call.kwargs
            and isinstance(call.args[0], nodes.Const)
            and isinstance(call.args[0].value, str)
        ):
            found.append(RefUse(call.args[0].value, file_line(call.lineno)))
        else:
            problems.append(
                Diagnostic(
                    fragment.file,
                    file_line(call.lineno),
                    "ref() takes exactly one quoted clause or section id",
                    "write {{ ref('clause-id') }}",
                )
            )
    return tuple(found)


def render_error(err: Exception, fragment: Fragment, variant_id: str) -> Diagnostic:
    """Explain a failure during rendering, at the fragment line where it happened."""
    line = fragment.body_line
    for frame in traceback.extract_tb(err.__traceback__):
        if frame.filename == fragment.file and frame.lineno:
            line = fragment.body_line + frame.lineno - 1
    if isinstance(err, SecurityError):
        message, hint = (
            f"the template tried something the sandbox forbids: {err}",
            "clause fragments may only use plain text, conditions and ref()",
        )
    elif isinstance(err, TemplateError):
        message, hint = f"cannot render: {err.message or err}", "check the names and expressions on this line"
    else:
        message, hint = f"cannot render: {type(err).__name__}: {err}", "simplify the expression on this line"
    return Diagnostic(fragment.file, line, message, hint, (variant_id,))
