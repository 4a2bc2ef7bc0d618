"""Where jobs run, behind one interface: `submit(job_id)` after the job's row is committed.

- RqRunner: on Redis, for `hrsa worker` processes (any number, on any machine) to take.
- ThreadRunner: the embedded default without Redis: one background thread of the app process
  takes jobs in turn, so `make run` behaves as production does, only on one machine.
- InlineRunner: runs the job before `submit` returns (tests, and HRSA_JOBS_INLINE).

The work itself (a function taking the job's id) comes from the caller: it opens the app's
database session and store around `running.run`.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from typing import Protocol

import redis
from rq import Queue

log = logging.getLogger(__name__)

Work = Callable[[int], object]
RQ_FUNCTION = "hrsa.jobs.work.run_job"  # what an RQ worker calls with the job's id
SCHEDULED_FUNCTION = "hrsa.jobs.work.run_scheduled"  # ... and with a scheduled task's name
QUEUE_NAME = "hrsa"


class Runner(Protocol):
    """Takes committed jobs and sees that they run."""

    def submit(self, job_id: int) -> None:
        """Run the job (now, soon, or on another machine)."""
        ...


class InlineRunner:
    """Runs each job before submit returns."""

    def __init__(self, work: Work) -> None:
        self.work = work

    def submit(self, job_id: int) -> None:
        self.work(job_id)


class ThreadRunner:
    """One daemon thread that runs submitted jobs in turn (started with the first job)."""

    def __init__(self, work: Work) -> None:
        self.work = work
        self._queue: queue.Queue[int] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def submit(self, job_id: int) -> None:
        self._queue.put(job_id)
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._loop, name="hrsa-jobs", daemon=True)
                self._thread.start()

    def _loop(self) -> None:
        while True:
            job_id = self._queue.get()
            try:
                self.work(job_id)
            except Exception:  # the job records its own failure; this is a failure around it
                log.exception("Background job %s could not be run", job_id)
            finally:
                self._queue.task_done()

    def wait(self) -> None:
        """Block until every submitted job has run (tests)."""
        self._queue.join()


class RqRunner:
    """Puts each job's id on an RQ queue in Redis, for `hrsa worker` to take."""

    def __init__(self, redis_url: str, *, timeout: int, queue_name: str = QUEUE_NAME) -> None:
        self.redis_url = redis_url
        self.timeout = timeout
        self.queue_name = queue_name
        self._connection: redis.Redis | None = None

    def queue(self) -> Queue:
        """The RQ queue (connected when first used: a process that starts no job needs no
        Redis; the connection pool is then shared by every request of the process)."""
        if self._connection is None:
            # No read timeout: `hrsa worker` blocks on this connection waiting for jobs.
            self._connection = redis.Redis.from_url(self.redis_url, socket_connect_timeout=2)
        return Queue(self.queue_name, connection=self._connection)

    def submit(self, job_id: int) -> None:
        self.queue().enqueue(
            RQ_FUNCTION,
            job_id,
            job_id=f"hrsa-job-{job_id}",
            job_timeout=self.timeout,
            result_ttl=3600,
            failure_ttl=7 * 24 * 3600,
        )

    def submit_scheduled(self, name: str, *, claim_key: str, claim_seconds: int) -> bool:
        """Enqueue a scheduled task unless another scheduler already claimed this period
        (SET NX in Redis): returns whether this one did."""
        rq_queue = self.queue()
        if not rq_queue.connection.set(claim_key, "1", nx=True, ex=claim_seconds):
            return False
        rq_queue.enqueue(SCHEDULED_FUNCTION, name, job_timeout=self.timeout, result_ttl=86400)
        return True
