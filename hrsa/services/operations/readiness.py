"""Whether this instance can serve: the database answers within a short time, the file store
takes files and, where one is set, the shared Redis answers. `/readyz` (for a load balancer)
reports these; `/healthz` only says the process is alive.

The database is asked from a worker thread with its own connection, so a database that hangs
costs the check its timeout, not the web worker: at most one check waits at a time, and while
it waits the instance reports itself not ready.
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field

from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from hrsa.storage.base import Storage, StorageError

log = logging.getLogger(__name__)

_checker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="hrsa-readiness")
_lock = threading.Lock()
_waiting: Future[None] | None = None


@dataclass
class Readiness:
    """Each part's state ("ok" or why not) and whether all are ok."""

    parts: dict[str, str] = field(default_factory=dict)

    @property
    def ready(self) -> bool:
        return all(state == "ok" for state in self.parts.values())


def _ask(engine: Engine) -> None:
    with engine.connect() as connection:
        connection.execute(text("SELECT 1 FROM alembic_version"))


def database_state(engine: Engine, timeout: float) -> str:
    """'ok', or why the database is not ready, within `timeout` seconds."""
    global _waiting
    with _lock:
        if _waiting is not None and not _waiting.done():
            return "not answering: an earlier check is still waiting"
        _waiting = _checker.submit(_ask, engine)
        waiting = _waiting
    try:
        waiting.result(timeout=timeout)
    except FutureTimeout:
        return f"not answering within {timeout:g} seconds"
    except SQLAlchemyError:
        # The reason (with the server's address) goes to the log, not to whoever asks.
        log.exception("Readiness: the database refused")
        return "unavailable"
    return "ok"


def store_state(store: Storage) -> str:
    """'ok', or why the file store cannot take files."""
    try:
        store.check_writable()
    except StorageError as error:
        return str(error)
    return "ok"


def redis_state(url: str, timeout: float) -> str:
    """'ok', or why the shared Redis (sign-in limits, the job queue) is not ready."""
    import redis  # only where Redis is configured

    client = redis.Redis.from_url(url, socket_connect_timeout=timeout, socket_timeout=timeout)
    try:
        client.ping()
    except redis.RedisError:
        log.exception("Readiness: Redis did not answer")
        return "not answering"
    finally:
        client.close()
    return "ok"


def readiness(engine: Engine, store: Storage, *, timeout: float, redis_url: str = "") -> Readiness:
    """The database and the store, and Redis where one is configured."""
    parts = {"database": database_state(engine, timeout), "store": store_state(store)}
    if redis_url:
        parts["redis"] = redis_state(redis_url, timeout)
    return Readiness(parts)
