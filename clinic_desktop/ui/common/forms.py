"""Showing a service's ValidationError next to the fields it names (shared by every form dialog).

How to use it in a dialog::

    errors = FieldErrors(self)                      # one per form
    name = QLineEdit()
    form.addRow("Name", errors.wrap("name", name))  # the field with a red message label under it
    ...
    ok, row = errors.call(workspace, lambda session: services.x.create(session, actor=..., data=...),
                          reload=self.reload)      # a ConflictError shows with a Reload link at the form
    if not ok:                                      # a ValidationError: red label under each named field,
        return                                      # field outlined, focus on the first wrong one; any other
    self.accept()                                   # ClinicError in the general label; the dialog stays open

Keys are the service's field names (``"given_names"``, ``"products[0].expiry_date"``). A widget can be
registered without a label of its own (``register(key, widget, label=shared_label)``): several fields then
share one message label, e.g. the rows of a product table. Messages for keys nobody registered go to the
``general`` label (call :meth:`general_label` and put it in the dialog) so no error is ever silently lost.

A message goes away as soon as its field is edited: registering a widget connects its change signals
(textChanged, valueChanged, currentIndexChanged, editTextChanged, dateChanged, dateTimeChanged, toggled) —
or the ``changed`` signal given, for fields without one (e.g. a logo chosen with a button) — to
:meth:`FieldErrors.clear_key`. Widgets that can hold input the form cannot read yet (an
:class:`OptionalDateEdit` with "31/02/2001" typed) are asked before any service call (:meth:`input_problems`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QCoreApplication, QDate, QLocale, QObject, QPoint, QRectF, Qt, QTime, Signal
from PySide6.QtGui import QAction, QColor, QIcon, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QCalendarWidget,
    QComboBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:  # both load SQLAlchemy: imported where used, so the sign-in form opens without them
    from clinic_desktop.services.errors import ConflictError
    from clinic_desktop.services.workspace import Workspace

T = TypeVar("T")

ERROR_COLOUR = "#b3261e"
_ERROR_STYLE = f"color: {ERROR_COLOUR};"
_INVALID_PROPERTY = "invalid"
# an outline on any field marked invalid; applied by the dialogs that use FieldErrors (see apply_style)
FIELD_ERROR_QSS = f"""
*[invalid="true"] {{ border: 2px solid {ERROR_COLOUR}; border-radius: 3px; }}
"""


def error_label(*, reserve: bool = False) -> QLabel:
    """A hidden, word-wrapped red label for field messages.

    With ``reserve`` the label keeps its place while hidden (one line at first, then the height of the
    longest message it showed), so the fields around it never move when a message appears or clears.
    """
    label = QLabel()
    label.setStyleSheet(_ERROR_STYLE)
    label.setWordWrap(True)
    label.setVisible(False)
    label.setProperty("role", "field-error")
    if reserve:
        policy = label.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        label.setSizePolicy(policy)
        label.setMinimumHeight(label.fontMetrics().lineSpacing())
        label.setProperty("reserved", True)
    return label


class WrappedLabel(QLabel):
    """A word-wrapped label that is always as tall as its text at its width: a line above a splitter or a
    table otherwise gets one line's height and its second line is cut (the report's batch signal in French
    at 1024 px). Horizontally it takes the width it is given (never widens the window)."""

    def __init__(self, text: str = "", parent: QWidget | None = None):
        super().__init__(text, parent)
        self.setWordWrap(True)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Minimum)

    def _fit(self) -> None:
        width = self.width() if self.width() > 20 else self.sizeHint().width()
        needed = self.heightForWidth(width) if self.text() else 0
        if needed != self.minimumHeight():
            self.setMinimumHeight(max(0, needed))

    def setText(self, text: str) -> None:  # noqa: N802 (Qt naming)
        """Show ``text``, wrapped, at the height it needs."""
        super().setText(text)
        self._fit()

    def resizeEvent(self, event) -> None:  # noqa: ANN001, N802 (Qt naming)
        """A new width may need more or fewer lines: the height follows."""
        super().resizeEvent(event)
        self._fit()


def _keep_room(label: QLabel) -> None:
    """Grow a reserved label's minimum height to its message (never shrink it: nothing below moves back)."""
    if not label.property("reserved") or not label.text():
        return
    width = label.width() if label.width() > 20 else label.sizeHint().width()
    needed = label.heightForWidth(width) if label.wordWrap() else label.sizeHint().height()
    if needed > label.minimumHeight():
        label.setMinimumHeight(needed)


def _mark(widget: QWidget, invalid: bool) -> None:
    if bool(widget.property(_INVALID_PROPERTY)) == invalid:
        return
    widget.setProperty(_INVALID_PROPERTY, invalid)
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
    widget.update()


# signals that mean "the user changed this field" (any that a widget has are connected)
_CHANGE_SIGNALS = ("textChanged", "valueChanged", "currentIndexChanged", "editTextChanged", "dateChanged",
                   "dateTimeChanged", "toggled")


def change_signals(widget: QObject) -> list[Any]:
    """The change signals ``widget`` has among :data:`_CHANGE_SIGNALS` (bound signal instances)."""
    found = []
    for name in _CHANGE_SIGNALS:
        signal = getattr(widget, name, None)
        if signal is not None and hasattr(signal, "connect"):
            found.append(signal)
    return found


class FieldErrors(QObject):
    """Maps service field names to widgets and message labels; shows and clears errors.

    ``parent`` is the dialog: its style sheet gets :data:`FIELD_ERROR_QSS` so wrong fields are outlined.
    Editing a field removes its message and outline at once (see the module docstring). ``changed`` fires
    whenever the messages shown change (a dialog can then grow to show them in full).
    """

    changed = Signal()

    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self._fields: dict[str, tuple[QWidget, QLabel]] = {}
        self._general = error_label()
        self._general_message = ""
        self._conflict: ConflictError | None = None
        self._errors: dict[str, str] = {}  # the messages shown now, by key
        self._connected: set[tuple[int, str]] = set()
        parent.setStyleSheet(parent.styleSheet() + FIELD_ERROR_QSS)

    def wrap(self, key: str, widget: QWidget, *, changed: Any = None) -> QWidget:
        """Register ``widget`` for ``key``; return a container: the widget with its message label under it
        (the label's room is kept while it is hidden, so no field moves when a message shows or clears)."""
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(widget)
        label = error_label(reserve=True)  # room kept for the message: no field moves when one shows or clears
        layout.addWidget(label)
        box.setFocusProxy(widget)  # a form label's mnemonic (buddy) reaches the field
        self.register(key, widget, label, changed=changed)
        return box

    def register(self, key: str, widget: QWidget, label: QLabel | None = None, *,
                 changed: Any = None) -> None:
        """Show errors for ``key`` on ``widget`` and in ``label`` (default: the general label).

        ``widget``'s own change signals (and ``changed``, any extra signal, e.g. "a logo was chosen") clear
        the message for ``key`` when they fire. A widget with a ``problemFound(str)`` signal (an
        :class:`OptionalDateEdit`) shows the problem at ``key`` as soon as it is found.
        """
        self._fields[key] = (widget, label or self._general)
        if (id(widget), key) not in self._connected:  # a row rebuilt or registered twice: connect once
            self._connected.add((id(widget), key))
            for signal in change_signals(widget):
                signal.connect(lambda *_args, key=key: self.clear_key(key))
            problem = getattr(widget, "problemFound", None)
            if problem is not None:
                problem.connect(lambda message, key=key: self.add(key, message))
        if changed is not None:
            changed.connect(lambda *_args, key=key: self.clear_key(key))

    def unregister_prefix(self, prefix: str) -> None:
        """Forget every key starting with ``prefix`` (e.g. rows of a table about to be rebuilt)."""
        for key in [k for k in self._fields if k.startswith(prefix)]:
            del self._fields[key]

    def general_label(self) -> QLabel:
        """The label for messages about unregistered keys (add it to the dialog's layout once)."""
        return self._general

    def label_for(self, key: str) -> QLabel:
        """The message label showing errors for ``key``."""
        return self._fields[key][1] if key in self._fields else self._general

    def widget_for(self, key: str) -> QWidget | None:
        """The widget registered for ``key``, if any."""
        entry = self._fields.get(key)
        return entry[0] if entry else None

    def errors_shown(self) -> dict[str, str]:
        """The messages shown now (field name -> message)."""
        return dict(self._errors)

    def clear(self) -> None:
        """Hide every message and remove every outline."""
        self._errors = {}
        self._general_message = ""
        self._conflict = None
        self._render()

    def clear_key(self, key: str) -> None:
        """Remove the message and outline of ``key`` only (the field was edited); others stay."""
        if key in self._errors:
            del self._errors[key]
            self._render()

    def add(self, key: str, message: str) -> None:
        """Show one more message at ``key`` without removing the others."""
        self._errors[key] = message
        self._render()

    def show(self, errors: Mapping[str, str], *, focus: bool = True) -> None:
        """Show ``errors`` (field name -> message): text under each field, field outlined, focus on the first
        (unless ``focus`` is False, e.g. a check run by a timer while the person types elsewhere).

        Keys nobody registered go to the general label. Earlier messages are cleared first.
        """
        self._errors = dict(errors)
        self._general_message = ""
        self._conflict = None
        self._render()
        first = next((self._fields[k][0] for k in self._errors if k in self._fields), None)
        if first is not None and focus:
            first.setFocus()

    def show_message(self, message: str) -> None:
        """Show one message not tied to a field (e.g. a PermissionDenied) in the general label."""
        self._errors = {}
        self._general_message = message
        self._conflict = None
        self._render()

    def show_conflict(self, conflict: ConflictError, reload: Callable[[], None] | None) -> None:
        """Show a ConflictError (who changed the record, when, what) in the general label with a "Reload"
        link; clicking it calls ``reload`` — the dialog re-reads the record and keeps what was typed."""
        self.show_message(str(conflict))
        self._conflict = conflict
        self._reload = reload
        self._render()

    @property
    def conflict(self) -> ConflictError | None:
        """The conflict shown now, if any."""
        return self._conflict

    def reload(self) -> None:
        """What the "Reload" link does (for tests and keyboard users): the dialog's reload, then clear."""
        callback = getattr(self, "_reload", None)
        self._conflict = None
        self._general_message = ""
        self._conflict = None
        self._render()
        if callback is not None:
            callback()

    def _render(self) -> None:
        general = [self._general_message] if self._general_message else []
        texts: dict[int, list[str]] = {id(self._general): general}
        labels: dict[int, QLabel] = {id(self._general): self._general}
        invalid: set[int] = set()
        for _widget, label in self._fields.values():
            labels.setdefault(id(label), label)
            texts.setdefault(id(label), [])
        for key, message in self._errors.items():
            widget, label = self._fields.get(key, (None, self._general))
            if widget is not None:
                invalid.add(id(widget))
            texts.setdefault(id(label), []).append(message)
            labels[id(label)] = label
        for widget, _label in self._fields.values():
            _mark(widget, id(widget) in invalid)
        for key_id, label in labels.items():
            text = "\n".join(texts.get(key_id, []))
            label.setText(text)
            _keep_room(label)
            label.setVisible(bool(text))
        if getattr(self, "_conflict", None) is not None and self._general_message:
            from html import escape

            self._general.setTextFormat(Qt.TextFormat.RichText)
            self._general.setText("<br>".join(escape(t, quote=False) for t in texts.get(id(self._general), []))
                                  + ' &nbsp;<a href="reload">{}</a>'.format(escape(self.tr("Reload"))))
            if not getattr(self, "_link_connected", False):
                self._general.linkActivated.connect(lambda _href: self.reload())
                self._link_connected = True
        else:
            self._general.setTextFormat(Qt.TextFormat.AutoText)
        self.changed.emit()

    def input_problems(self) -> dict[str, str]:
        """Fields whose typed input cannot be read (field name -> message), e.g. a date like "31/02/2001"."""
        problems = {}
        for key, (widget, _label) in self._fields.items():
            check = getattr(widget, "input_problem", None)
            message = check() if callable(check) else None
            if message:
                problems[key] = message
        return problems

    def call(self, workspace: Workspace, action: Callable[[Any], T], *,
             reload: Callable[[], None] | None = None) -> tuple[bool, T | None]:
        """Run a service call ``action(session)`` in a fresh session of ``workspace`` and show what went wrong.

        A ConflictError (someone else changed the record since the form was filled) is shown with a
        "Reload" link that calls ``reload``.

        Returns ``(True, result)`` after clearing earlier messages, or ``(False, None)`` after showing a
        ValidationError at its fields (or any other ClinicError, e.g. PermissionDenied, in the general label).
        Typed input the form cannot read (:meth:`input_problems`) is shown instead and the service is not
        called, so nothing typed is ever silently dropped. Nothing is written when the service refuses: each
        service commits only on success.
        """
        problems = self.input_problems()
        if problems:
            self.show(problems)
            return False, None
        from clinic_desktop.services.errors import ClinicError, ConflictError, ValidationError
        from clinic_desktop.services.workspace import Workspace

        try:
            with Workspace.of(workspace).session() as session:
                result = action(session)
        except ValidationError as exc:
            self.show(exc.errors)
            return False, None
        except ConflictError as exc:
            self.show_conflict(exc, reload)
            return False, None
        except ClinicError as exc:
            self.show_message(str(exc))
            return False, None
        self.clear()
        return True, result

    def invalid_widgets(self) -> list[QWidget]:
        """Widgets currently outlined as wrong (in the order of the errors shown)."""
        out: list[QWidget] = []
        for key in self._errors:
            widget = self.widget_for(key)
            if widget is not None and widget not in out:
                out.append(widget)
        return out


# ----------------------------------------------------------------------------------- optional dates

def short_day(day) -> str:  # noqa: ANN001 - a datetime.date or datetime.datetime
    """``day`` as "04 Feb 2001" / "04 févr. 2001": the month's short name in the window's language."""
    return QLocale().toString(QDate(day.year, day.month, day.day), "dd MMM yyyy")


def time_format() -> str:
    """The Qt format of a time on the 24-hour clock in the window's language: "HH:mm" in English, the
    locale's own short format in French ("HH 'h' mm": "14 h 05" in Canada); for QDateTimeEdit display
    formats and :func:`short_time`."""
    locale = QLocale()
    if locale.language() == QLocale.Language.English:
        return "HH:mm"
    pattern = locale.timeFormat(QLocale.FormatType.ShortFormat)
    return pattern if "H" in pattern else "HH:mm"  # a 12-hour pattern: keep the window's 24-hour clock


def short_time(moment) -> str:  # noqa: ANN001 - a datetime or time, already in the zone to show
    """``moment``'s hour and minute as the window writes them: "14:05" / "14 h 05" (:func:`time_format`)."""
    return QLocale().toString(QTime(moment.hour, moment.minute), time_format())


def time_format_with_seconds() -> str:
    """The Qt format of a time to the second on the 24-hour clock in the window's language: "HH:mm:ss" in
    English, the locale's own long format without its time zone in French ("HH 'h' mm 'min' ss 's'": "14 h 05
    min 33 s" in Canada, "14:05:33" in France)."""
    locale = QLocale()
    if locale.language() == QLocale.Language.English:
        return "HH:mm:ss"
    pattern = re.sub(r"\s*\bt+\b\s*", " ", locale.timeFormat(QLocale.FormatType.LongFormat)).strip()
    return pattern if "H" in pattern and "s" in pattern else "HH:mm:ss"


def day_and_time(moment, *, seconds: bool = False) -> str:  # noqa: ANN001 - a datetime, in the zone to show
    """``moment`` as the window writes a date and a time: "07 May 2026 14:05" / "07 mai 2026 14 h 05"
    (:func:`short_day`, :func:`short_time`); ``seconds``: "07 May 2026 14:05:33" / "07 mai 2026 14 h 05 min
    33 s" (:func:`time_format_with_seconds`)."""
    if not seconds:
        return f"{short_day(moment)} {short_time(moment)}"
    clock = QTime(moment.hour, moment.minute, moment.second)
    return f"{short_day(moment)} {QLocale().toString(clock, time_format_with_seconds())}"


_ENGLISH_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
TYPING_HINT = ("Type day, month, year — e.g. 4/2/2001, 4 Feb 2001 or 04022001 — "
               "or pick it from the calendar (F4).")  # the English; typing_hint() gives it translated


def typing_hint() -> str:
    """How to type a date, in the user's language."""
    return QCoreApplication.translate(
        "OptionalDateEdit",
        "Type day, month, year — e.g. 4/2/2001, 4 Feb 2001 or 04022001 — or pick it from the calendar (F4).",
    )


def _month_from_word(word: str) -> int | None:
    w = word.strip(".").lower()
    if len(w) < 3:
        return None
    for number, name in enumerate(_ENGLISH_MONTHS, start=1):
        if w.startswith(name):
            return number
    locale = QLocale()
    for number in range(1, 13):
        for fmt in (QLocale.FormatType.LongFormat, QLocale.FormatType.ShortFormat):
            name = locale.monthName(number, fmt).strip(".").lower()
            if name and (w == name or (len(w) >= 3 and name.startswith(w))):
                return number
    return None


def parse_typed_date(text: str) -> date:
    """Read a date typed by a person: day first (``4/2/2001``, ``04.02.2001``, ``4 Feb 2001``,
    ``04022001``) or ISO (``2001-02-04``). The year must be written in full.

    Raises ValueError with a message for the user when the text is not a date.
    """
    raw = text.strip()
    parts = [p for p in re.split(r"[\s/.\-,]+", raw) if p]
    if len(parts) == 1 and parts[0].isdigit() and len(parts[0]) == 8:
        digits = parts[0]
        parts = [digits[:2], digits[2:4], digits[4:]]
        if not _valid(int(parts[0]), int(parts[1]), int(parts[2])) and digits[:2] in ("19", "20"):
            parts = [digits[6:], digits[4:6], digits[:4]]
    if len(parts) != 3:
        raise ValueError(QCoreApplication.translate("OptionalDateEdit", "“{typed}” is not a whole date. {hint}")
                         .format(typed=raw, hint=typing_hint()))
    if parts[0].isdigit() and len(parts[0]) == 4:  # ISO: year first
        parts = [parts[2], parts[1], parts[0]]
    day_text, month_text, year_text = parts
    if not day_text.isdigit() and month_text.isdigit():  # "Feb 4 2001"
        day_text, month_text = month_text, day_text
    month = int(month_text) if month_text.isdigit() else _month_from_word(month_text)
    if not day_text.isdigit() or month is None or not year_text.isdigit():
        raise ValueError(QCoreApplication.translate("OptionalDateEdit", "“{typed}” is not a date. {hint}")
                         .format(typed=raw, hint=typing_hint()))
    if len(year_text) != 4:
        raise ValueError(QCoreApplication.translate(
            "OptionalDateEdit", "Write the year in full (e.g. {example}), not “{typed}”."
        ).format(example=date.today().year - 35, typed=year_text))
    day, year = int(day_text), int(year_text)
    problem = missing_day_problem(day, month, year, raw)
    if problem:
        raise ValueError(problem)
    return date(year, month, day)


def missing_day_problem(day: int, month: int, year: int, typed: str) -> str | None:
    """Why a well-written date does not exist, in the window's language ("“30/02/2026” does not exist:
    February 2026 has 28 days."), or None when it exists. ``typed`` is quoted as the person wrote it."""
    if year < 1:
        return QCoreApplication.translate("OptionalDateEdit", "“{typed}” is not a date: there is no year 0."
                                          ).format(typed=typed)
    if not 1 <= month <= 12:
        return QCoreApplication.translate(
            "OptionalDateEdit", "“{typed}” does not exist: there is no month {month} (months go from 1 to 12)."
        ).format(typed=typed, month=month)
    days = QDate(year, month, 1).daysInMonth()
    if not 1 <= day <= days:
        month_year = QLocale().toString(QDate(year, month, 1), "MMMM yyyy")
        return QCoreApplication.translate(
            "OptionalDateEdit", "“{typed}” does not exist: {month} has {days} days."
        ).format(typed=typed, month=month_year, days=days)
    return None


def _valid(day: int, month: int, year: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _calendar_icon(colour: str = "#51616d") -> QIcon:
    pix = QPixmap(16, 16)
    pix.fill(Qt.GlobalColor.transparent)
    p = QPainter(pix)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(QPen(QColor(colour), 1.2))
    p.drawRoundedRect(QRectF(1.5, 2.5, 13, 12), 1.5, 1.5)
    p.fillRect(QRectF(1.5, 2.5, 13, 3.5), QColor(colour))
    for x in (4, 7, 10):
        for y in (8, 11):
            p.fillRect(QRectF(x, y, 2, 2), QColor(colour))
    p.end()
    return QIcon(pix)


class OptionalDateEdit(QLineEdit):
    """A date field that can be explicitly empty: it starts as "Not entered" (never silently today).

    The person types the date (day first: ``4/2/2001``, ``4 Feb 2001``, ``04022001``; or ``2001-02-04``) —
    the first key replaces "Not entered" — or picks it from the calendar (the button at the right, or F4 /
    Alt+Down). When the field is left the date is rewritten as "04 Feb 2001" ("04 févr. 2001" in French: the
    window language's month names, :func:`short_day`), so how it was read is visible.
    Text that is not a date is kept as typed, outlined, and reported (``problemFound``, :meth:`input_problem`)
    instead of being dropped. ``value()`` returns a ``date`` or None (empty or unreadable); ``setValue(None)``
    empties it. Dates outside ``minimum``..``maximum`` are refused the same way.

    While the field is empty the calendar opens on ``start_page`` (e.g. 35 years ago for dates of birth),
    or on the year already typed; with a date, on that date. Without ``start_page``: today, kept in range.
    """

    valueChanged = Signal(object)  # noqa: N815 (Qt naming): the date (or None) after each edit
    problemFound = Signal(str)  # noqa: N815 (Qt naming): unreadable text when the field is left

    def __init__(self, minimum: date, maximum: date, *, empty_text: str | None = None,
                 start_page: date | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self._minimum, self._maximum = minimum, maximum
        self._start_page = start_page
        empty_text = self.tr("Not entered") if empty_text is None else empty_text
        self._empty_text = empty_text
        self.setPlaceholderText(empty_text)
        self.setToolTip(typing_hint())
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("00 MMM 0000") + 48)
        self._popup: QCalendarWidget | None = None
        self.calendar_action = QAction(_calendar_icon(), self.tr("Pick from the calendar"), self)
        self.calendar_action.setToolTip(self.tr("Pick from the calendar (F4)"))
        self.calendar_action.triggered.connect(self.open_calendar)
        self.addAction(self.calendar_action, QLineEdit.ActionPosition.TrailingPosition)
        self.textChanged.connect(lambda _t: self.valueChanged.emit(self.value()))
        self.editingFinished.connect(self._tidy)

    # ----- value

    def minimum(self) -> date:
        """The earliest date accepted."""
        return self._minimum

    def maximum(self) -> date:
        """The latest date accepted."""
        return self._maximum

    def _read(self) -> date:
        chosen = parse_typed_date(self.text())
        if not self._minimum <= chosen <= self._maximum:
            raise ValueError(self.tr("Choose a date between {first} and {last}.").format(
                first=short_day(self._minimum), last=short_day(self._maximum)))
        return chosen

    def value(self) -> date | None:
        """The date entered, or None when the field is empty ("Not entered") or not readable as a date."""
        if not self.text().strip():
            return None
        try:
            return self._read()
        except ValueError:
            return None

    def input_problem(self) -> str | None:
        """Why the typed text is not a usable date, or None (empty or a good date)."""
        if not self.text().strip():
            return None
        try:
            self._read()
        except ValueError as exc:
            return str(exc)
        return None

    def setValue(self, value: date | None) -> None:  # noqa: N802 (Qt naming)
        """Show ``value`` (None: "Not entered")."""
        self.setText(short_day(value) if value else "")

    def set_start_page(self, day: date | None) -> None:
        """The month the calendar opens on while the field is empty."""
        self._start_page = day

    def _tidy(self) -> None:
        """Leaving the field: show the date as read ("04 Feb 2001"), or report text that is not a date."""
        if self._popup is not None and self._popup.isVisible():
            return  # the calendar took the focus; the field is not finished yet
        problem = self.input_problem()
        if problem:
            self.problemFound.emit(problem)
            return
        chosen = self.value()
        if chosen is not None and self.text() != short_day(chosen):
            self.setValue(chosen)

    # ----- calendar

    def calendar_page(self) -> date:
        """The day the calendar opens on now: the date entered, the year typed, the start page, or today."""
        chosen = self.value()
        if chosen is None:
            typed_year = re.search(r"\b(1[89]\d\d|2[01]\d\d)\b", self.text())
            base = self._start_page or date.today()
            if typed_year:
                chosen = date(int(typed_year.group(1)), 1 if self._start_page is None else base.month, 1)
            else:
                chosen = base
        return min(max(chosen, self._minimum), self._maximum)

    def calendar(self) -> QCalendarWidget:
        """The calendar pop-up (built on first use)."""
        if self._popup is None:
            popup = QCalendarWidget(self)
            popup.setWindowFlags(Qt.WindowType.Popup)
            popup.setGridVisible(False)
            popup.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
            popup.setDateRange(QDate(self._minimum), QDate(self._maximum))
            popup.clicked.connect(self._picked)
            popup.activated.connect(self._picked)
            self._popup = popup
        return self._popup

    def open_calendar(self) -> QCalendarWidget:
        """Show the calendar under the field, on :meth:`calendar_page`; a click fills the field."""
        popup = self.calendar()
        page = self.calendar_page()
        popup.setSelectedDate(QDate(page))
        popup.setCurrentPage(page.year, page.month)
        popup.adjustSize()
        popup.move(self.mapToGlobal(QPoint(0, self.height())))
        popup.show()
        popup.setFocus()
        return popup

    def _picked(self, day: QDate) -> None:
        self.setValue(day.toPython())
        if self._popup is not None:
            self._popup.hide()
        self.setFocus()

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt override)
        """F4 or Alt+Down opens the calendar; everything else types."""
        if event.key() == Qt.Key.Key_F4 or (
                event.key() == Qt.Key.Key_Down and event.modifiers() & Qt.KeyboardModifier.AltModifier):
            self.open_calendar()
            return
        super().keyPressEvent(event)


def grow_to_fit(dialog: QWidget) -> None:
    """Grow ``dialog`` (never shrink it) so every field and message shows in full; connect it to a
    :class:`FieldErrors`' ``changed`` signal so a long message never ends up cut off."""
    layout = dialog.layout()
    if layout is None:
        return
    layout.invalidate()
    layout.activate()
    width = max(dialog.width(), dialog.minimumSizeHint().width())
    needed = layout.totalHeightForWidth(width) if layout.hasHeightForWidth() else -1
    # at the dialog's own width (its size hint is worked out at a narrower one, where messages wrap more)
    height = max(needed, layout.totalMinimumSize().height()) if needed > 0 else max(
        layout.totalMinimumSize().height(), dialog.sizeHint().height())
    if dialog.height() < height:
        dialog.resize(width, height)


def fit_to_screen(widget: QWidget, width: int | None = None, height: int | None = None) -> None:
    """Resize ``widget`` (a dialog) to ``width`` × ``height`` (default: its size hint), kept inside the
    screen's available area with room for the window frame, so a 1024×700 screen shows it whole; a form
    taller than that scrolls (see :func:`scrolling_form`)."""
    from PySide6.QtGui import QGuiApplication

    hint = widget.sizeHint()
    screen = widget.screen() or QGuiApplication.primaryScreen()
    area = screen.availableGeometry()
    widget.resize(min(width or hint.width(), area.width() - 24), min(height or hint.height(), area.height() - 48))


def scrolling_form(content: Any) -> QWidget:
    """``content`` (a layout, e.g. a QFormLayout) in a frameless scroll area that shows all of it when there
    is room and scrolls vertically when the screen is too low (a 1024×700 screen)."""
    from PySide6.QtWidgets import QFrame, QScrollArea

    inner = QWidget()
    inner.setLayout(content)
    area = QScrollArea()
    area.setWidget(inner)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def hint() -> Any:
        from PySide6.QtCore import QSize

        wanted = inner.sizeHint()
        bar = area.verticalScrollBar().sizeHint().width()
        return QSize(wanted.width() + bar, wanted.height() + 2)

    area.sizeHint = hint  # type: ignore[method-assign] (its whole content, not Qt's 24-line cap)
    area.setMinimumWidth(inner.minimumSizeHint().width() + area.verticalScrollBar().sizeHint().width())
    return area


# ---------------------------------------------------------------- slips: Enter and discarding typed work


def only_own_default(dialog: QWidget, own: QAbstractButton | None = None) -> None:
    """Make ``own`` (the form's Save, or None) the only button Enter can press in ``dialog``.

    Qt gives a dialog's first "auto-default" push button the default role when it is shown, so Enter in
    any text field pressed it (e.g. "Change role" in Staff accounts, "All well" in a follow-up). Call this
    at the end of a dialog's ``__init__``, after every button exists: all other push buttons lose their
    auto-default, so Enter in a field presses ``own`` or nothing; Space still presses a focused button.
    """
    for button in dialog.findChildren(QPushButton):
        mine = button is own
        button.setAutoDefault(mine)
        button.setDefault(mine)


def confirm_discard(parent: QWidget | None) -> bool:
    """Ask "Discard what you typed?" (buttons Discard / Keep editing, Keep editing the default and the
    answer to Escape); True when the user chose Discard. Tests answer by patching ``QMessageBox.exec``
    to return ``QMessageBox.StandardButton.Discard`` or ``.Cancel`` (the "Keep editing" button).
    While the program closes on a signal (``ui/common/shutdown.py``) nobody is asked: True."""
    from clinic_desktop.ui.common.shutdown import shutting_down

    if shutting_down():
        return True
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    from PySide6.QtCore import QCoreApplication

    # literal calls: lupdate files a string under its context only when it sees translate("Context", "…")
    question = QCoreApplication.translate("DiscardGuard", "Discard what you typed?")
    box.setWindowTitle(question)
    box.setText(question)
    box.setInformativeText(QCoreApplication.translate(
        "DiscardGuard", "What you typed in this form is not saved yet. If you discard it, it is gone."))
    box.setStandardButtons(QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel)
    keep = box.button(QMessageBox.StandardButton.Cancel)
    keep.setText(QCoreApplication.translate("DiscardGuard", "Keep editing"))
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.setEscapeButton(keep)
    return box.exec() == QMessageBox.StandardButton.Discard


def input_snapshot(root: QWidget) -> tuple[Any, ...]:
    """What can be typed or chosen in ``root`` and its children, in a comparable form: the text of every
    editable line or text box, the text of spin and date boxes, the choice of combo boxes and the state of
    check boxes (a product row added or removed changes it too)."""
    values: list[Any] = []
    for widget in root.findChildren(QWidget):
        if isinstance(widget, QLineEdit):
            values.append(("line", widget.text()))
        elif isinstance(widget, QPlainTextEdit | QTextEdit):
            values.append(("text", widget.toPlainText()))
        elif isinstance(widget, QAbstractSpinBox):
            values.append(("spin", widget.text()))
        elif isinstance(widget, QComboBox):
            values.append(("combo", widget.currentIndex(), widget.currentText()))
        elif isinstance(widget, QAbstractButton) and widget.isCheckable():
            values.append(("check", widget.isChecked()))
    return tuple(values)


class DiscardGuard:
    """Mixin for a form dialog (put it before QDialog): Escape, Cancel and the window's close button all
    call ``reject()``, which first asks :func:`confirm_discard` when :meth:`has_unsaved_changes`; on
    "Keep editing" the dialog stays open with everything typed. Call :meth:`mark_clean` at the end of
    ``__init__`` (what the form showed then is "nothing typed"); a form may override
    :meth:`has_unsaved_changes` with its own rule."""

    _discard_baseline: tuple[Any, ...] | None = None

    def mark_clean(self) -> None:
        """Take what the form shows now as the state with nothing typed."""
        self._discard_baseline = input_snapshot(self)  # type: ignore[arg-type]

    def has_unsaved_changes(self) -> bool:
        """True when any field differs from what it showed at :meth:`mark_clean`."""
        return self._discard_baseline is not None and input_snapshot(self) != self._discard_baseline  # type: ignore[arg-type]

    def reject(self) -> None:
        """Close without saving; typed work is asked about first (stays open on "Keep editing")."""
        if self.has_unsaved_changes() and not confirm_discard(self):  # type: ignore[arg-type]
            return
        super().reject()  # type: ignore[misc]


# ----------------------------------------------------------------------------------- waiting times


def plural(translated: str, n: int) -> str:
    """Finish a ``%n`` plural, ``plural(self.tr("%n day(s)", "", n), n)``: without a translation loaded Qt
    leaves the "(s)", so the English reads "1 day" / "2 days" all the same (a translation has no "(s)")."""
    if "(s)" in translated:
        translated = translated.replace("(s)", "" if n == 1 else "s")
    return translated


class WaitEdit(QLineEdit):
    """A waiting time typed as words: "5 days", "36 h", "1 day 12 h", "5 jours", "1 jour 12 h" (or a bare
    number, in the field's unit: days with ``in_days``, hours otherwise). ``value()`` is always in hours.

    Short waits read "12 hours"; with ``in_days`` (long waits) "21 days (504 h)" and Up/Down step a whole day
    (an hour otherwise). When the field is left (or Enter is pressed) a readable wait is rewritten the way
    the field shows it; text that is not a wait, or a wait below :meth:`minimum` (the protocol's minimum),
    stays as typed, outlined, and explains itself (``problemFound``, :meth:`input_problem`) — never snapped
    back. ``valueChanged(int)`` fires with each readable wait while typing. Reading is
    :func:`clinic_desktop.services.durations.parse_wait`.
    """

    valueChanged = Signal(int)  # noqa: N815 (Qt naming): hours, after each edit that reads as a wait
    problemFound = Signal(str)  # noqa: N815 (Qt naming): why the text is not a usable wait, when left

    def __init__(self, in_days: bool, parent: QWidget | None = None):
        super().__init__(parent)
        from clinic_desktop.services.durations import MAX_WAIT_HOURS

        self.in_days = in_days
        self._language: str | None = None  # None: the window's; see set_language
        self._minimum, self._maximum = 0, MAX_WAIT_HOURS
        self._step = 24 if in_days else 1
        self._last: int | None = None
        self.setPlaceholderText(self.tr("e.g. 5 days, 36 h or 1 day 12 h"))
        self.textChanged.connect(self._typed)
        self.editingFinished.connect(self._tidy)

    # ----- what the field shows

    def set_language(self, language: str | None) -> None:
        """Show waits in ``language`` ("fr": "12 heures", "en": "12 hours"; None: the window's), e.g. the
        sheet's in the sheet preview; a readable wait already shown is rewritten in it. Typing is read in
        either language whatever this is; the field's explanations (:meth:`input_problem`) stay in the
        window's language, for the person at the desk."""
        hours = self.value()
        rewrite = hours is not None and self.text() == self.textFromValue(hours)
        self._language = language
        if rewrite:
            self.setValue(hours)

    def _shown(self, window_text: str, source: str, n: int = -1) -> str:
        """``window_text`` (``self.tr(source)``, written out so that lupdate sees it) or, when the field speaks
        another language than the window, ``source`` in that language."""
        from clinic_desktop.ui.common import i18n

        if self._language is None or self._language == i18n.current_language():
            text = window_text
        else:
            text = i18n.translate_in(self._language, "WaitEdit", source, n)
        return plural(text, n) if n >= 0 else text

    def hours_text(self, hours: int) -> str:
        """``hours`` in words: "12 hours", "2 days", "1 day 12 h" (as the person may also type them), in the
        field's language (:meth:`set_language`)."""
        if hours < 24:
            return self._shown(self.tr("%n hour(s)", "", hours), "%n hour(s)", hours)
        days, rest = divmod(hours, 24)
        whole = self._shown(self.tr("%n day(s)", "", days), "%n day(s)", days)
        if not rest:
            return whole
        return self._shown(self.tr("{days} {hours} h"), "{days} {hours} h").format(days=whole, hours=rest)

    def textFromValue(self, hours: int) -> str:  # noqa: N802 (QSpinBox's name, kept for callers)
        """What the field shows for ``hours``: "12 hours", or "21 days (504 h)" with ``in_days``, in the
        field's language (:meth:`set_language`)."""
        if not self.in_days:
            return self._shown(self.tr("%n hour(s)", "", hours), "%n hour(s)", hours)
        return self._shown(self.tr("{wait} ({hours} h)"), "{wait} ({hours} h)").format(
            wait=self.hours_text(hours), hours=hours)

    def describe(self, hours: int) -> str:
        """``hours`` for a sentence: "48 hours (2 days)", "12 hours"."""
        if hours < 24:
            return plural(self.tr("%n hour(s)", "", hours), hours)
        days, rest = divmod(hours, 24)
        whole = plural(self.tr("%n day(s)", "", days), days)
        if rest:
            whole = self.tr("{days} {hours} h").format(days=whole, hours=rest)
        return self.tr("{hours} hours ({days})").format(hours=hours, days=whole)

    # ----- value and range (as a QSpinBox's)

    def setRange(self, minimum: int, maximum: int) -> None:  # noqa: N802 (Qt naming)
        """The protocol's minimum and the longest wait allowed, in hours."""
        self._minimum, self._maximum = minimum, max(minimum, maximum)

    def minimum(self) -> int:
        """The shortest wait accepted (hours): the protocol's minimum."""
        return self._minimum

    def maximum(self) -> int:
        """The longest wait accepted (hours)."""
        return self._maximum

    def singleStep(self) -> int:  # noqa: N802 (Qt naming)
        """Hours added by Up or taken by Down: a day with ``in_days``, else an hour."""
        return self._step

    def _parse(self) -> int:
        from clinic_desktop.services.durations import parse_wait

        return parse_wait(self.text(), bare_unit_hours=24 if self.in_days else 1)

    def value(self) -> int | None:
        """The wait typed, in hours (also when below the minimum: :meth:`input_problem` says so), or None when
        the text is not a wait."""
        from clinic_desktop.services.durations import WaitError

        try:
            return self._parse()
        except WaitError:
            return None

    def setValue(self, hours: int) -> None:  # noqa: N802 (Qt naming)
        """Show ``hours`` the way the field shows waits."""
        self.setText(self.textFromValue(hours))

    def input_problem(self) -> str | None:
        """Why the text is not a usable wait (not a wait; shorter than the protocol's minimum; too long), or
        None."""
        from clinic_desktop.services.durations import WaitError

        try:
            hours = self._parse()
        except WaitError as exc:
            return str(exc)
        if hours < self._minimum:
            return self.tr("The protocol's minimum is {minimum}: a wait can be lengthened, not shortened."
                           ).format(minimum=self.describe(self._minimum))
        if hours > self._maximum:
            return self.tr("The longest wait that can be set here is {maximum}.").format(
                maximum=self.describe(self._maximum))
        return None

    def _typed(self, _text: str) -> None:
        hours = self.value()
        if hours is not None and hours != self._last:
            self._last = hours
            self.valueChanged.emit(hours)

    def _tidy(self) -> None:
        problem = self.input_problem()
        if problem:
            self.problemFound.emit(problem)
            return
        hours = self.value()
        if hours is not None and self.text() != self.textFromValue(hours):
            self.setValue(hours)

    # ----- stepping with the arrows

    def stepBy(self, steps: int) -> None:  # noqa: N802 (Qt naming)
        """Add ``steps`` × :meth:`singleStep` hours, kept between :meth:`minimum` and :meth:`maximum`."""
        if self.isReadOnly():
            return
        current = self.value()
        base = self._minimum if current is None else current
        self.setValue(min(max(base + steps * self._step, self._minimum), self._maximum))

    def stepUp(self) -> None:  # noqa: N802 (Qt naming)
        """One step longer."""
        self.stepBy(1)

    def stepDown(self) -> None:  # noqa: N802 (Qt naming)
        """One step shorter (never below the minimum)."""
        self.stepBy(-1)

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt override)
        """Up / Down (and Page Up / Page Down, a week in days) step the wait; everything else types."""
        steps = {Qt.Key.Key_Up: 1, Qt.Key.Key_Down: -1, Qt.Key.Key_PageUp: 7, Qt.Key.Key_PageDown: -7}
        if event.key() in steps:
            self.stepBy(steps[event.key()] if self.in_days or abs(steps[event.key()]) == 1
                        else steps[event.key()] // 7 * 24)
            return
        super().keyPressEvent(event)


# ----------------------------------------------------------------------------------- deliberate choices


class DeliberateComboBox(QComboBox):
    """A drop-down list whose choice changes only by a deliberate action: the arrow keys (Up, Down, Home,
    End, Page Up/Down), or the pop-up list (a click, or Space / F4 / Alt+Down to open it, then Enter).

    A plain QComboBox chooses the first item starting with a typed letter, so a space or a word typed with
    the focus in the wrong place silently changed a clinical choice (a complication's kind); and the mouse
    wheel changes it while scrolling the form. Here typed characters and the wheel do nothing.
    """

    _CHOOSING_KEYS = frozenset({Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_Home, Qt.Key.Key_End,
                                Qt.Key.Key_PageUp, Qt.Key.Key_PageDown, Qt.Key.Key_F4, Qt.Key.Key_Tab,
                                Qt.Key.Key_Backtab, Qt.Key.Key_Escape, Qt.Key.Key_Return, Qt.Key.Key_Enter})

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt override)
        """Arrows choose; Space opens the list; any other typed character is ignored (passed on unused)."""
        if event.key() == Qt.Key.Key_Space and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            self.showPopup()
            return
        if event.key() in self._CHOOSING_KEYS or (event.modifiers() & (Qt.KeyboardModifier.ControlModifier
                                                                          | Qt.KeyboardModifier.AltModifier)):
            super().keyPressEvent(event)
            return
        event.ignore()  # a typed letter or space: no keyboard search, the choice stays

    def keyboardSearch(self, text: str) -> None:  # noqa: N802 (Qt override)
        """No choosing by typed text."""

    def wheelEvent(self, event) -> None:  # noqa: N802 (Qt override)
        """The wheel scrolls the form, never the choice."""
        event.ignore()


def show_permitted(build: Callable[[], QWidget], parent: QWidget | None, title: str) -> QWidget | None:
    """Build a non-modal dialog with ``build()`` and show it; when the service refuses the person
    (``PermissionDenied``), tell them why in a message box titled ``title`` and return None."""
    from PySide6.QtWidgets import QMessageBox

    from clinic_desktop.services.errors import PermissionDenied  # loads the database stack: not at start-up

    try:
        dialog = build()
    except PermissionDenied as exc:
        QMessageBox.information(parent, title, str(exc))
        return None
    dialog.show()
    return dialog
