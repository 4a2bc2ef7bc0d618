"""Sign-in limits count across app servers when they share Redis, and a Redis that does not
answer stops start-up with one sentence. Two apps are built in a child process: the limiter is
one object per process, and the rest of the suite keeps counting in memory."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hrsa import create_app
from hrsa.config import ConfigError
from tests.conftest import TEST_SECRET
from tests.shared_servers import REDIS_URL, run_servers

TWO_SERVERS = """
import json, sys
from flask_migrate import upgrade
from hrsa import create_app
database, uploads, redis_url, secret = sys.argv[1:5]
def server():
    return create_app({
        "SECRET_KEY": secret, "SQLALCHEMY_DATABASE_URI": database, "HRSA_UPLOAD_DIR": uploads,
        "RATELIMIT_STORAGE_URI": redis_url, "HRSA_LOGIN_ACCOUNT_LIMIT": "3 per minute",
        "WTF_CSRF_ENABLED": False, "MAIL_SERVER": "",
    })
first, second = server(), server()
with first.app_context():
    upgrade()
codes = []
for app in (first, second, first, second, first):
    response = app.test_client().post(
        "/sign-in", data={"email": "lead@school.example", "password": "wrong-password-1"})
    codes.append(response.status_code)
print(json.dumps(codes))
"""


def test_two_servers_sharing_redis_count_one_accounts_attempts_together(tmp_path, clean_redis):
    done = run_servers(TWO_SERVERS, tmp_path, REDIS_URL, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    codes = json.loads(done.stdout.strip().splitlines()[-1])
    # Three wrong passwords in all, alternating servers, then both servers refuse.
    assert codes == [200, 200, 200, 429, 429]


def test_a_redis_that_does_not_answer_is_one_sentence_at_start_up(tmp_path: Path):
    (tmp_path / "uploads").mkdir()
    with pytest.raises(ConfigError) as refused:
        create_app(
            {
                "SECRET_KEY": TEST_SECRET,
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.sqlite3'}",
                "HRSA_UPLOAD_DIR": str(tmp_path / "uploads"),
                "RATELIMIT_STORAGE_URI": "redis://:secret@127.0.0.1:1/0",
            }
        )
    message = str(refused.value)
    assert message.startswith("Redis at redis://:***@127.0.0.1:1/0 does not answer (")
    assert "secret" not in message and "\n" not in message
