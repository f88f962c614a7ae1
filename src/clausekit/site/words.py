"""The site's own generated words, by their English text (gettext-style msgids).

The pages' prose is in the templates, one per language (`choose.md`,
`choose.zh-Hans.md`); what is left is the handful of words the generator and the
page script print around data: the "and" of a list, a verdict's kind, a variant's
status, the switcher's note, the chooser's and compare filter's messages. They are
declared in `clausekit.sources.sitewords` (a translation's loader checks its keys
against them) and looked up here, so a template in another language says them in its words rather than
printing an English value.

The English text is both the key and the default. Another language takes its words
from `site/labels.<lang>.yml` over the `labels:` of its translation
(`translations/<lang>.yaml`), and every declared word must be there: nothing falls back
to English silently. Placeholders are `{name}`, filled by plain replacement.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from clausekit.checks.site import check_site_words
from clausekit.diagnostics import Diagnostic, SourceError, relabel
from clausekit.sources.sitewords import SCRIPT_WORDS, SITE_WORDS
from clausekit.sources.yamlfile import YamlDocument, read_yaml

_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


@dataclass(frozen=True)
class Words:
    """One language's site words: the English msgid unless `texts` gives the translation."""

    language: str
    texts: Mapping[str, str] = field(default_factory=dict, hash=False)

    def __call__(self, msgid: str, **values: object) -> str:
        if msgid not in SITE_WORDS:
            raise KeyError(f"{msgid!r} is not a site word: declare it in clausekit.sources.sitewords")
        text = self.texts.get(msgid, msgid)
        return _PLACEHOLDER.sub(lambda m: str(values[m.group(1)]) if m.group(1) in values else m.group(0), text)

    def and_list(self, items: object) -> str:
        """ "a", "a and b", "a, b and c", in this language's words."""
        names = [str(i) for i in items] if isinstance(items, list | tuple) else [str(items)]
        if len(names) < 2:
            return "".join(names)
        return self(", ").join(names[:-1]) + self(" and ") + names[-1]

    def script(self) -> dict[str, str]:
        """The page script's words, msgid -> text, for this language."""
        return {msgid: self(msgid) for msgid in SCRIPT_WORDS}


ENGLISH = Words("en")  # the default language's words: the msgids themselves


def missing(texts: Mapping[str, str]) -> list[str]:
    """The site words a translation lacks (in declaration order)."""
    return [msgid for msgid in SITE_WORDS if msgid not in texts]


def load_words(site: Path, code: str, default: bool, translation: Mapping[str, str], where: str) -> Words:
    """The site words of language `code`: the translation's `labels:` over `<site>/labels.<code>.yml`.

    The default language needs none (its words are the msgids). Any other language must
    say every site word; raises SourceError naming the file and the words it lacks.
    """
    if default:
        return Words(code)
    file = f"labels.{code}.yml"
    texts: dict[str, str] = {}
    line = 1
    if (site / file).exists():
        parsed = read_yaml(site, file)
        if parsed.value is None:
            raise SourceError(relabel(parsed.problems, lambda name: f"{where}/{name}"))
        data = parsed.value.value
        if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
            raise SourceError(
                [
                    Diagnostic(
                        f"{where}/{file}",
                        1,
                        "expected a mapping of English words to their translation",
                        'write one `"English word": translation` per line',
                    )
                ]
            )
        refuse_unknown_placeholders([parsed.value], where)
        unknown = sorted(str(k) for k in data if k not in SITE_WORDS)
        if unknown:
            first = next(k for k in data if k not in SITE_WORDS)
            raise SourceError(
                [
                    Diagnostic(
                        f"{where}/{file}",
                        parsed.value.line((first,)),
                        f"not a word of the site: {', '.join(repr(k) for k in unknown)}",
                        "use the English text of a word clausekit.sources.sitewords declares, or remove the entry",
                    )
                ]
            )
        texts.update(data)
    else:
        line = 0
    texts.update((msgid, text) for msgid, text in translation.items() if msgid in SITE_WORDS)
    lacking = missing(texts)
    if lacking:
        raise SourceError(
            [
                Diagnostic(
                    f"{where}/{file}",
                    line or None,
                    f"the {code} site lacks the words " + ", ".join(repr(m) for m in lacking),
                    f"add each English word with its {code} translation to {where}/{file}",
                )
            ]
        )
    return Words(code, texts)


def refuse_unknown_placeholders(docs: Sequence[YamlDocument], where: str | None) -> None:
    """SourceError for each word whose translation uses a placeholder its English text lacks.

    `where` prefixes the file names of documents read relative to the site folder. A
    placeholder left out is only a warning, which `mgl lint` reports.
    """
    errors = [p for doc in docs for p in check_site_words(doc) if p.severity == "error"]
    if errors:
        raise SourceError(errors if where is None else relabel(errors, lambda name: f"{where}/{name}"))
