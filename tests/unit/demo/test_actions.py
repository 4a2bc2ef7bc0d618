"""The demo's delivery plans read like real ones: each action fits its standard's subject."""

from __future__ import annotations

from sqlalchemy import select

from hrsa.core.framework import load_framework
from hrsa.demo import actions as demo_actions
from hrsa.extensions import db
from hrsa.models import PlanAction, Rating


def test_every_standard_has_its_own_demo_actions():
    codes = {s.code for s in load_framework("standards/eight_principles.json").standards}

    assert set(demo_actions.ACTIONS) == codes
    texts = [what for actions in demo_actions.ACTIONS.values() for what, _ in actions]
    assert len(texts) == len(set(texts))
    assert "parents' and carers' information evening" in demo_actions.action_for("7.2", 0)[0]
    assert demo_actions.next_steps_for("4.1").startswith("Write a student voice policy")


def test_the_seeded_demo_puts_each_action_on_a_standard_it_fits(app):
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output

    rows = db.session.execute(
        select(Rating.standard_code, Rating.next_steps, PlanAction.what).join(
            PlanAction, PlanAction.rating_id == Rating.id
        )
    ).all()

    assert rows
    for code, next_steps, what in rows:
        assert what in {w for w, _ in demo_actions.ACTIONS[code]}, (code, what)
        assert what in next_steps, (code, what)
