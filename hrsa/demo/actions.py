"""The demo's next steps and delivery-plan actions, written for each standard's subject.

A demo school's plan should read like a real one: a parents' evening belongs to 7.2 (training
for parents and carers), not to 4.1 (the student voice policy). Each standard has two actions
(what will be done, who does it); its next steps say both.
"""

from __future__ import annotations

# How many choices the demo's random stream draws from per action (kept at 5, the size of the
# old shared list, so the same seed still gives the same demo city).
ACTION_SLOTS = 5

ACTIONS: dict[str, tuple[tuple[str, str], ...]] = {
    "1.1": (
        ("Hold a governors' briefing on healthy relationships education", "Safeguarding governor"),
        ("Add healthy relationships to the senior leadership team's termly agenda", "Headteacher"),
    ),
    "1.2": (
        (
            "Add healthy relationships education to the school improvement plan",
            "Deputy headteacher",
        ),
        (
            "Review the RSE policy with governors so it sets out messages by key stage",
            "Safeguarding governor",
        ),
    ),
    "1.3": (
        ("Appoint a named healthy relationships lead with protected time", "Headteacher"),
        (
            "Set termly meetings between the healthy relationships lead and senior leaders",
            "Deputy headteacher",
        ),
    ),
    "1.4": (
        (
            "Join the Safer Plymouth healthy relationships network meetings",
            "Designated safeguarding lead",
        ),
        (
            "Build a directory of local relationship support providers for staff",
            "Family support worker",
        ),
    ),
    "2.1": (
        ("Run a healthy relationships awareness week for the whole school", "PSHE lead"),
        ("Include healthy relationships messages in an assembly each half term", "Head of year 9"),
    ),
    "2.2": (
        (
            "Put up posters in corridors and toilets saying where pupils can ask for help",
            "Pastoral lead",
        ),
        (
            "Train staff to respond to disclosures calmly and without judgement",
            "Designated safeguarding lead",
        ),
    ),
    "2.3": (
        ("Add restorative approaches to conflict to the behaviour policy", "Deputy headteacher"),
        ("Observe tutor time for healthy relationships practice and give feedback", "PSHE lead"),
    ),
    "3.1": (
        ("Map the healthy relationships curriculum across every key stage", "PSHE lead"),
        ("Write a scheme of work with progressive messages for each year group", "Head of PSHE"),
    ),
    "3.2": (
        ("Add lessons on relationships and change for pupils moving into year 7", "Head of year 7"),
        (
            "Agree where healthy relationships are taught in English and drama",
            "Curriculum deputy headteacher",
        ),
    ),
    "4.1": (
        (
            "Write a student voice policy saying how pupils' views are sought and acted on",
            "Deputy headteacher",
        ),
        ("Agree the student voice policy with the school council", "Head of year 9"),
    ),
    "4.2": (
        (
            "Run a pupil survey on relationships education and share what changed as a result",
            "Head of year 9",
        ),
        ("Set up a pupil voice group on relationships education", "PSHE lead"),
    ),
    "4.3": (
        ("Recruit and train year 10 peer mentors", "Pastoral lead"),
        ("Write aims and objectives for the peer mentoring programme", "Head of year 10"),
    ),
    "5.1": (
        ("Book whole-staff healthy relationships training", "PSHE lead"),
        ("Keep a record of when each member of staff was last trained", "School business manager"),
    ),
    "5.2": (
        ("Run a staff wellbeing survey and act on what it shows", "Headteacher"),
        ("Add staff wellbeing to the agenda of every staff meeting", "Deputy headteacher"),
    ),
    "6.1": (
        ("Run a pupil wellbeing survey each autumn and summer term", "Pastoral lead"),
        ("Choose a wellbeing measure to use with every year group", "Designated safeguarding lead"),
    ),
    "6.2": (
        ("Use the pupil survey results to plan next year's PSHE lessons", "Head of PSHE"),
        (
            "Report survey findings to governors with the support they point to",
            "Deputy headteacher",
        ),
    ),
    "6.3": (
        (
            "Set a before-and-after measure for each healthy relationships intervention",
            "Pastoral lead",
        ),
        (
            "Review the impact of interventions with senior leaders each term",
            "Designated safeguarding lead",
        ),
    ),
    "7.1": (
        ("Consult parents and carers on the RSE policy", "Headteacher"),
        (
            "Add a healthy relationships page for parents and carers to the school website",
            "Family support worker",
        ),
    ),
    "7.2": (
        (
            "Run a parents' and carers' information evening on healthy relationships",
            "Family support worker",
        ),
        (
            "Offer an online session for parents on talking with children about relationships",
            "PSHE lead",
        ),
    ),
    "8.1": (
        (
            "Train staff to recognise pupils at greater risk of unhealthy relationships",
            "Designated safeguarding lead",
        ),
        ("Agree a referral route for pupils staff are worried about", "Pastoral lead"),
    ),
    "8.2": (
        ("Give pupils a list of local and online relationship support services", "Pastoral lead"),
        ("Work towards the PSHE quality mark", "Head of PSHE"),
    ),
}
GENERAL = (
    ("Agree actions for this standard with the senior leadership team", "Deputy headteacher"),
)


def action_for(code: str, slot: int) -> tuple[str, str]:
    """One of the standard's demo actions (what, who), chosen by `slot`."""
    actions = ACTIONS.get(code, GENERAL)
    return actions[slot % len(actions)]


def next_steps_for(code: str) -> str:
    """The demo's next steps for a standard rated Red or Amber: both of its actions."""
    return " ".join(f"{what}." for what, _ in ACTIONS.get(code, GENERAL))
