"""Autosave: a change schedules a save one second later; further changes push it back.

:class:`Debouncer` runs the save on a timer thread, so typing never waits for the disk.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any


class Debouncer:
    """Run ``func`` once, ``delay`` seconds after the last :meth:`trigger`.

    Used for autosave: each change calls :meth:`trigger`; the save runs when the trainee
    has paused for ``delay`` seconds. It uses a :class:`threading.Timer`, which works in
    JupyterLab, in Voilà and in plain Python alike. Timers are not daemon threads, so a
    pending save still runs when the kernel shuts down normally.

    Args:
        func: the function to run (no arguments). Its exceptions are passed to ``on_error``.
        delay: seconds of quiet before ``func`` runs.
        on_error: called with the exception if ``func`` raises (default: ignore).

    >>> calls = []
    >>> d = Debouncer(lambda: calls.append(1), delay=60)
    >>> d.trigger(); d.trigger(); d.pending
    True
    >>> d.flush(), calls, d.pending
    (True, [1], False)
    >>> d.flush()
    False
    """

    def __init__(self, func: Callable[[], Any], delay: float = 1.0,
                 on_error: Callable[[BaseException], Any] | None = None) -> None:
        self.func, self.delay, self.on_error = func, delay, on_error
        self._lock = threading.Lock()
        self._run_lock = threading.Lock()
        self._timer: threading.Timer | None = None

    @property
    def pending(self) -> bool:
        """Whether a run is scheduled."""
        return self._timer is not None

    def trigger(self) -> None:
        """Schedule a run ``delay`` seconds from now (replacing a scheduled one)."""
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
            timer = threading.Timer(self.delay, self._fire)
            timer.name = "worksheet-autosave"
            self._timer = timer
            timer.start()

    def _fire(self) -> None:
        with self._lock:
            if self._timer is not threading.current_thread():
                return  # replaced or cancelled meanwhile
            self._timer = None
        self._run()

    def _run(self) -> None:
        with self._run_lock:
            try:
                self.func()
            except BaseException as exc:  # noqa: BLE001 - reported, never lost in a thread
                if self.on_error is not None:
                    self.on_error(exc)

    def cancel(self) -> bool:
        """Drop a scheduled run. Returns whether one was scheduled."""
        with self._lock:
            timer, self._timer = self._timer, None
        if timer is not None:
            timer.cancel()
        return timer is not None

    def flush(self) -> bool:
        """Run now if a run is scheduled. Returns whether it ran."""
        if self.cancel():
            self._run()
            return True
        return False
