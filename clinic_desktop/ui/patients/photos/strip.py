"""The photo strip: a QListView in icon mode over a model that loads thumbnails only when they are shown.

:class:`PhotoListModel` holds the photos' metadata (ids and captions, no bytes). When the view asks for an
item's icon the model answers with a placeholder and queues the id; a zero-delay timer then reads every
queued thumbnail in one query and emits ``dataChanged``, so only the thumbnails scrolled into view are ever
read, a few at a time, and 2,000 photos cost no more to open than 20. Decoded thumbnails are kept in a
bounded cache.

:class:`PhotoStrip` adds the buttons: add photos (multi-select dialog, or drop files on the strip), view,
compare two, photo consent, and "entered in error" / "delete: consent withdrawn".
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractListModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QSize,
    Qt,
    QTimer,
)
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListView,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from clinic_desktop.models import PhotoKind, StaffMember
from clinic_desktop.services import photos
from clinic_desktop.services.messages import _
from clinic_desktop.services.errors import ClinicError
from clinic_desktop.services.permissions import Permission, allowed
from clinic_desktop.services.photos import PhotoRow
from clinic_desktop.services.workspace import Workspace

log = logging.getLogger(__name__)

_Index = QModelIndex | QPersistentModelIndex
THUMB_SIZE = 96
CACHE_SIZE = 600
IMAGE_FILTER = QT_TRANSLATE_NOOP(
    "PhotoStrip", "Photos (*.jpg *.jpeg *.png *.heic *.heif *.tif *.tiff *.webp);;All files (*)"
)


def _placeholder() -> QIcon:
    pixmap = QPixmap(THUMB_SIZE, THUMB_SIZE)
    pixmap.fill(QColor("#e3e7eb"))
    return QIcon(pixmap)


class PhotoListModel(QAbstractListModel):
    """Photos of one patient (or one record): light ``PhotoRow`` lines without bytes; icons fetched on demand.

    ``fetch_thumbnails(ids) -> {id: jpeg bytes}`` reads thumbnails (one query for a batch).
    ``thumbnail_reads`` counts the thumbnails actually read (tests and benchmarks use it).
    """

    PhotoIdRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, fetch_thumbnails: Callable[[list[int]], dict[int, bytes]], parent: Any = None):
        super().__init__(parent)
        self._fetch = fetch_thumbnails
        self.photos: list[PhotoRow] = []
        self._row_of: dict[int, int] = {}
        self._icons: OrderedDict[int, QIcon] = OrderedDict()
        self._pending: set[int] = set()
        self._placeholder = _placeholder()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.load_pending)
        self.thumbnail_reads = 0

    def set_photos(self, rows: list[PhotoRow]) -> None:
        """Replace the list (metadata only); thumbnails are read later, as items are shown."""
        self.beginResetModel()
        self.photos = list(rows)
        self._row_of = {p.id: r for r, p in enumerate(self.photos)}  # type: ignore[misc]
        self._pending.clear()
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.photos)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.photos):
            return None
        photo = self.photos[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return photos.label(photo)
        if role == Qt.ItemDataRole.ToolTipRole:
            return photos.label(photo) + (f"\n{photo.caption}" if photo.caption else "")
        if role == self.PhotoIdRole:
            return photo.id
        if role == Qt.ItemDataRole.DecorationRole:
            icon = self._icons.get(photo.id)  # type: ignore[arg-type]
            if icon is not None:
                self._icons.move_to_end(photo.id)  # type: ignore[arg-type]
                return icon
            self._pending.add(photo.id)  # type: ignore[arg-type]
            if not self._timer.isActive():
                self._timer.start()
            return self._placeholder
        return None

    def load_pending(self) -> None:
        """Read the queued thumbnails (one batch) and tell the view they changed."""
        ids = [i for i in self._pending if i in self._row_of]
        self._pending.clear()
        if not ids:
            return
        try:
            found = self._fetch(ids)
        except Exception:  # a thumbnail that cannot be read keeps its placeholder
            log.exception("thumbnails could not be read")
            return
        self.thumbnail_reads += len(found)
        for photo_id, data in found.items():
            pixmap = QPixmap()
            pixmap.loadFromData(data)
            self._icons[photo_id] = QIcon(pixmap)
            while len(self._icons) > CACHE_SIZE:
                self._icons.popitem(last=False)
            row = self._row_of[photo_id]
            self.dataChanged.emit(self.index(row), self.index(row), [Qt.ItemDataRole.DecorationRole])

    def photo_at(self, row: int) -> PhotoRow:
        """The photo shown at ``row``."""
        return self.photos[row]


def fetch_thumbnails(workspace: Workspace, ids: list[int]) -> dict[int, bytes]:
    """{photo id: thumbnail JPEG} for ``ids`` in one query (via the photo service)."""
    with Workspace.of(workspace).session() as session:
        return photos.thumbnails(session, ids)


class AttachDialog(QDialog):
    """Asks what new photos document: kind (before/after for a treatment session), area and caption."""

    def __init__(self, kinds: list[PhotoKind], area: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(QCoreApplication.translate("AttachDialog", "Attach photos"))
        self.kind = QComboBox()
        for kind in kinds:
            self.kind.addItem(_(photos.KIND_LABELS[kind]), kind.value)
        self.area = QLineEdit(area)
        self.area.setPlaceholderText(QCoreApplication.translate("AttachDialog", "e.g. left cheek"))
        self.caption = QLineEdit()
        self.caption.setPlaceholderText(QCoreApplication.translate("AttachDialog", "optional, e.g. “day 3, swelling fading”"))
        form = QFormLayout(self)
        form.addRow(QCoreApplication.translate("AttachDialog", "Photo of"), self.kind)
        form.addRow(QCoreApplication.translate("AttachDialog", "Area"), self.area)
        form.addRow(QCoreApplication.translate("AttachDialog", "Caption"), self.caption)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)


class PhotoStrip(QWidget):
    """Thumbnails of a patient's photos in a row, with add / view / compare / consent / remove.

    ``target()`` returns the :class:`~clinic_desktop.services.photos.PhotoTarget` new photos attach to
    (None: "choose a record first"); ``filter_`` limits the list to one record (keyword arguments of
    ``photos.list_photos``). ``ask_consent()``, ``ask_attach(kinds)``, ``ask_files()`` and
    ``ask_reason(title)`` are the questions the strip asks; tests replace them.
    """

    def __init__(
        self,
        workspace: Workspace,
        actor: Callable[[], StaffMember | None],
        target: Callable[[], photos.PhotoTarget | None],
        *,
        filter_: dict[str, int] | None = None,
        thumb_size: int = THUMB_SIZE,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.workspace = Workspace.of(workspace)
        self.actor = actor
        self.target = target
        self.filter_ = dict(filter_ or {})
        self.patient_id: int | None = None
        self.model = PhotoListModel(lambda ids: fetch_thumbnails(self.workspace, ids), self)
        self.view = QListView()
        self.view.setViewMode(QListView.ViewMode.IconMode)
        self.view.setFlow(QListView.Flow.LeftToRight)
        self.view.setWrapping(False)
        self.view.setUniformItemSizes(True)  # no per-item size query: 2,000 items lay out at once
        self.view.setIconSize(QSize(thumb_size, thumb_size))
        self.view.setGridSize(QSize(thumb_size + 60, thumb_size + 36))
        self.view.setWordWrap(True)
        self.view.setMovement(QListView.Movement.Static)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setFixedHeight(thumb_size + 58)
        self.view.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.view.setModel(self.model)
        self.view.doubleClicked.connect(lambda _i: self.view_selected())
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.setAcceptDrops(True)
        self.view.setAcceptDrops(False)  # drops go to the strip itself

        self.title = QLabel(QCoreApplication.translate("PhotoStrip", "Photos"))
        self.add_button = QPushButton(QCoreApplication.translate("PhotoStrip", "Add photos…"))
        self.camera_button = QPushButton(QCoreApplication.translate("PhotoStrip", "Camera…"))
        from clinic_desktop.ui.patients.photos.camera import camera_available

        self.camera_button.setVisible(camera_available())  # only where Qt Multimedia finds a camera
        self.camera_button.clicked.connect(lambda: self.take_photos())
        self.view_button = QPushButton(QCoreApplication.translate("PhotoStrip", "View"))
        self.compare_button = QPushButton(QCoreApplication.translate("PhotoStrip", "Compare"))
        self.consent_button = QPushButton(QCoreApplication.translate("PhotoStrip", "Photo consent…"))
        self.remove_button = QPushButton(QCoreApplication.translate("PhotoStrip", "Remove…"))
        self.add_button.clicked.connect(lambda: self.add_files())
        self.view_button.clicked.connect(self.view_selected)
        self.compare_button.clicked.connect(self.compare_selected)
        self.consent_button.clicked.connect(self.edit_consent)
        self.remove_button.clicked.connect(self.remove_selected)
        self.message = QLabel()
        self.message.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addStretch(1)
        for button in (
            self.add_button,
            self.camera_button,
            self.view_button,
            self.compare_button,
            self.remove_button,
            self.consent_button,
        ):
            top.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.view)
        layout.addWidget(self.message)
        self._update_buttons()

    # ------------------------------------------------------------------ questions (tests replace these)

    def ask_consent(self) -> bool:
        """Ask whether the patient has just agreed to photographs for the clinical record."""
        answer = QMessageBox.question(
            self,
            QCoreApplication.translate("PhotoStrip", "Photo consent"),
            QCoreApplication.translate(
                "PhotoStrip",
                "This patient has not agreed to photographs for the clinical record yet.\n\nAsk them now. Did they agree? (Yes records their consent, dated, in your name.)",
            ),
        )
        return answer == QMessageBox.StandardButton.Yes

    def ask_attach(self, kinds: list[PhotoKind], area: str) -> tuple[str, str, str] | None:
        """(kind, area, caption) for new photos, or None if cancelled."""
        dialog = AttachDialog(kinds, area, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.kind.currentData(), dialog.area.text(), dialog.caption.text()

    def ask_files(self) -> list[Path]:
        """The files chosen in a multi-select open dialog."""
        names, _ = QFileDialog.getOpenFileNames(
            self,
            QCoreApplication.translate("PhotoStrip", "Add photos"),
            "",
            QCoreApplication.translate("PhotoStrip", IMAGE_FILTER),
        )
        return [Path(n) for n in names]

    def ask_reason(self, title: str, prompt: str) -> str | None:
        """A typed reason, or None if cancelled."""
        text, ok = QInputDialog.getText(self, title, prompt)
        return text if ok else None

    # ------------------------------------------------------------------ loading

    def set_patient(self, patient_id: int | None, **filter_: int) -> None:
        """Show ``patient_id``'s photos (limited to one record by ``filter_`` if given)."""
        self.patient_id = patient_id
        if filter_:
            self.filter_ = dict(filter_)
        self.reload()

    def reload(self) -> None:
        """Read the list again (metadata only)."""
        actor = self.actor()
        self.message.clear()
        if self.patient_id is None or actor is None:
            self.model.set_photos([])
        else:
            try:
                with self.workspace.session() as session:
                    rows = photos.photo_rows(session, actor=actor, patient_id=self.patient_id, **self.filter_)
            except ClinicError as exc:
                rows = []
                self.message.setText(str(exc))
            self.model.set_photos(rows)
        count = self.model.rowCount()
        self.title.setText(
            QCoreApplication.translate("PhotoStrip", "<b>Photos</b> ({count})").format(count=count)
            if count
            else QCoreApplication.translate("PhotoStrip", "<b>Photos</b> — none yet")
        )
        self._update_buttons()

    def _selected(self) -> list[PhotoRow]:
        rows = sorted(i.row() for i in self.view.selectionModel().selectedIndexes())
        return [self.model.photo_at(r) for r in rows]

    def _update_buttons(self) -> None:
        actor = self.actor()
        chosen = len(self.view.selectionModel().selectedIndexes()) if self.view.selectionModel() else 0
        may_add = self.patient_id is not None and allowed(actor, Permission.record_treatment_session)
        self.add_button.setEnabled(may_add)
        self.camera_button.setEnabled(may_add)
        self.view_button.setEnabled(chosen == 1)
        self.compare_button.setEnabled(chosen == 2)
        self.remove_button.setEnabled(chosen == 1 and may_add)
        self.consent_button.setEnabled(
            self.patient_id is not None and allowed(actor, Permission.edit_patients)
        )

    # ------------------------------------------------------------------ adding

    def dragEnterEvent(self, event) -> None:  # noqa: ANN001, N802 (Qt override)
        if event.mimeData().hasUrls() and self.add_button.isEnabled():
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: ANN001, N802 (Qt override)
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.add_files(paths)

    def add_files(self, paths: list[Path] | None = None) -> photos.ImportOutcome | None:
        """Import ``paths`` (or the files chosen in the dialog) onto the current target; say what happened."""
        if self._attach_target() is None:
            return None
        paths = paths if paths is not None else self.ask_files()
        if not paths:
            return None
        return self._import(lambda session, **kw: photos.import_files(session, paths=paths, **kw))

    def take_photos(self) -> photos.ImportOutcome | None:
        """Take photos with the camera (only offered where Qt Multimedia finds one) and import them."""
        from clinic_desktop.ui.patients.photos.camera import CameraDialog

        if self._attach_target() is None:
            return None
        dialog = CameraDialog(self)
        dialog.exec()
        if not dialog.shots:
            return None
        return self._import(lambda session, **kw: photos.import_data(session, items=dialog.shots, **kw))

    def _attach_target(self) -> photos.PhotoTarget | None:
        target = self.target() if self.actor() is not None else None
        if target is None:
            self.message.setText(
                QCoreApplication.translate(
                    "PhotoStrip",
                    "Choose the treatment session, follow-up or complication the photos belong to.",
                )
            )
        return target

    def _import(self, run: Callable[..., photos.ImportOutcome]) -> photos.ImportOutcome | None:
        """Ask what the photos show and, if needed, for consent; then ``run`` the import; say how it went."""
        actor = self.actor()
        base = self._attach_target()
        if base is None or actor is None:
            return None
        kinds = [PhotoKind.before, PhotoKind.after] if base.treatment_session_id else [PhotoKind(base.kind)]
        answer = self.ask_attach(kinds, base.area)
        if answer is None:
            return None
        kind, area, caption = answer
        target = photos.PhotoTarget(
            patient_id=base.patient_id,
            kind=kind,
            area=area,
            caption=caption,
            treatment_session_id=base.treatment_session_id,
            follow_up_id=base.follow_up_id,
            complication_id=base.complication_id,
        )
        with self.workspace.session() as session:
            consent = photos.has_record_consent(session, base.patient_id)
        if not consent and not self.ask_consent():
            self.message.setText(
                QCoreApplication.translate(
                    "PhotoStrip",
                    "No photos imported: the patient has not agreed to photographs for the record.",
                )
            )
            return None
        try:
            with self.workspace.session() as session:
                outcome = run(session, actor=actor, target=target, consent_just_recorded=not consent)
        except ClinicError as exc:
            self.message.setText(str(exc))
            return None
        self.reload()
        parts = [QCoreApplication.translate("PhotoStrip", "%n photo(s) added.", "", len(outcome.imported))]
        parts += [msg for _name, msg in outcome.refused]
        self.message.setText(" ".join(parts))
        return outcome

    # ------------------------------------------------------------------ viewing

    def _image(self, photo: PhotoRow) -> bytes | None:
        try:
            with self.workspace.session() as session:
                return photos.image(session, actor=self.actor(), photo_id=photo.id)  # type: ignore[arg-type]
        except ClinicError as exc:
            self.message.setText(str(exc))
            return None

    def viewer_for_selected(self):  # type: ignore[no-untyped-def]
        """The full-size viewer of the one selected photo (not shown), or None."""
        from clinic_desktop.ui.patients.photos.viewer import PhotoViewerDialog

        chosen = self._selected()
        if len(chosen) != 1 or (data := self._image(chosen[0])) is None:
            return None
        return PhotoViewerDialog(data, photos.label(chosen[0]), self)

    def view_selected(self) -> None:
        """Open the selected photo full size."""
        dialog = self.viewer_for_selected()
        if dialog is not None:
            dialog.exec()

    def compare_for_selected(self):  # type: ignore[no-untyped-def]
        """The side-by-side compare of the two selected photos, older on the left (not shown), or None."""
        from clinic_desktop.ui.patients.photos.viewer import CompareDialog

        chosen = self._selected()
        if len(chosen) != 2:
            self.message.setText(
                QCoreApplication.translate(
                    "PhotoStrip", "Select two photos to compare (Ctrl+click the second)."
                )
            )
            return None
        chosen.sort(key=lambda p: (p.taken_on, p.id))
        data = [self._image(p) for p in chosen]
        if None in data:
            return None
        return CompareDialog((data[0], photos.label(chosen[0])), (data[1], photos.label(chosen[1])), self)  # type: ignore[arg-type]

    def compare_selected(self) -> None:
        """Open the compare of the two selected photos."""
        dialog = self.compare_for_selected()
        if dialog is not None:
            dialog.exec()

    # ------------------------------------------------------------------ consent and removal

    def edit_consent(self) -> None:
        """The photo consent dialog for the patient."""
        from clinic_desktop.ui.patients.photos.consent_dialog import PhotoConsentDialog

        if self.patient_id is not None:
            PhotoConsentDialog(self.workspace, self.actor, self.patient_id, self).exec()

    def remove_selected(self) -> bool:
        """Remove the selected photo: "entered in error" (kept, hidden) or "consent withdrawn" (deleted)."""
        chosen = self._selected()
        if len(chosen) != 1:
            return False
        photo = chosen[0]
        box = QMessageBox(self)
        box.setWindowTitle(QCoreApplication.translate("PhotoStrip", "Remove photo"))
        box.setText(
            QCoreApplication.translate("PhotoStrip", "Remove “{label}”?").format(label=photos.label(photo))
        )
        box.setInformativeText(
            QCoreApplication.translate(
                "PhotoStrip",
                "Entered in error: hidden from the record but kept, with your reason.\nConsent withdrawn: the image itself is deleted for good (the record keeps that a photo existed).",
            )
        )
        error_button = box.addButton(
            QCoreApplication.translate("PhotoStrip", "Entered in error…"), QMessageBox.ButtonRole.AcceptRole
        )
        delete_button = box.addButton(
            QCoreApplication.translate("PhotoStrip", "Consent withdrawn: delete…"),
            QMessageBox.ButtonRole.DestructiveRole,
        )
        box.addButton(QMessageBox.StandardButton.Cancel)
        choice = self.ask_removal(box, error_button, delete_button)
        if choice is None:
            return False
        reason = self.ask_reason(
            QCoreApplication.translate("PhotoStrip", "Remove photo"),
            QCoreApplication.translate("PhotoStrip", "Reason:")
            if choice == "error"
            else QCoreApplication.translate("PhotoStrip", "Note (optional):"),
        )
        if reason is None:
            return False
        try:
            with self.workspace.session() as session:
                if choice == "error":
                    photos.mark_entered_in_error(
                        session, actor=self.actor(), photo_id=photo.id, reason=reason
                    )  # type: ignore[arg-type]
                else:
                    photos.delete_for_withdrawn_consent(
                        session,
                        actor=self.actor(),
                        photo_id=photo.id,  # type: ignore[arg-type]
                        reason=reason,
                    )
        except ClinicError as exc:
            self.message.setText(str(exc))
            return False
        self.reload()
        self.message.setText(
            QCoreApplication.translate("PhotoStrip", "Photo marked as entered in error (kept, hidden).")
            if choice == "error"
            else QCoreApplication.translate("PhotoStrip", "Photo image deleted: consent withdrawn.")
        )
        return True

    def ask_removal(self, box: QMessageBox, error_button: Any, delete_button: Any) -> str | None:
        """ "error", "withdrawn" or None, from the removal question."""
        box.exec()
        clicked = box.clickedButton()
        return "error" if clicked is error_button else "withdrawn" if clicked is delete_button else None
