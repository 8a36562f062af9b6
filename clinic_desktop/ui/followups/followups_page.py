"""The Follow-ups page: overdue, due today and upcoming follow-ups with the patient's phone at hand.

A table model fed one page at a time from SQL (:func:`clinic_desktop.services.followups.list_page`):
the database sorts (a header click is a new query) and pages (``canFetchMore`` / ``fetchMore`` as the list
is scrolled); every query runs on the thread pool, so the window never waits on a list of any size, and
``data()`` only reads row tuples made once per row. "All well" on the selected row is one click and
removes that one line; Enter (or a double-click, or "Open…") shows the follow-up dialog. A practitioner's
page opens on their own patients ("My patients"), switchable to everyone's.
Layout only: data comes from :mod:`clinic_desktop.services.followups`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QEvent,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from shiboken6 import isValid

from clinic_desktop.models import FollowUpKind, Role
from clinic_desktop.services import followups
from clinic_desktop.services.errors import ClinicError, ConflictError
from clinic_desktop.services.permissions import Permission, allowed
from clinic_desktop.services.treatments import practitioners
from clinic_desktop.ui.common.workers import run_in_background

_Index = QModelIndex | QPersistentModelIndex
#: Rows fetched per query (one screen is about 25).
PAGE_SIZE = 100


def _qdate(d: Any) -> QDate:
    return QDate(d.year, d.month, d.day)


class FollowUpTableModel(QAbstractTableModel):
    """The loaded rows of the list. ``rows`` holds the :class:`~clinic_desktop.services.followups.DueFollowUp`
    lines in the order the database gave; ``Qt.UserRole`` gives the row object. The display texts of a row
    are made once, when it arrives (``data()`` only indexes a tuple). ``total`` is the number of matching
    follow-ups (None until counted); ``sort_keys`` maps a column to the
    :class:`~clinic_desktop.services.followups.SortKey` a header click asks the database for.

    ``fetch_more(offset)`` is called (by the page) when the view scrolls to the end and more rows may exist;
    ``sort_requested(key, descending)`` when a header is clicked.
    """

    COL_WHEN, COL_DUE, COL_PATIENT, COL_PHONE, COL_KIND, COL_TREATMENT, COL_PRACTITIONER, COL_ATTEMPTS = range(8)
    SORT_KEYS = (followups.SortKey.when, followups.SortKey.when, followups.SortKey.patient, followups.SortKey.phone,
                 followups.SortKey.kind, followups.SortKey.treatment, followups.SortKey.practitioner,
                 followups.SortKey.attempts)

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self.rows: list[followups.DueFollowUp] = []
        self._texts: list[tuple[str, ...]] = []
        self.total: int | None = None
        self.more = False  # the last page was full: there may be more rows in the database
        self.fetcher: Callable[[int], None] | None = None
        self.sorter: Callable[[followups.SortKey, bool], None] | None = None
        self._fetching = False
        self.busy: set[int] = set()  # follow-ups being recorded on the thread pool: shown greyed, not selectable
        self._headers = (self.tr("When"), self.tr("Due"), self.tr("Patient"), self.tr("Phone"),
                         self.tr("Follow-up"), self.tr("Treatment"), self.tr("Practitioner"), self.tr("Not reached"))
        self._kinds = {FollowUpKind.phone_check: self.tr("Phone check"), FollowUpKind.review: self.tr("Review"),
                       FollowUpKind.complication_check: self.tr("Complication check")}
        self._overdue = QBrush(QColor("#b3261e"))
        self._today = QBrush(QColor("#1d5c8c"))
        self._bold = QFont()
        self._bold.setBold(True)
        self._locale = QLocale()

    # ------------------------------------------------------------------ filling

    def kind_label(self, kind: FollowUpKind) -> str:
        """"Phone check", "Review", "Complication check" (translated)."""
        return self._kinds[FollowUpKind(kind)]

    def when_text(self, row: followups.DueFollowUp) -> str:
        """"3 days overdue", "Today", "In 2 days"."""
        if row.days_late > 0:
            return self.tr("%n day(s) overdue", "", row.days_late)
        if row.days_late == 0:
            return self.tr("Today")
        return self.tr("In %n day(s)", "", -row.days_late)

    def _row_texts(self, row: followups.DueFollowUp) -> tuple[str, ...]:
        loc = self._locale
        return (self.when_text(row), loc.toString(_qdate(row.due_date), "ddd d MMM"), row.patient_name, row.phone,
                self.kind_label(row.kind),
                self.tr("{treatment}, {date}").format(treatment=row.treatment_name,
                                                      date=loc.toString(_qdate(row.treatment_date), "d MMM")),
                row.practitioner_name,
                self.tr("×%n", "", row.attempts) if row.attempts else "")

    def set_rows(self, rows: list[followups.DueFollowUp], *, more: bool = False, total: int | None = None) -> None:
        """Replace every row (a new filter, sort or refresh); ``more``: further pages may follow."""
        self.beginResetModel()
        self.rows = list(rows)
        self._texts = [self._row_texts(r) for r in self.rows]
        self.more = more
        self._fetching = False
        if total is not None:
            self.total = total
        self.endResetModel()

    def append_rows(self, rows: list[followups.DueFollowUp], *, more: bool) -> None:
        """Add the next page at the end (rows already listed are skipped)."""
        self._fetching = False
        self.more = more
        known = {r.follow_up_id for r in self.rows}
        rows = [r for r in rows if r.follow_up_id not in known]
        if not rows:
            return
        first = len(self.rows)
        self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
        self.rows.extend(rows)
        self._texts.extend(self._row_texts(r) for r in rows)
        self.endInsertRows()

    def row_of(self, follow_up_id: int) -> int:
        """The row showing ``follow_up_id``, or -1."""
        return next((i for i, r in enumerate(self.rows) if r.follow_up_id == follow_up_id), -1)

    def remove_follow_up(self, follow_up_id: int) -> followups.DueFollowUp | None:
        """Take the line of ``follow_up_id`` out (it was recorded); returns it (None when not listed)."""
        i = self.row_of(follow_up_id)
        if i < 0:
            return None
        self.beginRemoveRows(QModelIndex(), i, i)
        row = self.rows.pop(i)
        del self._texts[i]
        if self.total is not None:
            self.total = max(0, self.total - 1)
        self.endRemoveRows()
        return row

    def set_busy(self, follow_up_id: int, busy: bool) -> None:
        """Grey out (``busy``) or give back the line of ``follow_up_id`` while it is being recorded."""
        if busy:
            self.busy.add(follow_up_id)
        else:
            self.busy.discard(follow_up_id)
        i = self.row_of(follow_up_id)
        if i >= 0:
            self.dataChanged.emit(self.index(i, 0), self.index(i, self.columnCount() - 1))

    def replace_follow_up(self, row: followups.DueFollowUp) -> bool:
        """Show ``row`` in place of the line with the same follow-up; False when it is not listed."""
        i = self.row_of(row.follow_up_id)
        if i < 0:
            return False
        self.rows[i] = row
        self._texts[i] = self._row_texts(row)
        self.dataChanged.emit(self.index(i, 0), self.index(i, self.columnCount() - 1))
        return True

    # ------------------------------------------------------------------ Qt model API

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008 (Qt API)
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008 (Qt API)
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self._headers[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r, column = index.row(), index.column()
        if not 0 <= r < len(self.rows):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._texts[r][column]
        if role == Qt.ItemDataRole.UserRole:
            return self.rows[r]
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == self.COL_WHEN:
                return self._texts[r][self.COL_DUE]  # the date, when the Due column is left out
            if column == self.COL_ATTEMPTS and self.rows[r].attempts:
                return self.tr("Not reached %n time(s)", "", self.rows[r].attempts)
            if column in (self.COL_PATIENT, self.COL_KIND, self.COL_TREATMENT, self.COL_PRACTITIONER):
                return self._texts[r][column]  # the whole text when the column is too narrow for it
        if role == Qt.ItemDataRole.ForegroundRole and column == self.COL_WHEN:
            bucket = self.rows[r].bucket
            if bucket == followups.Bucket.overdue:
                return self._overdue
            if bucket == followups.Bucket.today:
                return self._today
        if role == Qt.ItemDataRole.FontRole and (
                column == self.COL_PHONE
                or (column == self.COL_WHEN and self.rows[r].bucket != followups.Bucket.upcoming)):
            return self._bold
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if index.isValid() and 0 <= index.row() < len(self.rows) and self.rows[index.row()].follow_up_id in self.busy:
            return Qt.ItemFlag.NoItemFlags  # being recorded: greyed, cannot be chosen again
        return super().flags(index)

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: N802, B008 (Qt API)
        return not parent.isValid() and self.more and not self._fetching and self.fetcher is not None

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: N802, B008 (Qt API)
        if self.canFetchMore(parent):
            self._fetching = True
            self.fetcher(len(self.rows))  # type: ignore[misc]

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """A header click: ask the database for the list in that order (the rows arrive later)."""
        if self.sorter is not None and 0 <= column < len(self.SORT_KEYS):
            self.sorter(self.SORT_KEYS[column], order == Qt.SortOrder.DescendingOrder)


class _EnterOpens(QObject):
    """Enter or Return on the table opens the selected row's follow-up dialog."""

    def __init__(self, action: Callable[[], None], parent: QObject):
        super().__init__(parent)
        self._action = action

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) and event.key() in (
                Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            self._action()
            return True
        return False


class FollowUpsPage(QWidget):
    """The Follow-ups page of the main window (``window.workspace``, ``window.current_staff()``).

    ``loaded`` fires on the UI thread each time a page of rows (or the counts) has arrived.
    """

    loaded = Signal()

    def __init__(self, window: Any):
        super().__init__()
        self.window_ = window
        self.workspace = window.workspace
        self._generation = 0  # bumped by every new query; late answers of older ones are dropped
        self._pending = 0  # queries on the thread pool
        self._rereading = 0  # single lines being read again (after a dialog or a conflict)
        self._select_after_load: int | None = None
        self._actor_id: int | None = None
        self.sort_key = followups.SortKey.when
        self.descending = False
        self.counts_value: followups.BucketCounts | None = None

        self.model = FollowUpTableModel(self)
        self.model.fetcher = self._fetch_more
        self.model.sorter = self._sort
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setAccessibleName(self.tr("Follow-ups"))
        self._size_columns()
        header = self.table.horizontalHeader()
        header.setSortIndicator(FollowUpTableModel.COL_WHEN, Qt.SortOrder.AscendingOrder)
        header.setSortIndicatorShown(True)
        header.setSectionsClickable(True)
        header.sortIndicatorChanged.connect(self.model.sort)
        self.table.doubleClicked.connect(lambda _i: self.open_selected())
        self._enter = _EnterOpens(self.open_selected, self)
        self.table.installEventFilter(self._enter)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())

        self.practitioner = QComboBox()
        self.practitioner.setAccessibleName(self.tr("Practitioner"))
        self.show_filter = QComboBox()
        self.show_filter.setAccessibleName(self.tr("Show"))
        for label, bucket in ((self.tr("Overdue, today and upcoming"), None),
                              (self.tr("Overdue"), followups.Bucket.overdue),
                              (self.tr("Due today"), followups.Bucket.today),
                              (self.tr("Upcoming (%n day(s))", "", followups.UPCOMING_DAYS),
                               followups.Bucket.upcoming)):
            self.show_filter.addItem(label, bucket)
        self.practitioner.currentIndexChanged.connect(lambda _i: self.refresh())
        self.show_filter.currentIndexChanged.connect(lambda _i: self.refresh())
        self.counts = QLabel()
        self.all_well_button = QPushButton(self.tr("All well"))
        self.open_button = QPushButton(self.tr("Open…"))
        self.open_button.setToolTip(self.tr("Open the selected follow-up (Enter)"))
        self.recall_button = QPushButton(self.tr("Batch recall…"))
        self.all_well_button.clicked.connect(self.all_well_selected)
        self.open_button.clicked.connect(self.open_selected)
        self.recall_button.clicked.connect(self.open_recall)
        self.message = QLabel()
        self.message.setWordWrap(True)

        filters = QHBoxLayout()
        practitioner_label = QLabel(self.tr("&Practitioner"))
        practitioner_label.setBuddy(self.practitioner)
        show_label = QLabel(self.tr("S&how"))
        show_label.setBuddy(self.show_filter)
        filters.addWidget(practitioner_label)
        filters.addWidget(self.practitioner)
        filters.addSpacing(12)
        filters.addWidget(show_label)
        filters.addWidget(self.show_filter)
        filters.addStretch(1)
        filters.addWidget(self.recall_button)
        actions = QHBoxLayout()
        actions.addWidget(self.counts, 1)
        actions.addWidget(self.open_button)
        actions.addWidget(self.all_well_button)
        title = QLabel("<h2>{}</h2>".format(self.tr("Follow-ups")))
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addLayout(actions)
        self.setTabOrder(self.practitioner, self.show_filter)
        self.setTabOrder(self.show_filter, self.table)
        staff_changed = getattr(window, "staffChanged", None)
        if staff_changed is not None:
            staff_changed.connect(lambda _member: self.refresh())
        self.refresh()

    def _size_columns(self) -> None:
        """Widths from the font and sample texts (no measuring of rows), all interactive; the Patient column
        takes the rest, never less than :attr:`MIN_PATIENT` ems (see :meth:`_fit_columns`)."""
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(FollowUpTableModel.COL_PATIENT, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(32)
        bold = QFontMetrics(self.model._bold)
        plain = self.fontMetrics()
        pad = 3 * plain.horizontalAdvance("x")
        when = max(bold.horizontalAdvance(t) for t in (
            self.tr("%n day(s) overdue", "", 88), self.tr("In %n day(s)", "", 14), self.tr("Today")))
        due = plain.horizontalAdvance(QLocale().toString(QDate(2026, 9, 30), "ddd d MMM"))
        self._natural = {
            FollowUpTableModel.COL_WHEN: when + pad,
            FollowUpTableModel.COL_DUE: due + pad,
            FollowUpTableModel.COL_PHONE: bold.horizontalAdvance("+1 514 555 0123") + pad,
            FollowUpTableModel.COL_KIND: max(plain.horizontalAdvance(self.model.kind_label(k)) for k in
                                             (FollowUpKind.phone_check, FollowUpKind.review)) + pad,
            FollowUpTableModel.COL_TREATMENT: plain.horizontalAdvance("Facial mesotherapy, 30 Sep") + pad,
            FollowUpTableModel.COL_PRACTITIONER: plain.horizontalAdvance("Dr. Élise Tremblay") + pad,
            FollowUpTableModel.COL_ATTEMPTS: max(plain.horizontalAdvance(self.model.headerData(
                FollowUpTableModel.COL_ATTEMPTS, Qt.Orientation.Horizontal)), bold.horizontalAdvance("×9")) + pad,
        }
        self._min_patient = plain.horizontalAdvance("M") * self.MIN_PATIENT
        self._min_flexible = plain.horizontalAdvance("M") * 7
        for column, width in self._natural.items():
            header.resizeSection(column, width)
        self.table.viewport().installEventFilter(self)

    #: The Patient column's least width (ems): a name is never cut down to "…".
    MIN_PATIENT = 16

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if watched is self.table.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_columns(self.table.viewport().width())
        return False

    def _fit_columns(self, available: int) -> None:
        """Share ``available`` pixels: the Patient column keeps its least width; when the room is short the
        Treatment and Practitioner columns narrow first (their whole text is the tooltip), then the Due
        column is left out (the When column says how late, its tooltip the date); past that the table
        scrolls sideways rather than cut the names."""
        header = self.table.horizontalHeader()
        n = self._natural
        flexible = (FollowUpTableModel.COL_TREATMENT, FollowUpTableModel.COL_PRACTITIONER)
        fixed = sum(w for c, w in n.items() if c not in flexible and c != FollowUpTableModel.COL_DUE)
        need_due = fixed + n[FollowUpTableModel.COL_DUE] + 2 * self._min_flexible + self._min_patient
        show_due = available >= need_due
        self.table.setColumnHidden(FollowUpTableModel.COL_DUE, not show_due)
        used = fixed + (n[FollowUpTableModel.COL_DUE] if show_due else 0)
        share = (available - used - self._min_patient) // 2
        for c in flexible:
            header.resizeSection(c, max(self._min_flexible, min(n[c], share)))
        rest = available - used - sum(header.sectionSize(c) for c in flexible)
        if rest >= self._min_patient:
            header.setSectionResizeMode(FollowUpTableModel.COL_PATIENT, QHeaderView.ResizeMode.Stretch)
        else:
            header.setSectionResizeMode(FollowUpTableModel.COL_PATIENT, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(FollowUpTableModel.COL_PATIENT, self._min_patient)

    # ------------------------------------------------------------------ data

    def _filters(self) -> followups.FollowUpFilters:
        bucket = self.show_filter.currentData()
        return followups.FollowUpFilters(practitioner_id=self.practitioner.currentData(),
                                         buckets=(bucket,) if bucket is not None else ())

    def _fill_practitioners(self, actor: Any) -> None:
        """"My patients" first (and chosen) for a practitioner, then everyone's, then each practitioner (the
        names are read on the thread pool and added when they arrive; the choice made meanwhile is kept)."""
        self.practitioner.blockSignals(True)
        self.practitioner.clear()
        if actor is not None and Role(actor.role) == Role.practitioner:
            self.practitioner.addItem(self.tr("My patients"), actor.id)
        self.practitioner.addItem(self.tr("All practitioners"), None)
        self.practitioner.setCurrentIndex(0)
        self.practitioner.blockSignals(False)
        workspace, asked_for = self.workspace, self._actor_id

        def names() -> Any:
            with workspace.session() as session:
                return [(member.id, member.full_name) for member in practitioners(session)]
            yield  # a generator for the worker

        def add(found: list[tuple[int, str]]) -> None:
            if not isValid(self) or self._actor_id != asked_for:  # closed, or someone else at the desk now
                return
            self.practitioner.blockSignals(True)
            for member_id, full_name in found:
                self.practitioner.addItem(full_name, member_id)
            self.practitioner.blockSignals(False)

        run_in_background(names, on_finished=add)

    def is_loading(self) -> bool:
        """True while a query or a recording ("All well") of this page is running on the thread pool."""
        return self._pending > 0 or bool(self.model.busy) or self._rereading > 0

    def _run(self, job: Callable[[], Any], done: Callable[[Any], None]) -> None:
        """Run ``job`` (opens its own session) on the thread pool; ``done(result)`` on the UI thread unless
        a newer query was started meanwhile."""
        generation = self._generation
        self._pending += 1

        def work() -> Any:
            return job()
            yield  # a generator for the worker

        def finished(result: Any) -> None:
            if not isValid(self):  # the page was closed while the query ran
                return
            if generation == self._generation:
                done(result)
            self._pending -= 1
            self.loaded.emit()

        def failed(exc: BaseException) -> None:
            if not isValid(self):
                return
            self._pending -= 1
            if generation == self._generation:
                self.model.more = False
                self.message.setText(str(exc) if isinstance(exc, ClinicError) else
                                     self.tr("The list could not be read; try again in a moment."))
            self.loaded.emit()

        run_in_background(work, on_finished=finished, on_failed=failed)

    def _page_job(self, offset: int) -> Callable[[], Any]:
        workspace, actor, filters = self.workspace, self.window_.current_staff(), self._filters()
        sort, descending = self.sort_key, self.descending

        def job() -> Any:
            with workspace.session() as session:
                rows, _ = followups.list_page(session, actor=actor, filters=filters, sort=sort, descending=descending,
                                              offset=offset, limit=PAGE_SIZE, with_total=False)
            return rows

        return job

    def _count_job(self) -> Callable[[], Any]:
        workspace, actor, filters = self.workspace, self.window_.current_staff(), self._filters()

        def job() -> Any:
            with workspace.session() as session:
                return followups.count_by_bucket(session, actor=actor, filters=filters)

        return job

    def refresh(self) -> None:
        """Reload the first page and the counts for the acting staff member and the filters, on the thread
        pool; the selection is kept when the row is still in the first page."""
        actor = self.window_.current_staff()
        actor_id = actor.id if actor is not None else None
        if actor_id != self._actor_id:  # someone else at the desk: their default filter
            self._actor_id = actor_id
            self._fill_practitioners(actor)
        selected = self.selected()
        self._generation += 1
        if actor is None:
            self.model.set_rows([])
            self.model.total = None
            self.counts.setText(self.tr("Nobody is at the desk."))
            self._update_buttons()
            return
        self._select_after_load = selected.follow_up_id if selected is not None else None
        self.model.more = False  # no further pages of the old list
        self._load_first_page(then_count=True)

    def _load_first_page(self, *, then_count: bool = False) -> None:
        """The first page; ``then_count``: count the buckets once it is shown (one query at a time, so
        the rows come first)."""
        def show(rows: list[followups.DueFollowUp]) -> None:
            if then_count:
                self._load_counts()
            self.model.set_rows(rows, more=len(rows) == PAGE_SIZE)
            if self._select_after_load is not None:
                self.select_follow_up(self._select_after_load)
                self._select_after_load = None
            self._update_buttons()

        self._run(self._page_job(0), show)

    def _load_counts(self) -> None:
        self._run(self._count_job(), self._show_counts)

    def _show_counts(self, counts: followups.BucketCounts) -> None:
        self.counts_value = counts
        self.model.total = counts.total
        self.counts.setText(
            "<b style='color:#b3261e'>{}</b> · <b>{}</b> · {}".format(
                self.tr("%n overdue", "", counts.overdue), self.tr("%n due today", "", counts.today),
                self.tr("%n upcoming", "", counts.upcoming)))

    def _fetch_more(self, offset: int) -> None:
        def add(rows: list[followups.DueFollowUp]) -> None:
            if len(self.model.rows) != offset:  # a line was taken out meanwhile: ask again from the new end
                self.model.append_rows([], more=True)
                self.model.fetchMore()
                return
            self.model.append_rows(rows, more=len(rows) == PAGE_SIZE)

        self._run(self._page_job(offset), add)

    def _sort(self, key: followups.SortKey, descending: bool) -> None:
        if (key, descending) == (self.sort_key, self.descending):
            return
        self.sort_key, self.descending = key, descending
        selected = self.selected()
        self._generation += 1
        self._select_after_load = selected.follow_up_id if selected is not None else None
        self.model.more = False  # no further pages in the old order
        self._load_first_page()

    def selected(self) -> followups.DueFollowUp | None:
        """The selected row, if any."""
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return rows[0].data(Qt.ItemDataRole.UserRole) if rows else None

    def select_follow_up(self, follow_up_id: int) -> bool:
        """Select the row of ``follow_up_id`` among the loaded rows; False when it is not there."""
        r = self.model.row_of(follow_up_id)
        if r < 0:
            return False
        self.table.selectRow(r)
        return True

    def _update_buttons(self) -> None:
        row = self.selected()
        if row is not None and row.follow_up_id in self.model.busy:
            row = None  # being recorded already
        may = allowed(self.window_.current_staff(), Permission.record_follow_up)
        self.all_well_button.setEnabled(row is not None and may)
        self.open_button.setEnabled(row is not None)
        self.all_well_button.setToolTip(self.tr("Record the selected follow-up as all well (one click)") if may else
                                        self.tr("Practitioners, managers and administrators only."))

    # ------------------------------------------------------------------ actions

    def _recorded(self, row: followups.DueFollowUp) -> None:
        """``row`` was recorded (all well or a complication): its line goes; when it was the selected one (or
        nothing is selected) the line that takes its place is selected."""
        r = self.model.row_of(row.follow_up_id)
        chosen = self.selected()
        self.model.remove_follow_up(row.follow_up_id)
        if self.counts_value is not None:
            self._show_counts(self.counts_value.minus(row.bucket))
        if self.model.rowCount() and (chosen is None or chosen.follow_up_id == row.follow_up_id):
            self.table.selectRow(min(max(r, 0), self.model.rowCount() - 1))
        self._update_buttons()

    def all_well_selected(self) -> bool:
        """Record the selected follow-up as all well (one click), on the thread pool: its line is greyed
        until the database has answered, then taken out of the list (or, when it was changed at another
        desk since the list was read, given back with a message saying so). Returns True when started."""
        row = self.selected()
        if row is None or row.follow_up_id in self.model.busy:
            return False
        workspace, actor = self.workspace, self.window_.current_staff()

        def record() -> Any:
            with workspace.session() as session:
                followups.record_all_well(session, actor=actor, follow_up_id=row.follow_up_id,
                                          expected_version=row.version)
            yield from ()  # a generator for the worker

        def done(_result: Any) -> None:
            if not isValid(self):
                return
            self.model.set_busy(row.follow_up_id, False)
            self.message.setText(self.tr("{patient}: {kind} recorded as all well.").format(
                patient=row.patient_name, kind=self.model.kind_label(row.kind).lower()))
            if hasattr(self.window_, "show_status"):
                self.window_.show_status(self.message.text())
            self._recorded(row)
            self.loaded.emit()

        def failed(exc: BaseException) -> None:
            if not isValid(self):
                return
            self.model.set_busy(row.follow_up_id, False)
            if isinstance(exc, ConflictError):  # recorded or changed at another desk since the list was read
                self._update_row(row.follow_up_id)
                self._load_counts()
                self.message.setText(self.tr(
                    "{who} changed this follow-up of {patient} after the list was shown, so nothing was "
                    "recorded; the list is up to date now.").format(who=exc.changed_by or self.tr("Someone else"),
                                                                    patient=row.patient_name))
            elif isinstance(exc, ClinicError):
                self.message.setText(str(exc))
            else:
                self.message.setText(self.tr("The follow-up could not be recorded; try again in a moment."))
            self._update_buttons()
            self.loaded.emit()

        self.model.set_busy(row.follow_up_id, True)
        self.message.setText(self.tr("Recording {patient} as all well…").format(patient=row.patient_name))
        self._update_buttons()
        run_in_background(record, on_finished=done, on_failed=failed)
        return True

    def _update_row(self, follow_up_id: int) -> None:
        """Re-read one line (after a dialog or a conflict) on the thread pool: shown in place, or taken out
        when it no longer matches the filters."""
        workspace, actor, filters = self.workspace, self.window_.current_staff(), self._filters()

        def read() -> Any:
            with workspace.session() as session:
                return followups.follow_up_row(session, actor=actor, follow_up_id=follow_up_id, filters=filters)
            yield  # a generator for the worker

        def show(now: followups.DueFollowUp | None) -> None:
            if not isValid(self):
                return
            self._rereading -= 1
            if now is None:
                if self.model.remove_follow_up(follow_up_id) is not None:
                    self._load_counts()
            else:
                self.model.replace_follow_up(now)
                self._load_counts()
            self._update_buttons()
            self.loaded.emit()

        def failed(exc: BaseException) -> None:
            if not isValid(self):
                return
            self._rereading -= 1
            self.message.setText(str(exc) if isinstance(exc, ClinicError) else
                                 self.tr("The list could not be read; try again in a moment."))
            self.loaded.emit()

        self._rereading += 1
        run_in_background(read, on_finished=show, on_failed=failed)

    def make_dialog(self, follow_up_id: int):  # type: ignore[no-untyped-def]
        """The follow-up dialog for ``follow_up_id`` (not yet shown)."""
        from clinic_desktop.ui.followups.follow_up_dialog import FollowUpDialog

        return FollowUpDialog(self.workspace, self.window_.current_staff, follow_up_id, parent=self)

    def open_selected(self) -> None:
        """Open the selected follow-up; afterwards its line is updated in place (or taken out once recorded)."""
        row = self.selected()
        if row is None:
            return
        try:
            dialog = self.make_dialog(row.follow_up_id)
        except ClinicError as exc:
            self.message.setText(str(exc))
            return
        self.current_dialog = dialog
        dialog.exec()
        self.current_dialog = None
        if dialog.outcome in ("all_well", "complication"):
            self._recorded(row)
            self._load_counts()
        elif dialog.outcome is not None:
            self._update_row(row.follow_up_id)
        self.table.setFocus()

    def open_recall(self) -> None:
        """The batch recall dialog."""
        from clinic_desktop.ui.reports.recall_dialog import RecallDialog

        RecallDialog(self.workspace, self.window_.current_staff, parent=self).exec()

    # ------------------------------------------------------------------ main-window hooks

    def has_unsaved_changes(self) -> bool:
        """The page itself holds no typed work (dialogs guard their own)."""
        return False

    def confirm_leave(self) -> bool:
        """True: nothing to lose by switching page."""
        return True
