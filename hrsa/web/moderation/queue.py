"""Views: the advisory group's moderation queue, and drawing a random sample for moderation."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from hrsa.core.errors import ServiceError
from hrsa.core.vocabulary.schools import PHASES
from hrsa.extensions import db
from hrsa.models import Cycle
from hrsa.services.cycles import lookup
from hrsa.services.moderation import decisions, sample
from hrsa.services.moderation.queue import QueueFilters, QueueStatus, queue
from hrsa.services.schools import profile
from hrsa.web.forms import ascii_number
from hrsa.web.moderation import bp
from hrsa.web.moderation.forms import SampleForm
from hrsa.web.security import form_checks_csrf


def _moderator_or_403() -> None:
    if not decisions.can_moderate(current_user):
        abort(403)


def _chosen_cycle(cycles: list[Cycle]) -> Cycle | None:
    """The cycle named by ?cycle= (a known id), else the current one, else the newest."""
    wanted = ascii_number(request.args.get("cycle", ""))
    for cycle in cycles:
        if cycle.id == wanted:
            return cycle
    return lookup.current_cycle(db.session) or (cycles[0] if cycles else None)


def _filters(wards: list[str]) -> QueueFilters:
    """The filters from the query string; a value not on offer counts as 'any'."""
    ward = request.args.get("ward", "")
    phase = request.args.get("phase", "")
    status = request.args.get("status", "")
    return QueueFilters(
        ward=ward if ward in wards else None,
        phase=phase if phase in PHASES else None,
        status=QueueStatus(status) if status in {s.value for s in QueueStatus} else None,
        sampled_only=request.args.get("sampled") == "yes",
    )


def _items(
    options: list[tuple[str, str]], chosen: str | None, any_text: str
) -> list[dict[str, Any]]:
    return [{"value": "", "text": any_text}] + [
        {"value": value, "text": text, "selected": value == chosen} for value, text in options
    ]


@bp.route("/moderation")
@login_required
def queue_page() -> str:
    """Every submitted assessment of a cycle, with how far moderation has gone."""
    _moderator_or_403()
    return _render_queue(SampleForm(formdata=None))


def _render_queue(form: SampleForm, status: int = 200) -> Any:
    cycles = lookup.all_cycles(db.session)
    cycle = _chosen_cycle(cycles)
    wards = profile.wards_in_use(db.session)
    filters = _filters(wards)
    rows = queue(db.session, cycle, filters) if cycle else []
    context = {
        "title": "Moderation",
        "cycle": cycle,
        "rows": rows,
        "filtered": filters != QueueFilters(),
        "form": form,
        "can_sample": bool(cycle and not cycle.is_closed),
        "available": sample.available(db.session, cycle) if cycle else 0,
        "cycle_items": [
            {"value": c.id, "text": c.name, "selected": cycle is not None and c.id == cycle.id}
            for c in cycles
        ],
        "ward_items": _items([(w, w) for w in wards], filters.ward, "Any ward"),
        "phase_items": _items(list(PHASES.items()), filters.phase, "Any phase"),
        "status_items": _items(
            [(s.value, s.label) for s in QueueStatus],
            filters.status.value if filters.status else None,
            "Any status",
        ),
        "sampled_only": filters.sampled_only,
    }
    return render_template("moderation/queue.html", **context), status


@bp.route("/moderation/sample", methods=["POST"])
@form_checks_csrf
@login_required
def draw_sample() -> Response | Any:
    """Add schools drawn at random to the chosen cycle's sample for moderation."""
    _moderator_or_403()
    form = SampleForm()
    cycles = lookup.all_cycles(db.session)
    cycle = _chosen_cycle(cycles)
    if cycle is None or cycle.is_closed:
        flash("There is no open cycle to draw a sample from.")
        return redirect(url_for("moderation.queue_page"))
    if form.validate_on_submit():
        size = ascii_number(form.size.data or "", max_digits=5)
        try:
            chosen = sample.draw(db.session, current_user, cycle, size)
        except ServiceError as error:
            db.session.rollback()
            form.show_error(error, default="size")
            return _render_queue(form, 400)
        db.session.commit()
        names = ", ".join(school.name for school in chosen)
        flash(f"Added to the {cycle.name} sample: {names}.", "success")
    return redirect(url_for("moderation.queue_page", cycle=cycle.id, sampled="yes"))
