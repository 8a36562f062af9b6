"""Run long jobs off the UI thread: a generator with progress, on a QThreadPool, results on the main thread.

The contract (one for every page)
- A *job* is a plain generator function (no Qt) that yields ``(done, total, message)`` progress tuples
  and ``return``-s its result. It opens its own database session inside (a SQLAlchemy session must not
  cross threads).
- :class:`GeneratorWorker` runs the job in a QRunnable. Its :class:`WorkerSignals` are created on the
  thread that built the worker (the UI thread), so ``progress``, ``finished``, ``failed`` and
  ``cancelled`` are delivered to slots on the UI thread (queued connections).
- Cancelling: :meth:`GeneratorWorker.cancel` sets a :class:`CancelFlag`. The worker checks it between
  yields and then closes the generator (``GeneratorExit`` is raised at its ``yield``, so ``finally``
  blocks and context managers clean up — the exporters delete their half-written file). A job that
  accepts a ``cancel`` keyword gets the flag too, to check inside long steps.
- Exactly one of ``finished(result)``, ``failed(exception)`` or ``cancelled()`` is emitted, once.

Example::

    worker = run_in_background(lambda cancel: my_job(engine, cancel=cancel),
                               on_finished=self._show, on_failed=self._error, on_progress=dialog.update)
    dialog.canceled.connect(worker.cancel)
"""

from __future__ import annotations

import inspect
import logging
import threading
from collections.abc import Callable, Generator
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)

Job = Callable[..., Generator[tuple[int, int, str], None, Any]]


class CancelFlag:
    """A thread-safe "please stop" flag shared by the UI and a running job."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def set(self) -> None:
        """Ask the job to stop at its next check."""
        self._event.set()

    @property
    def is_set(self) -> bool:
        """True once cancellation was asked for."""
        return self._event.is_set()

    def __bool__(self) -> bool:
        return self._event.is_set()


class WorkerSignals(QObject):
    """Signals of one :class:`GeneratorWorker` (live on the thread that created the worker)."""

    progress = Signal(int, int, str)  # done, total, message
    finished = Signal(object)  # the job's return value
    failed = Signal(object)  # the exception
    cancelled = Signal()


class GeneratorWorker(QRunnable):
    """Runs ``job`` (a generator function, see the module docstring) on a thread-pool thread.

    ``job`` is called with no arguments, or with ``cancel=CancelFlag`` if it has a ``cancel`` parameter.
    """

    def __init__(self, job: Job):
        super().__init__()
        self.setAutoDelete(False)  # Python keeps it alive (see _running) until its final signal is delivered
        self.signals = WorkerSignals()
        self.cancel_flag = CancelFlag()
        self._job = job
        self.done = False

    def cancel(self) -> None:
        """Ask the job to stop; ``cancelled`` follows when it has (or ``finished`` if it was already done)."""
        self.cancel_flag.set()

    def run(self) -> None:  # runs on the pool thread
        try:
            wants_flag = "cancel" in inspect.signature(self._job).parameters
        except (TypeError, ValueError):
            wants_flag = False
        try:
            gen = self._job(cancel=self.cancel_flag) if wants_flag else self._job()
            result = None
            while True:
                if self.cancel_flag:
                    gen.close()
                    self._end(self.signals.cancelled.emit)
                    return
                try:
                    done, total, message = next(gen)
                except StopIteration as stop:
                    result = stop.value
                    break
                self.signals.progress.emit(int(done), int(total), str(message))
            if self.cancel_flag:
                self._end(self.signals.cancelled.emit)
            else:
                self._end(lambda: self.signals.finished.emit(result))
        except Exception as exc:  # delivered to the UI thread, which shows it
            if not isinstance(exc, _expected_errors()):
                log.exception("background job failed")
            error = exc
            self._end(lambda: self.signals.failed.emit(error))

    def _end(self, emit: Callable[[], None]) -> None:
        self.done = True
        emit()


def _expected_errors() -> tuple[type[BaseException], ...]:
    from clinic_desktop.services.errors import ClinicError  # on first failure: no SQLAlchemy at import

    return (ClinicError, OSError)

_running: set[GeneratorWorker] = set()


def run_in_background(
    job: Job,
    *,
    on_finished: Callable[[Any], None] | None = None,
    on_failed: Callable[[BaseException], None] | None = None,
    on_progress: Callable[[int, int, str], None] | None = None,
    on_cancelled: Callable[[], None] | None = None,
    pool: QThreadPool | None = None,
) -> GeneratorWorker:
    """Start ``job`` on ``pool`` (the global pool by default) with the given slots connected; call from
    the UI thread. Returns the worker (``worker.cancel()`` to stop it)."""
    worker = GeneratorWorker(job)
    if on_progress is not None:
        worker.signals.progress.connect(on_progress)
    if on_finished is not None:
        worker.signals.finished.connect(on_finished)
    if on_failed is not None:
        worker.signals.failed.connect(on_failed)
    if on_cancelled is not None:
        worker.signals.cancelled.connect(on_cancelled)
    for final in (worker.signals.finished, worker.signals.failed, worker.signals.cancelled):
        final.connect(lambda *_args, w=worker: _running.discard(w))  # after the slots above, on the UI thread
    _running.add(worker)
    (pool or QThreadPool.globalInstance()).start(worker)
    return worker
