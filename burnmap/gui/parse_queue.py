"""Photos waiting to be parsed, parsed one at a time on the worker thread.

The queue holds the photos themselves (PhotoState), not their places in the case: a result goes
to its photo even when others are added or removed meanwhile, and the window decides whether
that photo is still in the case. The parsers' runtime is warmed up before the first parse.

The worker also derives what the parsing makes of the photo (regions, counts: seconds on a
50-megapixel photo) and the parts layer the window shows, so that the GUI thread only adopts them.
"""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, QTimer, Signal

from burnmap.gui.worker import Job, Worker
from burnmap.model.workspace import ParsedPhoto, PhotoState
from burnmap.parsing.provider import ParserProvider
from burnmap.photo.overlay import PartsLayer, load_colour_table, parts_layer


@dataclass(frozen=True)
class Parsed:
    """A parse's result: the parsing with what it makes of the photo, and its parts layer."""
    photo: ParsedPhoto
    layer: PartsLayer


class ParseQueue(QObject):
    started = Signal(object)            # PhotoState
    progress = Signal(float, str)       # fraction done, stage
    parsed = Signal(object, object)     # PhotoState, Parsed
    failed = Signal(object, str)        # PhotoState, message
    cancelled = Signal(object)          # PhotoState

    def __init__(self, provider: ParserProvider, parent=None):
        super().__init__(parent)
        self.provider = provider
        self.colours = load_colour_table()
        self.worker = Worker(self)
        self.pending: list[PhotoState] = []
        self.running: PhotoState | None = None
        # Until a job's end is handled on the GUI thread; the thread itself stops earlier, so
        # Worker.busy alone would let the next job start before the last one's result is in.
        self.busy = False

    @property
    def idle(self) -> bool:
        return not self.busy and not self.pending

    def warm_up(self) -> None:
        """Start the parsers' runtime in the background; queued photos wait for it."""
        job = Job(self.provider.warm_up)
        job.finished.connect(self._job_done)
        job.failed.connect(self._job_done)
        self._start(job)

    def parse(self, state: PhotoState) -> None:
        if state is self.running or state in self.pending:
            return
        self.pending.append(state)
        self._next()

    def discard(self, state: PhotoState) -> None:
        """The photo left the case: drop it from the queue, stop its parse if running."""
        self.pending = [s for s in self.pending if s is not state]
        if state is self.running:
            self.worker.cancel()

    def clear(self) -> None:
        """Another case is shown: nothing queued is wanted, a running parse is cancelled
        without waiting (its result would be for a photo no longer shown)."""
        self.pending.clear()
        if self.running is not None:
            self.worker.cancel()

    def cancel(self) -> None:
        self.worker.cancel()

    def shutdown(self) -> None:
        """The window is closing: cancel and wait for the thread."""
        self.pending.clear()
        self.worker.shutdown()
        self.busy, self.running = False, None  # a result still on its way is for nobody

    def _next(self) -> None:
        if self.busy or not self.pending:
            return
        state = self.running = self.pending.pop(0)
        job = Job(lambda progress, cancelled: self._parse(state, progress, cancelled))
        # Bound methods of GUI-thread objects: Qt queues these calls to the GUI thread (a lambda
        # would run on the worker thread).
        job.progress.connect(self.progress)
        job.finished.connect(self._parsed)
        job.failed.connect(self._failed)
        job.cancelled.connect(self._cancelled)
        self.started.emit(state)
        self._start(job)

    def _parse(self, state: PhotoState, progress, cancelled) -> Parsed:
        """On the worker thread: plain numpy and torch, no widget."""
        parsing = self.provider.parse(state.photo.pixels, progress, cancelled)
        progress(1.0, "regions")
        derived = state.derive(parsing)
        table = self.colours.for_classes(parsing.class_names)
        return Parsed(derived, parts_layer(parsing.labels, derived.patient, table))

    def _start(self, job: Job) -> None:
        self.busy = True
        self.worker.start(job)

    def _job_done(self, *_) -> PhotoState | None:
        """The thread has quit (direct connection in Worker): wait for it, then go on with the
        queue from the event loop, after the result has been handled."""
        self.worker.thread.wait()
        self.busy = False
        state, self.running = self.running, None
        QTimer.singleShot(0, self._next)
        return state

    def _parsed(self, parsing) -> None:
        self.parsed.emit(self._job_done(), parsing)

    def _failed(self, message: str) -> None:
        self.failed.emit(self._job_done(), message)

    def _cancelled(self) -> None:
        self.cancelled.emit(self._job_done())
