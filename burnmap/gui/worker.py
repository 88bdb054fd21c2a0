"""One background job at a time: a plain function run on a QThread, reporting through signals.

The job never touches widgets; results travel to the GUI thread by queued signals
(ARCHITECTURE.md convention 2, after superqt's thread workers).
"""
from __future__ import annotations

import logging
import traceback
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot

from burnmap.gui.utils.names import said
from burnmap.parsing.base import ParseCancelled

log = logging.getLogger(__name__)


class Job(QObject):
    progress = Signal(float, str)
    finished = Signal(object)
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self, work: Callable):
        """`work(progress, cancelled)` returns the result or raises."""
        super().__init__()
        self._work = work
        self._cancel = False

    def cancel(self) -> None:
        self._cancel = True

    @Slot()
    def run(self) -> None:
        try:
            result = self._work(self.progress.emit, lambda: self._cancel)
        except ParseCancelled:
            self.cancelled.emit()
        except Exception as exc:  # noqa: BLE001 - shown to the user, the app goes on
            log.error("background job failed: %s", traceback.format_exc())
            self.failed.emit(said(exc) or exc.__class__.__name__)
        else:
            self.finished.emit(result)


class Worker(QObject):
    """Owns the thread; `start` runs one job, `shutdown` cancels and waits (window closing)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.thread: QThread | None = None
        self.job: Job | None = None

    @property
    def busy(self) -> bool:
        return self.thread is not None and self.thread.isRunning()

    def start(self, job: Job) -> None:
        if self.busy:
            raise RuntimeError("a job is already running")
        self.thread = QThread()
        self.job = job
        job.moveToThread(self.thread)
        self.thread.started.connect(job.run)
        for signal in (job.finished, job.failed, job.cancelled):
            # Direct: quit() is thread-safe, and the GUI may wait() for the thread as soon as
            # it receives the result, before a queued quit would have been delivered.
            signal.connect(self.thread.quit, Qt.ConnectionType.DirectConnection)
        self.thread.start()

    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()

    def shutdown(self, timeout_ms: int = 120_000) -> None:
        if self.busy:
            self.cancel()
            self.thread.wait(timeout_ms)
