"""A full-size photo viewer and the side-by-side compare with synchronised zoom and pan."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QPixmap, QTransform, QWheelEvent
from PySide6.QtWidgets import (
    QDialog,
    QGraphicsPixmapItem,
    QGraphicsScene,
    QGraphicsView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

ZOOM_STEP = 1.25
MIN_SCALE, MAX_SCALE = 0.05, 20.0


def pixmap_from(data: bytes) -> QPixmap:
    """A QPixmap of image bytes (JPEG/PNG); a null pixmap when they cannot be decoded."""
    pixmap = QPixmap()
    pixmap.loadFromData(data)
    return pixmap


class PhotoView(QGraphicsView):
    """One photo in a QGraphicsView: the wheel zooms around the cursor, dragging pans.

    ``partner`` views (see :func:`link_views`) follow every zoom and pan of this one.
    """

    def __init__(self, pixmap: QPixmap, parent: QWidget | None = None):
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.item = QGraphicsPixmapItem(pixmap)
        self.item.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        self.scene().addItem(self.item)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.partners: list[PhotoView] = []

    @property
    def zoom(self) -> float:
        """The current scale (1.0 = one image pixel per screen pixel)."""
        return self.transform().m11()

    def set_zoom(self, scale: float) -> None:
        """Set the scale (clamped), on this view and its partners."""
        scale = max(MIN_SCALE, min(MAX_SCALE, scale))
        for view in [self, *self.partners]:
            view.setTransform(QTransform.fromScale(scale, scale))
        for view in self.partners:  # then the same place on every photo (a zoom may recentre a view)
            view.horizontalScrollBar().setValue(self.horizontalScrollBar().value())
            view.verticalScrollBar().setValue(self.verticalScrollBar().value())

    def zoom_by(self, factor: float) -> None:
        """Multiply the scale by ``factor`` (on partners too)."""
        self.set_zoom(self.zoom * factor)

    def fit(self) -> None:
        """Fit the whole photo in the view (partners take the same scale)."""
        self.fitInView(self.item, Qt.AspectRatioMode.KeepAspectRatio)
        self.set_zoom(self.zoom)

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 (Qt override)
        self.zoom_by(ZOOM_STEP if event.angleDelta().y() > 0 else 1 / ZOOM_STEP)


def link_views(a: PhotoView, b: PhotoView) -> None:
    """Make ``a`` and ``b`` zoom together and pan together (their scroll bars follow each other)."""
    a.partners.append(b)
    b.partners.append(a)
    for one, other in ((a, b), (b, a)):
        one.horizontalScrollBar().valueChanged.connect(other.horizontalScrollBar().setValue)
        one.verticalScrollBar().valueChanged.connect(other.verticalScrollBar().setValue)


def _zoom_buttons(view: PhotoView) -> QHBoxLayout:
    row = QHBoxLayout()
    for text, slot in (
        (QCoreApplication.translate("PhotoViewer", "Zoom in"), lambda: view.zoom_by(ZOOM_STEP)),
        (QCoreApplication.translate("PhotoViewer", "Zoom out"), lambda: view.zoom_by(1 / ZOOM_STEP)),
        (QCoreApplication.translate("PhotoViewer", "Fit"), view.fit),
        (QCoreApplication.translate("PhotoViewer", "Actual size"), lambda: view.set_zoom(1.0)),
    ):
        button = QPushButton(text)
        button.clicked.connect(slot)
        row.addWidget(button)
    row.addStretch(1)
    return row


class PhotoViewerDialog(QDialog):
    """One photo at full size (``title`` names it: kind, area, date)."""

    def __init__(self, data: bytes, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.view = PhotoView(pixmap_from(data))
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(QCoreApplication.translate("PhotoViewerDialog", "<b>{title}</b>").format(title=title))
        )
        layout.addWidget(self.view, 1)
        layout.addLayout(_zoom_buttons(self.view))
        self.resize(900, 700)

    def showEvent(self, event) -> None:  # noqa: ANN001, N802 (Qt override)
        super().showEvent(event)
        self.view.fit()


class CompareDialog(QDialog):
    """Two photos side by side (before vs after, or two follow-ups); zoom and pan move both together."""

    def __init__(self, left: tuple[bytes, str], right: tuple[bytes, str], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(
            QCoreApplication.translate("CompareDialog", "Compare: {left} | {right}").format(
                left=left[1], right=right[1]
            )
        )
        self.left = PhotoView(pixmap_from(left[0]))
        self.right = PhotoView(pixmap_from(right[0]))
        link_views(self.left, self.right)
        pair = QHBoxLayout()
        for view, (_data, title) in ((self.left, left), (self.right, right)):
            column = QVBoxLayout()
            column.addWidget(
                QLabel(QCoreApplication.translate("CompareDialog", "<b>{title}</b>").format(title=title))
            )
            column.addWidget(view, 1)
            pair.addLayout(column, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(pair, 1)
        layout.addLayout(_zoom_buttons(self.left))
        self.resize(1200, 700)

    def showEvent(self, event) -> None:  # noqa: ANN001, N802 (Qt override)
        super().showEvent(event)
        self.left.fit()
