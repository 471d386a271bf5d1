"""Every fixed string of the interface is in the catalogue, and Spanish has all of them.

Four checks: the strings Babel extracts from kiosk/ are all in the committed messages.pot and
messages.po (a string added without `make messages` fails); the Spanish catalogue translates
every one; the committed messages.mo the kiosk reads is what messages.po compiles to now (a
translation edited without `make messages` fails); and an AST scan finds English written
straight into a widget, a notification, a key description or a title without `_()` (which
extraction cannot see).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from kiosk import i18n

KIOSK = Path(i18n.__file__).parent
POT_FILE = i18n.LOCALE_DIR / "messages.pot"
RUN_MAKE = "run `make messages` and translate the new strings in kiosk/locale/es/LC_MESSAGES"

UI_SOURCES = [
    *sorted((KIOSK / "screens").glob("*.py")),
    *sorted((KIOSK / "widgets").glob("*.py")),
    *sorted((KIOSK / "admin").rglob("*.py")),
    KIOSK / "app.py",
    KIOSK / "display.py",
]
"""Where the interface's fixed text is written: scanned for English outside `_()`."""

TRANSLATORS = {"_", "N_", "ngettext", *DEFAULT_KEYWORDS}
TEXT_CALLS = {
    "Static", "Label", "Button", "TabPane", "Tab", "Option", "Checkbox", "RadioButton",
    "Content", "Text", "notify", "update", "set_status", "assemble",
}
"""Calls whose positional arguments are all shown as they are."""
TEXT_POSITIONS = {"Binding": (2,), "styled": (0,), "tell": (0, 2)}
"""Calls that show only some positional arguments (the others are keys, styles, severities)."""
TEXT_KEYWORDS = {
    "description", "placeholder", "tooltip", "title", "label", "prompt", "empty_text",
    "message", "caption", "confirm", "keep", "text", "renderable", "content",
}
"""Keyword arguments shown as they are (ids, classes, keys, actions and styles are not)."""
TEXT_ATTRIBUTES = {"border_title", "border_subtitle", "tooltip", "title", "sub_title",
                   "placeholder", "label"}
"""Attributes of a widget or app that are shown (``box.border_title = ...``)."""
TEXT_CLASS_NAMES = {"TITLE", "SUB_TITLE"}
WORD = re.compile(r"[A-Za-z]{2,}")


def extracted() -> dict[str, str]:
    """msgid → "file:line" of every marked string in kiosk/, as `make messages` finds them."""
    found: dict[str, str] = {}
    for filename, line, message, _comments, _context in extract_from_dir(
        str(KIOSK), method_map=[("**.py", "python")], keywords=DEFAULT_KEYWORDS
    ):
        msgid = message if isinstance(message, str) else message[0]
        found.setdefault(msgid, f"kiosk/{filename}:{line}")
    return found


def catalogue(path: Path) -> Catalog:
    with path.open("rb") as file:
        return read_po(file)


def ids(catalog: Catalog) -> set[str]:
    return {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id}


def test_every_marked_string_is_in_the_template_and_the_spanish_catalogue() -> None:
    source = extracted()
    assert len(source) > 100  # the scan found the interface, not an empty directory
    for path in (POT_FILE, i18n.catalogue_path("es")):
        missing = sorted(set(source) - ids(catalogue(path)))
        assert not missing, f"not in {path.name} ({RUN_MAKE}): " + "; ".join(
            f"{msgid!r} ({source[msgid]})" for msgid in missing
        )


def test_every_spanish_entry_is_translated() -> None:
    untranslated = []
    for message in catalogue(i18n.catalogue_path("es")):
        if not message.id:
            continue
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(form.strip() for form in forms):
            untranslated.append(message.id)
    assert not untranslated, f"untranslated or fuzzy in Spanish ({RUN_MAKE}): {untranslated}"


def test_spanish_keeps_each_placeholder() -> None:
    """A translation that drops or renames "{count}" would crash `.format()` or lose data."""
    for message in catalogue(i18n.catalogue_path("es")):
        if not message.id:
            continue
        originals = message.id if isinstance(message.id, tuple) else (message.id,)
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        expected = set(re.findall(r"{\w+}", originals[-1]))
        for form in forms:
            assert set(re.findall(r"{\w+}", form)) == expected, (message.id, form)


@pytest.mark.parametrize("language", [lang for lang in i18n.LANGUAGES
                                      if lang != i18n.SOURCE_LANGUAGE])
def test_the_committed_mo_is_its_po_compiled_now(language: str) -> None:
    """As `pybabel compile` (in `make messages`) writes it: fuzzy entries left out."""
    compiled = BytesIO()
    write_mo(compiled, catalogue(i18n.catalogue_path(language)))
    committed = i18n.catalogue_path(language, ".mo").read_bytes()
    assert committed == compiled.getvalue(), f"messages.mo is older than messages.po: {RUN_MAKE}"


# -- English outside the catalogue ---------------------------------------------------------


def _call_name(call: ast.Call) -> str:
    func = call.func
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""


def _english(node: ast.AST) -> bool:
    """A literal with words in it (an f-string counts by its literal parts)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return bool(WORD.search(node.value))
    if isinstance(node, ast.JoinedStr):
        return any(_english(part) for part in node.values)
    if isinstance(node, ast.Tuple) and node.elts:  # ("text", "style") in Content.assemble
        return _english(node.elts[0])
    return False


def _shown_arguments(call: ast.Call) -> Iterator[ast.AST]:
    name = _call_name(call)
    if name in TEXT_POSITIONS:
        yield from (call.args[n] for n in TEXT_POSITIONS[name] if n < len(call.args))
    elif name in TEXT_CALLS:
        yield from call.args
    for keyword in call.keywords:
        if keyword.arg in TEXT_KEYWORDS:
            yield keyword.value


def _shown_target(target: ast.expr) -> bool:
    if isinstance(target, ast.Attribute):
        return target.attr in TEXT_ATTRIBUTES
    return isinstance(target, ast.Name) and target.id in TEXT_CLASS_NAMES


def untranslated_literals(path: Path, root: Path = KIOSK.parent) -> Iterator[str]:
    """ "file:line: text" for each English literal shown without going through `_()`, and
    each `_()` inside an f-string (Babel cannot extract it there before Python 3.12)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    where = path.relative_to(root)
    for node in ast.walk(tree):
        suspects: list[ast.AST] = []
        if isinstance(node, ast.Call):
            suspects = list(_shown_arguments(node))
        elif isinstance(node, ast.Assign) and any(map(_shown_target, node.targets)):
            suspects = [node.value]
        elif isinstance(node, ast.JoinedStr):
            for value in node.values:
                if (isinstance(value, ast.FormattedValue) and isinstance(value.value, ast.Call)
                        and _call_name(value.value) in TRANSLATORS):
                    yield f"{where}:{node.lineno}: _() inside an f-string is not extracted"
        for suspect in suspects:
            if _english(suspect):
                yield f"{where}:{suspect.lineno}: {ast.unparse(suspect)}"


def test_no_english_is_shown_outside_the_catalogue() -> None:
    problems = [problem for path in UI_SOURCES for problem in untranslated_literals(path)]
    problems += [  # elsewhere in kiosk/, only what extraction would miss
        problem for path in sorted(KIOSK.rglob("*.py")) if path not in UI_SOURCES
        for problem in untranslated_literals(path) if "f-string" in problem
    ]
    assert not problems, "wrap these in _() (or N_() where defined before shown):\n" + "\n".join(
        problems
    )


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ('Static("Hello there")', 1),
        ('Static(_("Hello there"))', 0),
        ('Binding("escape", "back", "Back")', 1),
        ('Binding("escape", "back", N_("Back"))', 0),
        ('Select(options, id="filter-day", prompt="Pick a day")', 1),
        ('self.notify(f"Saved {name}")', 1),
        ('box.border_title = "Data file problem"', 1),
        ('Content.assemble(("Next meeting: ", "bold $accent"), name)', 1),
        ('Static(Content(" · "), classes="detail-line")', 0),
        ('text = f"{_(\'data\')}: {message}"', 1),
        ('Content.styled(name, "bold strike")', 0),
        ('self.tell(_("Saved."), "warning", "Saved, but")', 1),
        ('label = f"meeting {record.id}"', 0),
        ('TITLE = "Listings editor"', 1),
    ],
)
def test_the_scan_finds_english_outside_the_catalogue(
    tmp_path: Path, source: str, expected: int
) -> None:
    """The scan itself: it must flag what it is for and pass what is fine."""
    sample = tmp_path / "example.py"
    sample.write_text(source, encoding="utf-8")
    found = list(untranslated_literals(sample, root=tmp_path))
    assert len(found) == expected, (source, found)
