"""The collector's side of the t.me worker process (``run.py``): start, feed, demultiplex.

One worker per collector, started on the first crawl and again after it died. Many
threads may crawl through it at once: each ``submit`` gets a ``Ticket`` whose queue a
reader thread fills with the events tagged with its request id. A worker that dies ends
every ticket it was serving with a ``died`` event; ``close`` stops it once no crawl is
left in it.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import logging
import queue
import subprocess
import sys
import threading
from collections import deque

from crawlers.telegram_web.walk import TERMINAL

log = logging.getLogger(__name__)
STOP_GRACE = 5.0  # seconds a worker gets to exit after its stdin closed, then it is killed


class Ticket:
    """One crawl request in the worker: its events, in order, then the end."""

    def __init__(self, worker: Worker, request_id: str, process: subprocess.Popen) -> None:
        self.worker, self.id, self.process = worker, request_id, process
        self.events: queue.Queue[dict] = queue.Queue()
        self.finished = False

    def next(self, timeout: float) -> dict:
        try:
            event = self.events.get(timeout=timeout)
        except queue.Empty:
            event = {"event": "failed", "reason": f"the t.me worker sent nothing for this "
                     f"crawl in {timeout:.0f} s"}
        self.finished = event.get("event") in TERMINAL or event.get("event") == "died"
        return event

    def close(self) -> None:
        """Done with it: a crawl left unfinished is cancelled in the worker."""
        self.worker.release(self, cancel=not self.finished)


class Worker:
    def __init__(self, download_delay: float) -> None:
        self.download_delay = download_delay
        self._lock = threading.Lock()
        self._process: subprocess.Popen | None = None
        self._tickets: dict[str, Ticket] = {}
        self._ids = itertools.count(1)
        self._closing = False
        self.starts = 0  # how many worker processes this collector started

    @property
    def pid(self) -> int | None:
        process = self._process
        return process.pid if process is not None else None

    def submit(self, request: dict) -> Ticket:
        with self._lock:
            process = self._process
            if process is None or process.poll() is not None:
                process = self._process = self._start()
            ticket = Ticket(self, str(next(self._ids)), process)
            self._tickets[ticket.id] = ticket
            self._send(process, {"op": "crawl", "id": ticket.id, **request})
        return ticket

    def release(self, ticket: Ticket, cancel: bool) -> None:
        with self._lock:
            self._tickets.pop(ticket.id, None)
            if cancel and ticket.process is self._process:
                self._send(ticket.process, {"op": "cancel", "id": ticket.id})
            if self._closing and not self._tickets:
                self._stop()

    def close(self) -> None:
        """Stop the worker now if it is idle, else as soon as its last crawl ends."""
        with self._lock:
            self._closing = True
            if not self._tickets:
                self._stop()

    def _start(self) -> subprocess.Popen:
        process = subprocess.Popen(
            [sys.executable, "-m", "crawlers.telegram_web.run",
             "--download-delay", str(self.download_delay)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            text=True, encoding="utf-8")
        self.starts += 1
        tail: deque[str] = deque(maxlen=20)
        stderr = threading.Thread(target=_read_stderr, args=(process, tail), daemon=True)
        stderr.start()
        threading.Thread(target=self._read, args=(process, stderr, tail), daemon=True,
                         name=f"tme-worker-{process.pid}").start()
        log.info("t.me worker started (pid %d)", process.pid)
        return process

    def _stop(self) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        with contextlib.suppress(OSError):
            process.stdin.close()  # the worker stops on EOF
        timer = threading.Timer(STOP_GRACE, _kill_if_running, args=(process,))
        timer.daemon = True  # a parent that exits first leaves the worker its stdin EOF
        timer.start()

    def _send(self, process: subprocess.Popen, message: dict) -> None:
        try:
            process.stdin.write(json.dumps(message, ensure_ascii=False) + "\n")
            process.stdin.flush()
        except (OSError, ValueError):  # it died: the reader tells every ticket so
            log.warning("t.me worker (pid %d) is gone; request %s not sent", process.pid,
                        message.get("id"))

    def _read(self, process: subprocess.Popen, stderr: threading.Thread,
              tail: deque[str]) -> None:
        """The reader thread: each event to its ticket; at the end, ``died`` to the rest."""
        for number, line in enumerate(process.stdout, start=1):
            try:
                event = json.loads(line)
                ticket = self._tickets.get(str(event["id"]))
            except (ValueError, TypeError, KeyError) as exc:
                log.error("t.me worker (pid %d) output line %d is not an event: %s: %.200s",
                          process.pid, number, exc, line)
                continue
            if ticket is not None:
                ticket.events.put(event)
        code = process.wait()
        stderr.join(2)
        with self._lock:
            orphans = [t for t in self._tickets.values() if t.process is process]
            if self._process is process:
                self._process = None
        reason = (f"the t.me worker process (pid {process.pid}) stopped with exit code "
                  f"{code} before the crawl finished: {''.join(tail)[-600:].strip()}")
        for ticket in orphans:
            ticket.events.put({"id": ticket.id, "event": "died", "reason": reason})
        process.stdout.close()


def _read_stderr(process: subprocess.Popen, tail: deque[str]) -> None:
    for line in process.stderr:
        tail.append(line)
        log.info("t.me worker %d: %s", process.pid, line.rstrip())
    process.stderr.close()


def _kill_if_running(process: subprocess.Popen) -> None:
    if process.poll() is None:
        log.warning("t.me worker (pid %d) did not stop in %.0f s; killed", process.pid,
                    STOP_GRACE)
        process.kill()
