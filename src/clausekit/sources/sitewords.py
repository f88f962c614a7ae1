"""The site's own generated words, by their English text: declared here, below the site layer.

`clausekit.site.words` looks them up and says them per language; they are declared
among the sources because a translation (`translations/<lang>.yaml`, `labels:`) may
give them too, and its loader must tell a site word from a misspelt key without
reaching up into the site.
"""

from __future__ import annotations

# Words the templates and the generator use (the `t` filter, and_list, the switcher).
PAGE_WORDS: tuple[str, ...] = (
    ", ",  # between the items of a list
    " and ",  # between the last two items of a list
    "English",  # the default language's own name, in the language switcher
    "{language}: not translated yet",  # the switcher's entry for a page that has no translation
    # A variant's lifecycle, as variants.yaml and versions.yaml record it.
    "active",
    "deprecated",
    "superseded",
    "Deprecated",  # a notice's title
    "Superseded",
    # A remix verdict's kind (document/compat.py), shown where no license results.
    "compatible",
    "unshareable",
    "incompatible",
    "Translation",  # the title of the notice on a translated page
    "Earlier text",  # the title of the notice on a translation with stale clauses
    # The preview's notices (`mgl serve`), until the background build catches up.
    "Preview",
    "The downloads on this page are being rebuilt: until this notice goes, they hold the previous text.",
    "The preview does not make the redlines of an unreleased change: `mgl site` and `mgl diff` do.",
)

# Words of the page script (site/docs/assets/site.js), handed to it per language.
SCRIPT_WORDS: tuple[str, ...] = (
    "{name} ({code})",  # an option: its name and code (the pages use it too)
    "Copied",
    "Press Ctrl+C to copy",
    "Showing all {shown} licenses.",
    "No license has this combination of options.",
    "Showing {shown} of {total} licenses.",
    "Read {id}",
    "More columns: scroll the table sideways.",  # above a table wider than the screen
    "Close",  # the remix explanation's close button
    "In the list of verdicts",  # the remix explanation's link to its sentence
    "Answer the questions above; the license that fits appears here.",
    "Your license: ",
    "{title}. Its page has the full text, the model sheet and what to put in your repository.",
    "No license fits all of these answers.",
    "Change one of your answers to see the licenses that come closest.",
    "{count} licenses still fit. Answer another question to narrow them down:",
    ": ",  # between a variant's id and its title
    "{option} always comes with {implied}.",
    "Your other answers already settle this one: {answer}.",
    "yes",
    "no",
)

SITE_WORDS: tuple[str, ...] = PAGE_WORDS + SCRIPT_WORDS
