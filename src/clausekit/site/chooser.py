"""The questions of the "How to choose" page (`site/chooser.yml`), checked against the family.

Each question decides one option: a "yes" asks for a license with it (`if_yes: with`)
or without it (`if_yes: without`). The page's script keeps the variants that agree
with every answer so far; a question the remaining variants all answer alike is
shown as already decided. Nothing here knows which family it is.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from clausekit.diagnostics import Diagnostic, SourceError, relabel
from clausekit.sources.schema import TEXT, Key, Table
from clausekit.sources.types import Family, Variant
from clausekit.sources.yamlfile import YamlReader, read_yaml

CHOOSER_FILE = "chooser.yml"
ANSWERS = ("with", "without")


@dataclass(frozen=True)
class Question:
    option: str
    ask: str
    if_yes: str  # "with" or "without"
    help: str | None

    def answer(self, variant: Variant) -> bool:
        """The answer that leads to `variant`: yes when the variant has the option and yes means "with"."""
        return variant.has(self.option) == (self.if_yes == "with")


QUESTION = Table(
    "a question",
    (
        Key("option", TEXT, "The option code the question decides.", required=True),
        Key("ask", TEXT, "The question.", required=True),
        Key("if_yes", TEXT, "`with` or `without`: what a yes means for the option.", required=True),
        Key("help", TEXT, "More about the question."),
    ),
)
CHOOSER = Table(CHOOSER_FILE, (Key("questions", TEXT, "The questions.", required=True, entry=QUESTION),))


def load_questions(site: Path, family: Family, where: str, file: str = CHOOSER_FILE) -> tuple[Question, ...]:
    """The questions in `<site>/<file>` (chooser.yml, or a translation such as chooser.zh-Hans.yml);
    none when there is no such file. Raises SourceError."""
    if not (site / file).exists():
        return ()
    parsed = read_yaml(site, file)
    if parsed.value is None:
        raise SourceError(relabel(parsed.problems, lambda name: f"{where}/{name}"))
    doc = replace(parsed.value, file=f"{where}/{file}")
    reader = YamlReader(doc)
    top = reader.fields((), CHOOSER, file)
    questions: list[Question] = []
    codes = family.option_codes()
    for path in top.items("questions"):
        fields = reader.fields(path, QUESTION)
        option, ask = fields.text("option"), fields.text("ask")
        if_yes, help_text = fields.text("if_yes"), fields.text("help", required=False)
        if option is not None and option not in codes:
            fields.error((*path, "option"), f"unknown option {option!r}", f"use one of: {', '.join(codes)}")
        elif option is not None and any(q.option == option for q in questions):
            fields.error((*path, "option"), f"option {option!r} is asked twice", "keep one question per option")
        if if_yes is not None and if_yes not in ANSWERS:
            fields.error((*path, "if_yes"), f"`if_yes` must be `with` or `without`, not {if_yes!r}", "pick one")
        if option is not None and ask is not None and if_yes is not None and if_yes in ANSWERS:
            questions.append(Question(option, ask, if_yes, help_text))
    problems = reader.checked(questions).problems
    if not problems and questions:
        problems += tuple(_indistinct(family, questions, doc.file, doc.line(("questions",))))
    if problems:
        raise SourceError(problems)
    return tuple(questions)


def _indistinct(family: Family, questions: list[Question], file: str, line: int) -> list[Diagnostic]:
    """Variants that answer every question alike: the chooser could never tell them apart."""
    seen: dict[tuple[bool, ...], str] = {}
    problems = []
    for variant in family.variants:
        answers = tuple(q.answer(variant) for q in questions)
        if answers in seen:
            problems.append(
                Diagnostic(
                    file,
                    line,
                    f"{seen[answers]} and {variant.id} give the same answer to every question",
                    "add a question about an option that only one of them has",
                )
            )
        seen.setdefault(answers, variant.id)
    return problems


def check_translation(
    questions: tuple[Question, ...], translated: tuple[Question, ...], file: str, where: str
) -> tuple[Question, ...]:
    """A translated chooser asks about the same options, in the same order, with the same `if_yes`.

    Raises SourceError naming the file otherwise: the pages of two languages must lead a
    reader to the same license.
    """
    same = [(q.option, q.if_yes) for q in questions] == [(q.option, q.if_yes) for q in translated]
    if same:
        return translated
    shown = ", ".join(f"{q.option} ({q.if_yes})" for q in questions) or "none"
    raise SourceError(
        [
            Diagnostic(
                f"{where}/{file}",
                None,
                f"the questions differ from {CHOOSER_FILE}'s",
                f"ask about the same options in the same order, with the same if_yes: {shown}",
            )
        ]
    )
