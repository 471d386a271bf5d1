"""The editor's main screen: meetings, events and programs in tabs, one table each.

Keys act on the highlighted row of the visible table: add, edit, duplicate, cancel one date,
remove. Every change goes through the app's `apply` (so through `Store`); the tables are rebuilt
from the listings the store returns, or that the app reloads when the file changes elsewhere.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING, ClassVar, cast
from zoneinfo import ZoneInfo

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static, TabbedContent, TabPane

from kiosk.admin.screens.dialogs import CancelDateDialog, ConfirmDialog
from kiosk.admin.screens.form import RecordForm, SettingsForm, noun
from kiosk.formatting import format_label, long_date
from kiosk.i18n import N_, _, ngettext
from kiosk.listing_text import (
    cell,
    describe,
    end_hhmm,
    meeting_dates,
    not_meeting_reason,
    times_text,
)
from kiosk.model import (
    BY_APPOINTMENT,
    DAY_NAMES,
    Event,
    Listings,
    Meeting,
    Problem,
    Program,
    Record,
)
from kiosk.schedule import Schedule
from kiosk.store import ValidationError

if TYPE_CHECKING:
    from kiosk.admin.app import AdminApp

Row = tuple[str, list[str]]  # the record's key, and the cells shown


def program_name(listings: Listings, slug: str) -> str:
    program = listings.program(slug)
    return program.name if program else slug


def meeting_rows(listings: Listings) -> list[Row]:
    meetings = sorted(listings.meetings,
                      key=lambda m: (min(m.days, default=7), m.time, m.name.casefold(), m.id))
    return [(m.id, [  # by appointment (no day) last
        " ".join(_(DAY_NAMES[d])[:3] for d in sorted(m.days)),
        times_text(m, _(BY_APPOINTMENT)), m.name, format_label(m.format),
        program_name(listings, m.program), m.id, meeting_dates(m),
    ]) for m in meetings]


def event_rows(listings: Listings) -> list[Row]:
    events = sorted(listings.events, key=lambda e: (e.date, e.time, e.name.casefold(), e.id))
    return [(e.id, [
        e.date, f"{e.time}–{end_hhmm(e)}", _("Cancelled") if e.cancelled else "", e.name,
        format_label(e.format), program_name(listings, e.program) if e.program else "", e.id,
    ]) for e in events]


def program_rows(listings: Listings) -> list[Row]:
    meetings = Counter(m.program for m in listings.meetings)
    return [(p.slug, [str(p.order), p.slug, p.name, str(meetings[p.slug])])
            for p in listings.programs]


@dataclass(frozen=True)
class TableSpec:
    """One tab: the kind of record it lists, its columns, and its rows from the listings."""

    kind: type[Record]
    title: str
    columns: tuple[str, ...]
    rows: Callable[[Listings], list[Row]]

    @property
    def id(self) -> str:
        return self.kind.TABLE


TABLES: tuple[TableSpec, ...] = (
    TableSpec(Meeting, N_("Meetings"), (N_("Days"), N_("Time"), N_("Name"), N_("Format"),
                                        N_("Program"), N_("ID"), N_("Dates")), meeting_rows),
    TableSpec(Event, N_("Events"), (N_("Date"), N_("Time"), N_("Status"), N_("Name"),
                                    N_("Format"), N_("Program"), N_("ID")), event_rows),
    TableSpec(Program, N_("Programs"), (N_("Order"), N_("Slug"), N_("Name"), N_("Meetings")),
              program_rows),
)


def find(listings: Listings, kind: type[Record], key: str) -> Record | None:
    records: tuple[Record, ...] = getattr(listings, kind.TABLE)
    return next((r for r in records if r.key == key), None)


def copy_key(listings: Listings, kind: type[Record], key: str) -> str:
    """ "smart-tue-copy", or "smart-tue-copy-2"... : a key no record of this kind has yet."""
    taken = {r.key for r in getattr(listings, kind.TABLE)}
    candidates = (f"{key}-copy" + (f"-{n}" if n > 1 else "") for n in range(1, len(taken) + 2))
    return next(c for c in candidates if c not in taken)


def blank(kind: type[Record], listings: Listings) -> Record:
    """The record a new form starts from."""
    if kind is Program:
        return Program(slug="", name="", order=max((p.order for p in listings.programs),
                                                   default=0) + 1)
    return kind(id="", name="")  # type: ignore[call-arg]


class ListingsScreen(Screen[None]):
    """Tabs of tables; the footer shows the keys."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "add", _("Add")),
        Binding("e", "edit", _("Edit")),
        Binding("d", "duplicate", _("Duplicate")),
        Binding("c", "cancel_date", _("Cancel date")),
        Binding("x,delete", "remove", _("Remove")),
        Binding("s", "settings", _("Settings")),
        Binding("q", "quit", _("Quit")),
        Binding("tab", "switch_list(1)", _("Next list")),
        Binding("shift+tab", "switch_list(-1)", _("Previous list"), show=False),
    ]

    @property
    def admin(self) -> AdminApp:
        return cast("AdminApp", self.app)

    def compose(self) -> ComposeResult:
        yield Static(id="listings-title")
        with TabbedContent(id="tabs"):
            for spec in TABLES:
                with TabPane(_(spec.title), id=spec.id):
                    yield DataTable(id=f"{spec.id}-table", cursor_type="row", zebra_stripes=True)
        yield Static(id="listings-note")
        yield Footer()

    def on_mount(self) -> None:
        for spec in TABLES:
            self.table(spec).add_columns(*(_(c) for c in spec.columns))
        self.show_listings()
        self.table(self.spec()).focus()

    @on(TabbedContent.TabActivated)
    def focus_table(self) -> None:
        """A click on a tab leaves the keys acting on that tab's table."""
        self.table(self.spec()).focus()

    def on_screen_resume(self) -> None:
        self.show_listings()

    def table(self, spec: TableSpec) -> DataTable[Text]:
        return self.query_one(f"#{spec.id}-table", DataTable)

    def show_listings(self, select: tuple[type[Record], str] | None = None) -> None:
        """Rebuild every table from the app's listings, keeping (or moving) the highlight."""
        listings = self.admin.listings
        title = _("Listings editor · {org} · {path}").format(
            org=listings.settings.org_name, path=self.admin.store.path)
        self.query_one("#listings-title", Static).update(Content(cell(title)))
        errors = len({problem.record for problem in listings.errors})
        note = self.query_one("#listings-note", Static)
        note.update(Content(ngettext(
            "{count} record in the file has errors and is not listed: run `kiosk check`.",
            "{count} records in the file have errors and are not listed: run `kiosk check`.",
            errors).format(count=errors)))
        note.display = bool(errors)
        for spec in TABLES:
            table = self.table(spec)
            wanted = select[1] if select and select[0] is spec.kind else self.current_key(spec)
            row = table.cursor_row
            table.clear()
            for key, cells in spec.rows(listings):
                table.add_row(*(Text(cell(value)) for value in cells), key=key)
            keys = [r.key.value for r in table.ordered_rows]
            table.move_cursor(row=keys.index(wanted) if wanted in keys else row)
        if select:
            self.query_one(TabbedContent).active = select[0].TABLE
            self.table(self.spec()).focus()

    # -- what the keys act on ------------------------------------------------------------

    def spec(self) -> TableSpec:
        active = self.query_one(TabbedContent).active
        return next(spec for spec in TABLES if spec.id == active)

    def current_key(self, spec: TableSpec) -> str | None:
        table = self.table(spec)
        if not table.row_count:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    def current(self) -> Record | None:
        """The highlighted record of the visible table; says so when there is none."""
        spec = self.spec()
        key = self.current_key(spec)
        record = find(self.admin.listings, spec.kind, key) if key is not None else None
        if record is None:
            self.admin.tell(_("There is no {noun} to act on here.").format(
                noun=noun(spec.kind)), "warning")
        return record

    def open_form(self, base: Record, key: str | None) -> None:
        def saved(saved_key: str | None) -> None:
            if saved_key is not None:
                self.show_listings(select=(type(base), saved_key))

        self.app.push_screen(RecordForm(base, key), saved)

    # -- actions -------------------------------------------------------------------------

    def action_add(self) -> None:
        self.open_form(blank(self.spec().kind, self.admin.listings), None)

    def action_edit(self) -> None:
        if record := self.current():
            self.open_form(record, record.key)

    @on(DataTable.RowSelected)
    def edit_selected(self) -> None:
        self.action_edit()

    def action_settings(self) -> None:
        self.app.push_screen(SettingsForm(self.admin.listings.settings))

    def action_duplicate(self) -> None:
        """A form for a new record holding the highlighted one's fields, under a new key."""
        record = self.current()
        if record is None:
            return
        kind = type(record)
        copy = replace(record, **{kind.KEY: copy_key(self.admin.listings, kind, record.key)})
        if isinstance(copy, Meeting):  # its cancellations and stamp belong to the original
            copy = replace(copy, cancelled=(), updated=None)
        elif isinstance(copy, Event):
            copy = replace(copy, cancelled=False)
        self.open_form(copy, None)

    def action_cancel_date(self) -> None:
        record = self.current()
        if isinstance(record, Meeting):
            self.cancel_meeting_date(record)
        elif isinstance(record, Event):
            self.toggle_event(record)
        elif record is not None:
            self.admin.tell(_("Only meetings and events can be cancelled."), "warning")

    def cancel_meeting_date(self, meeting: Meeting) -> None:
        """Ask for a date the meeting meets and add it to its `cancelled` dates."""

        def cancel_on(day: date) -> None:
            iso = day.isoformat()
            stamp = self.admin.updated_fields(Meeting)

            def cancel(record: Record) -> Record:
                assert isinstance(record, Meeting)
                label = f"meeting {record.id}"
                if iso in record.cancelled:
                    raise ValidationError([Problem(label, "cancelled", _(
                        "is already cancelled on {date}").format(date=iso))])
                if not Schedule.meets_on(record, day):
                    raise ValidationError([Problem(label, "date", not_meeting_reason(record, day))])
                return replace(record, cancelled=tuple(sorted((*record.cancelled, iso))), **stamp)

            self.admin.apply(lambda store: store.update(Meeting, meeting.id, cancel))

        def cancelled(day: date | None) -> None:
            if day is not None:
                self.show_listings(select=(Meeting, meeting.id))
                self.admin.tell(_("Cancelled {name} on {date}.").format(
                    name=meeting.name, date=long_date(day)))

        about = cell(describe(meeting))
        if meeting.cancelled:
            about += ". " + _("Already cancelled: {dates}").format(
                dates=", ".join(meeting.cancelled))
        self.app.push_screen(
            CancelDateDialog(Content(about), self.next_date(meeting), cancel_on), cancelled
        )

    def next_date(self, meeting: Meeting) -> date | None:
        """The next date the meeting is on, in its own zone: the likeliest one to cancel."""
        clock = self.admin.clock
        occurrence = Schedule(self.admin.listings, clock.zone).next_occurrence(
            meeting, clock.now())
        if occurrence is None:
            return None
        zone = ZoneInfo(meeting.timezone) if meeting.timezone else clock.zone
        return occurrence.start.astimezone(zone).date()

    def toggle_event(self, event: Event) -> None:
        """Mark a one-off event cancelled, or back on, after asking."""
        back_on = event.cancelled
        what = f"{self.describe(event)}. "
        if back_on:
            title, confirm = _("Put this event back on?"), _("Put back on")
            what += _("The kiosk will list it again.")
            done = _("{name} is back on.")
        else:
            title, confirm = _("Cancel this event?"), _("Cancel event")
            what += _("The kiosk will show it as Cancelled.")
            done = _("Cancelled {name}.")

        def answered(yes: bool | None) -> None:
            if yes and self.write(lambda: self.admin.apply(lambda store: store.update(
                Event, event.id, lambda old: replace(old, cancelled=not back_on),
            ))):
                self.show_listings(select=(Event, event.id))
                self.admin.tell(done.format(name=event.name))

        self.app.push_screen(ConfirmDialog(title, Content(cell(what)), confirm, _("Back")),
                             answered)

    def action_remove(self) -> None:
        record = self.current()
        if record is None:
            return
        kind = type(record)
        if isinstance(record, Program):
            users = [g.id for g in (*self.admin.listings.meetings, *self.admin.listings.events)
                     if g.program == record.slug]
            if users:
                self.admin.tell(_(
                    "{name} still has meetings or events ({ids}): move or remove them first."
                ).format(name=record.name, ids=", ".join(users)), "error")
                return
        backup = self.admin.store.backup_path.name
        what = Content(cell(_(
            "{noun} {key}: {what}. It is deleted from {file}; the previous version is kept "
            "as {backup}."
        ).format(noun=noun(kind).capitalize(), key=record.key, what=self.describe(record),
                 file=self.admin.store.path.name, backup=backup)))

        def answered(yes: bool | None) -> None:
            if yes and self.write(lambda: self.admin.apply(
                lambda store: store.remove(kind, record.key)
            )):
                self.show_listings()
                self.admin.tell(_("Removed {noun} {key}.").format(noun=noun(kind), key=record.key))

        self.app.push_screen(ConfirmDialog(
            _("Remove this {noun}?").format(noun=noun(kind)), what, _("Remove"), _("Keep")
        ), answered)

    @staticmethod
    def describe(record: Record) -> str:
        if isinstance(record, Meeting):
            return describe(record)
        if isinstance(record, Event):
            return f"{record.name}, {record.date} {record.time}–{end_hhmm(record)}"
        assert isinstance(record, Program)
        return record.name

    def write(self, change: Callable[[], Listings]) -> bool:
        """Run a change; if it is refused, say why. True when it was saved."""
        try:
            change()
        except ValidationError as refused:
            self.admin.tell(str(refused), "error", _("Not changed"))
            return False
        return True

    def action_switch_list(self, step: int) -> None:
        """Tab moves between the lists (the table is the only thing to focus here)."""
        position = TABLES.index(self.spec())
        spec = TABLES[(position + step) % len(TABLES)]
        self.query_one(TabbedContent).active = spec.id
        self.table(spec).focus()

    def action_quit(self) -> None:
        self.app.exit()
