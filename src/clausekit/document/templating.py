"""Fragments as sandboxed Jinja2 templates.

Fragments are contributions from others, so they run in Jinja2's immutable sandbox
with no loader (nothing can be included or imported), no globals, strict undefined
names, and guarded arithmetic. Everything a template may name is known before
rendering, so unknown names and dangling `ref()`s are found statically, with lines.
"""

from __future__ import annotations

import operator
import traceback
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from jinja2 import StrictUndefined, Template, TemplateSyntaxError, meta, nodes
from jinja2.exceptions import SecurityError, TemplateError
from jinja2.parser import Parser
from jinja2.sandbox import ImmutableSandboxedEnvironment

from clausekit.diagnostics import Checked, Diagnostic
from clausekit.sources.types import Evidence, FactValue, Family, Fragment

REF = "ref"
CONTEXT_OBJECTS = ("variant", "family")
FORBIDDEN_TAGS: dict[type[nodes.Node], str] = {
    nodes.Include: "include",
    nodes.Import: "import",
    nodes.FromImport: "from ... import",
    nodes.Extends: "extends",
}
MAX_REPEAT = 10_000


class FragmentEnvironment(ImmutableSandboxedEnvironment):
    """The sandbox, with `*` and `**` capped so a fragment cannot exhaust memory."""

    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context: Any, operator_name: str, left: Any, right: Any) -> Any:
        if operator_name == "**":
            if isinstance(right, int) and abs(right) > 64:
                raise SecurityError("exponent too large in a clause fragment")
            return operator.pow(left, right)
        for count in (left, right):
            if isinstance(count, int) and count > MAX_REPEAT:
                raise SecurityError("repetition too large in a clause fragment")
        return operator.mul(left, right)


def make_environment() -> FragmentEnvironment:
    env = FragmentEnvironment(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=False)
    env.globals.clear()  # no range(), lipsum() or cycler(): clauses need none of them
    del env.filters["random"]  # the same sources must give the same text
    return env


@dataclass(frozen=True)
class Names:
    """What fragments may name: options, facts, the variant and family, ref()."""

    options: tuple[str, ...]
    facts: Mapping[str, tuple[FactValue, ...]]

    @classmethod
    def of(cls, family: Family) -> Names:
        return cls(family.option_codes(), {f.name: f.values for f in family.facts})

    def for_conditions(self) -> set[str]:
        return set(self.options) | set(self.facts)

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
    except TemplateSyntaxError as err:
        problems.append(
            Diagnostic(
                fragment.file,
                file_line(err.lineno),
                f"template syntax error: {err.message}",
                "fix the Jinja2 tag on this line ({% if X %} ... {% endif %}, {{ ref('id') }})",
            )
        )
        return Checked(None, tuple(problems))
    problems.extend(_check_tags(ast, fragment, file_line))
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
    except TemplateSyntaxError as err:
        return Checked.failed(
            Diagnostic(file, line, f"condition {text!r} is not a valid expression: {err.message}", hint)
        )
    ast = nodes.Template([nodes.Output([expr], lineno=1)], lineno=1)
    ast.set_environment(env)
    problems = _check_names(ast, file, lambda _: line, names.for_conditions(), names)
    if problems:
        return Checked(None, tuple(problems))
    return Checked(env.compile_expression(text, undefined_to_none=False))


def _check_tags(ast: nodes.Template, fragment: Fragment, file_line: Callable[[int], int]) -> list[Diagnostic]:
    problems = []
    for node_type, tag in FORBIDDEN_TAGS.items():
        for node in ast.find_all(node_type):
            problems.append(
                Diagnostic(
                    fragment.file,
                    file_line(node.lineno),
                    f"`{{% {tag} %}}` is not allowed in clause fragments",
                    "a fragment cannot read other files; write the text here or refer to the other clause with {{ ref('id') }}",
                )
            )
    return problems


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
