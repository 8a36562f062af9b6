"""Showing a service's ValidationError next to the fields it names (shared by every form dialog).

How to use it in a dialog::

    errors = FieldErrors(self)                      # one per form
    name = QLineEdit()
    form.addRow("Name", errors.wrap("name", name))  # the field with a red message label under it
    ...
    ok, row = errors.call(engine, lambda session: services.x.create(session, actor=..., data=...))
    if not ok:                                      # a ValidationError: red label under each named field,
        return                                      # field outlined, focus on the first wrong one; any other
    self.accept()                                   # ClinicError in the general label; the dialog stays open

Keys are the service's field names (``"given_names"``, ``"products[0].expiry_date"``). A widget can be
registered without a label of its own (``register(key, widget, label=shared_label)``): several fields then
share one message label, e.g. the rows of a product table. Messages for keys nobody registered go to the
``general`` label (call :meth:`general_label` and put it in the dialog) so no error is ever silently lost.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, timedelta
from typing import TypeVar

from PySide6.QtCore import QDate, QObject
from PySide6.QtWidgets import QDateEdit, QLabel, QVBoxLayout, QWidget
from sqlalchemy import Engine
from sqlmodel import Session

from clinic_desktop.services.errors import ClinicError, ValidationError

T = TypeVar("T")

ERROR_COLOUR = "#b3261e"
_ERROR_STYLE = f"color: {ERROR_COLOUR};"
_INVALID_PROPERTY = "invalid"
# an outline on any field marked invalid; applied by the dialogs that use FieldErrors (see apply_style)
FIELD_ERROR_QSS = f"""
*[invalid="true"] {{ border: 2px solid {ERROR_COLOUR}; border-radius: 3px; }}
"""


def error_label() -> QLabel:
    """A hidden, word-wrapped red label for field messages."""
    label = QLabel()
    label.setStyleSheet(_ERROR_STYLE)
    label.setWordWrap(True)
    label.setVisible(False)
    label.setProperty("role", "field-error")
    return label


def _mark(widget: QWidget, invalid: bool) -> None:
    if bool(widget.property(_INVALID_PROPERTY)) == invalid:
        return
    widget.setProperty(_INVALID_PROPERTY, invalid)
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
    widget.update()


class FieldErrors(QObject):
    """Maps service field names to widgets and message labels; shows and clears errors.

    ``parent`` is the dialog: its style sheet gets :data:`FIELD_ERROR_QSS` so wrong fields are outlined.
    """

    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self._fields: dict[str, tuple[QWidget, QLabel]] = {}
        self._general = error_label()
        self._shown: list[QWidget] = []
        parent.setStyleSheet(parent.styleSheet() + FIELD_ERROR_QSS)

    def wrap(self, key: str, widget: QWidget) -> QWidget:
        """Register ``widget`` for ``key``; return a container: the widget with its message label under it."""
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(widget)
        label = error_label()
        layout.addWidget(label)
        box.setFocusProxy(widget)  # a form label's mnemonic (buddy) reaches the field
        self.register(key, widget, label)
        return box

    def register(self, key: str, widget: QWidget, label: QLabel | None = None) -> None:
        """Show errors for ``key`` on ``widget`` and in ``label`` (default: the general label)."""
        self._fields[key] = (widget, label or self._general)

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

    def clear(self) -> None:
        """Hide every message and remove every outline."""
        for widget, label in self._fields.values():
            _mark(widget, False)
            label.clear()
            label.setVisible(False)
        self._general.clear()
        self._general.setVisible(False)
        self._shown = []

    def show(self, errors: Mapping[str, str]) -> None:
        """Show ``errors`` (field name -> message): text under each field, field outlined, focus on the first.

        Keys nobody registered go to the general label. Earlier messages are cleared first.
        """
        self.clear()
        texts: dict[int, list[str]] = {}
        labels: dict[int, QLabel] = {}
        first: QWidget | None = None
        for key, message in errors.items():
            widget, label = self._fields.get(key, (None, self._general))
            if widget is not None:
                _mark(widget, True)
                self._shown.append(widget)
                if first is None:
                    first = widget
            texts.setdefault(id(label), []).append(message)
            labels[id(label)] = label
        for key_id, label in labels.items():
            label.setText("\n".join(texts[key_id]))
            label.setVisible(True)
        if first is not None:
            first.setFocus()

    def show_message(self, message: str) -> None:
        """Show one message not tied to a field (e.g. a PermissionDenied) in the general label."""
        self.clear()
        self._general.setText(message)
        self._general.setVisible(True)

    def call(self, engine: Engine, action: Callable[[Session], T]) -> tuple[bool, T | None]:
        """Run a service call ``action(session)`` in a fresh database session and show what went wrong.

        Returns ``(True, result)`` after clearing earlier messages, or ``(False, None)`` after showing a
        ValidationError at its fields (or any other ClinicError, e.g. PermissionDenied, in the general label).
        Nothing is written when the service refuses: each service commits only on success.
        """
        try:
            with Session(engine, expire_on_commit=False) as session:
                result = action(session)
        except ValidationError as exc:
            self.show(exc.errors)
            return False, None
        except ClinicError as exc:
            self.show_message(str(exc))
            return False, None
        self.clear()
        return True, result

    def invalid_widgets(self) -> list[QWidget]:
        """Widgets currently outlined as wrong (in the order of the errors shown)."""
        return list(self._shown)


class OptionalDateEdit(QDateEdit):
    """A date field that can be explicitly empty: it starts as "Not entered" (never silently today).

    The day before ``minimum`` is the "not entered" value (shown as ``empty_text``). ``value()`` returns a
    ``date`` or None; ``setValue(None)`` empties it. ``start_page`` is the month the calendar opens on while
    the field is empty (e.g. 1985-01 for dates of birth).
    """

    def __init__(self, minimum: date, maximum: date, *, empty_text: str = "Not entered",
                 start_page: date | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self._sentinel = minimum - timedelta(days=1)
        self._start_page = start_page
        self.setDisplayFormat("dd MMM yyyy")
        self.setCalendarPopup(True)
        self.setDateRange(QDate(self._sentinel), QDate(maximum))
        self.setSpecialValueText(empty_text)
        self.setDate(QDate(self._sentinel))
        self.calendarWidget().setGridVisible(False)

    def value(self) -> date | None:
        """The date entered, or None when the field says "Not entered"."""
        chosen = self.date().toPython()
        return None if chosen <= self._sentinel else chosen

    def setValue(self, value: date | None) -> None:  # noqa: N802 (Qt naming)
        """Show ``value`` (None: "Not entered")."""
        self.setDate(QDate(value or self._sentinel))

    def mousePressEvent(self, event):  # noqa: N802 (Qt override)
        if self.value() is None and self._start_page is not None:
            self.calendarWidget().setCurrentPage(self._start_page.year, self._start_page.month)
        super().mousePressEvent(event)
