"""`hrsa expire-downloads` (hourly) and `hrsa worker`'s one-sentence refusals; a scheduled task
runs the same command cron would."""

from __future__ import annotations

from datetime import timedelta

from hrsa.core.vocabulary.jobs import JobKind
from hrsa.core.vocabulary.people import Role
from hrsa.extensions import db
from hrsa.jobs import runner
from hrsa.jobs.work import run_scheduled
from hrsa.models.base import utcnow
from hrsa.services.jobs import records


def test_expire_downloads_removes_results_past_their_24_hours(app, factory) -> None:
    person = factory.user(Role.COMMISSIONER)
    job = records.start(
        db.session,
        user_id=person.id,
        kind=JobKind.RATINGS_EXPORT,
        parameters={"cycle_id": factory.cycle().id, "format": "csv"},
    )
    db.session.commit()
    runner().submit(job.id)
    db.session.expire_all()
    cli = app.test_cli_runner()

    fresh = cli.invoke(args=["expire-downloads"])
    job.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    old = cli.invoke(args=["expire-downloads"])

    assert fresh.output.strip() == "0 download(s) past their 24 hours removed."
    assert old.output.strip() == "1 download(s) past their 24 hours removed."
    db.session.expire_all()
    assert job.state == "expired" and job.result_key is None


def test_a_scheduled_task_is_the_command_of_that_name(app, capsys) -> None:
    run_scheduled("expire-downloads")
    assert "download(s) past their 24 hours removed." in capsys.readouterr().out


def test_the_worker_without_redis_says_why_in_one_sentence(app) -> None:
    result = app.test_cli_runner().invoke(args=["worker", "--burst"])

    assert result.exit_code == 1
    assert "Set HRSA_REDIS_URL to the Redis the app servers use" in result.output
