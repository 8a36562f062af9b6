"""Taking photos with a camera through Qt Multimedia, only where one is found.

Optional and guarded: :func:`camera_available` is False when Qt Multimedia cannot be loaded (e.g. no
PulseAudio library on a Linux machine) or no video input exists, and the strip then shows no camera
button. The dialog itself has not been run on a real camera here (the build machine has none).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QBuffer, QByteArray, QCoreApplication, QIODevice
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

log = logging.getLogger(__name__)


def camera_available() -> bool:
    """True when Qt Multimedia loads and lists at least one video input."""
    try:
        from PySide6.QtMultimedia import QMediaDevices
    except ImportError as exc:  # Qt Multimedia or a system library it needs is missing
        log.info("no camera support: %s", exc)
        return False
    try:
        return bool(QMediaDevices.videoInputs())
    except Exception:  # a broken multimedia backend must not stop the page
        log.exception("listing cameras failed")
        return False


class CameraDialog(QDialog):
    """A live view of the default camera; **Take photo** adds a JPEG to ``shots`` ((file name, bytes))."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        from PySide6.QtMultimedia import QCamera, QImageCapture, QMediaCaptureSession, QMediaDevices
        from PySide6.QtMultimediaWidgets import QVideoWidget

        self.setWindowTitle(QCoreApplication.translate("CameraDialog", "Take photos"))
        self.shots: list[tuple[str, bytes]] = []
        self.camera = QCamera(QMediaDevices.defaultVideoInput())
        self.capture = QImageCapture()
        self.session = QMediaCaptureSession()
        self.session.setCamera(self.camera)
        self.session.setImageCapture(self.capture)
        self.preview = QVideoWidget()
        self.session.setVideoOutput(self.preview)
        self.capture.imageCaptured.connect(self._captured)
        self.capture.errorOccurred.connect(
            lambda _id, _err, text: self.status.setText(
                QCoreApplication.translate("CameraDialog", "Not taken: {text}").format(text=text)
            )
        )
        self.camera.errorOccurred.connect(
            lambda _err, text: self.status.setText(
                QCoreApplication.translate("CameraDialog", "Camera problem: {text}").format(text=text)
            )
        )
        self.status = QLabel(QCoreApplication.translate("CameraDialog", "Frame the area, then Take photo."))
        take = QPushButton(QCoreApplication.translate("CameraDialog", "Take photo"))
        take.clicked.connect(self.capture.capture)
        done = QPushButton(QCoreApplication.translate("CameraDialog", "Done"))
        done.clicked.connect(self.accept)
        row = QHBoxLayout()
        row.addWidget(self.status, 1)
        row.addWidget(take)
        row.addWidget(done)
        layout = QVBoxLayout(self)
        layout.addWidget(self.preview, 1)
        layout.addLayout(row)
        self.resize(800, 600)
        self.camera.start()

    def _captured(self, _request_id: int, image) -> None:  # noqa: ANN001 (QImage)
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "JPG", 95)
        self.shots.append((f"camera-{len(self.shots) + 1}.jpg", bytes(data.data())))
        self.status.setText(
            QCoreApplication.translate("CameraDialog", "%n photo(s) taken.", "", len(self.shots))
        )

    def done(self, result: int) -> None:  # noqa: D102 (Qt override: stop the camera whichever way it closes)
        self.camera.stop()
        super().done(result)
