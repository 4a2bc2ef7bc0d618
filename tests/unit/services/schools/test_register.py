"""Importing an authority's schools from a Get Information about Schools extract: what is read,
what is refused (naming the row and column), and what a second, or newer, import changes."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import select

from hrsa.core.errors import ServiceError
from hrsa.extensions import db
from hrsa.models import AuditEvent, Authority, School, Ward
from hrsa.services.schools import profile, register_import
from hrsa.services.schools.register_extract import ExtractRefused, read_extract
from hrsa.services.schools.register_phases import hrsa_phase
from tests.gias_extract import HEADER, extract, row


def read(rows, code="879", **options):
    return read_extract(io.BytesIO(extract(rows, **options)), code)


def imported(rows, code="879", **options):
    plan = register_import.apply_import(db.session, read(rows, code, **options), user_id=None)
    db.session.commit()
    return plan


def school(urn: str) -> School:
    db.session.expire_all()
    return db.session.scalar(select(School).where(School.urn == urn))


MOR = "Ysgol Gynradd Môr"
STOKE_DAMEREL = {
    "AdministrativeWard (code)": "E05008942",
    "AdministrativeWard (name)": "Stoke Damerel",
}
OTHER_AUTHORITY = {"LA (code)": "908", "LA (name)": "Cornwall"}


def test_the_first_import_sets_up_the_authority_and_adds_its_open_schools(app):
    plan = imported(
        [
            row("113521", MOR),
            row(
                "113522",
                "Harbour Primary",
                {"EstablishmentStatus (name)": "Open, but proposed to close"},
            ),
            row("113523", "Gone Primary", {"EstablishmentStatus (name)": "Closed"}),
            row("113524", "Soon Primary", {"EstablishmentStatus (name)": "Proposed to open"}),
            row("200001", "Truro Primary", OTHER_AUTHORITY),
            row("130001", "City College", {"TypeOfEstablishment (name)": "Further education"}),
        ]
    )
    assert plan.new_authority and plan.authority_name == "Plymouth"
    assert [s.urn for s in plan.added] == ["113521", "113522"]
    assert (plan.other_authorities, plan.not_schools, plan.not_yet_open) == (1, 1, 1)
    assert plan.closed_elsewhere == 1
    authority = db.session.scalar(select(Authority).where(Authority.code == "879"))
    mor = school("113521")
    assert mor.name == MOR  # ISO-8859-1 read as written
    assert mor.authority_id == authority.id
    assert (mor.phase, mor.ward, mor.number_on_roll) == ("primary", "Stoke", 210)
    assert mor.address == "Tamar Road, Plymouth, PL1 1AA"
    assert mor.website == "https://www.example-school.plymouth.sch.uk"
    assert mor.headteacher == "Mrs Hana Head"
    assert str(mor.last_ofsted_on) == "2024-05-14"
    assert (mor.statutory_low_age, mor.statutory_high_age) == (4, 11)
    ward = db.session.scalar(select(Ward).where(Ward.name == "Stoke"))
    assert (ward.authority_id, ward.code) == (authority.id, "E05008941")
    assert school("113523") is None and school("200001") is None


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "iso-8859-1"])
def test_utf8_with_or_without_a_bom_and_iso_8859_1_read_alike(app, encoding):
    found = read([row("113521", MOR)], encoding=encoding)
    assert found.schools[0].name == MOR


def test_a_second_identical_import_changes_nothing(app):
    rows = [row("113521", MOR), row("113522", "Harbour Primary")]
    imported(rows)
    events = db.session.query(AuditEvent).count()
    versions = [school("113521").version, school("113522").version]
    plan = imported(rows)
    assert not plan.changes_anything and len(plan.unchanged) == 2
    assert db.session.query(AuditEvent).count() == events
    assert [school("113521").version, school("113522").version] == versions


def test_a_newer_extract_changes_what_changed_audited_and_leaves_what_the_school_typed(app):
    imported([row("113521", MOR)])
    mor = school("113521")
    profile.update_profile(
        db.session,
        mor,
        {"telephone": "01752 000000", "nominated_lead": "Lena Lead"},
        user_id=None,
    )
    db.session.commit()
    plan = imported([row("113521", "Môr Academy", {"NumberOfPupils": "250", **STOKE_DAMEREL})])
    assert [c.field for c in plan.changed[0].changes] == ["name", "ward", "number_on_roll"]
    mor = school("113521")
    assert (mor.name, mor.ward, mor.number_on_roll) == ("Môr Academy", "Stoke Damerel", 250)
    assert mor.telephone == "01752 000000"  # the register did not change it: the school's stays
    assert mor.nominated_lead == "Lena Lead"
    change = db.session.scalar(
        select(AuditEvent).where(AuditEvent.entity == "school", AuditEvent.field == "name")
    )
    assert (change.old_value, change.new_value) == (MOR, "Môr Academy")


def test_a_school_the_register_closes_is_marked_closed_not_deleted(app):
    imported([row("113521", MOR)])
    plan = imported([row("113521", MOR, {"EstablishmentStatus (name)": "Closed"})])
    assert [r.urn for r in plan.closed] == ["113521"]
    assert school("113521").is_closed


def test_a_ward_renamed_by_an_administrator_keeps_its_name(app):
    imported([row("113521", MOR)])
    from hrsa.services.authorities import records

    ward = db.session.scalar(select(Ward).where(Ward.name == "Stoke"))
    records.update_ward(db.session, ward, name="Stoke (Devonport)", code=ward.code, user_id=None)
    db.session.commit()
    plan = imported([row("113521", MOR), row("113522", "Harbour Primary")])
    assert not plan.changed
    assert school("113522").ward == "Stoke (Devonport)"


def test_a_dry_run_plan_writes_nothing(app):
    plan = register_import.plan_import(db.session, read([row("113521", MOR)]))
    assert [s.urn for s in plan.added] == ["113521"] and plan.new_authority
    assert db.session.scalar(select(Authority)) is None
    assert db.session.scalar(select(Ward)) is None


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"URN": "12345"}, "row 3, column URN: URN must be 6 digits, like 113521, not 12345"),
        ({"URN": "113521"}, "row 3, column URN: URN 113521 is also on row 2"),
        (
            {"PhaseOfEducation (name)": "Kindergarten"},
            "row 3, column PhaseOfEducation (name): hrsa has no phase for Kindergarten",
        ),
        (
            {"EstablishmentStatus (name)": "Shut"},
            "row 3, column EstablishmentStatus (name): status must be Open",
        ),
        (
            {"AdministrativeWard (name)": ""},
            "row 3, column AdministrativeWard (name): the school has no ward",
        ),
    ],
)
def test_one_bad_row_refuses_the_whole_file_naming_row_and_column(app, changes, message):
    with pytest.raises(ExtractRefused) as refused:
        read([row("113521", MOR), row("113522", "Harbour Primary", changes)])
    assert str(refused.value).startswith(f"Nothing was imported: {message}")
    assert db.session.scalar(select(School)) is None


def test_a_missing_required_column_is_named_as_row_1(app):
    header = [column for column in HEADER if column != "PhaseOfEducation (name)"]
    with pytest.raises(ExtractRefused) as refused:
        read([row("113521", MOR)], header=header)
    assert str(refused.value) == (
        "Nothing was imported: row 1, column PhaseOfEducation (name): "
        "the extract has no such column"
    )


def test_a_csv_that_is_not_an_extract_says_so(app):
    stream = io.BytesIO(b"name,email,role\nSam,sam@example.org,lead\n")
    with pytest.raises(ExtractRefused, match="The file is not a Get Information about Schools"):
        read_extract(stream, "879")
    with pytest.raises(ExtractRefused, match="The file is not a Get Information about Schools"):
        read_extract(io.BytesIO(b""), "879")


def test_an_authority_neither_in_the_service_nor_the_extract_is_a_clear_error(app):
    with pytest.raises(ServiceError, match="No authority has code 999"):
        register_import.plan_import(db.session, read([row("113521", MOR)], code="999"))


def test_other_authorities_rows_are_skipped_unchecked(app):
    bad_elsewhere = row("12", "Truro Primary", {**OTHER_AUTHORITY, "PhaseOfEducation (name)": "?"})
    found = read([row("113521", MOR), bad_elsewhere])
    assert found.other_authorities == 1 and len(found.schools) == 1


@pytest.mark.parametrize(
    ("kind", "phase", "ages", "expected"),
    [
        ("Pupil referral unit", "Not applicable", (11, 16), "alternative_provision"),
        ("Academy alternative provision converter", "Secondary", (11, 16), "alternative_provision"),
        ("Community special school", "Not applicable", (2, 19), "special"),
        ("Academy special sponsor led", "All-through", (3, 19), "special"),
        ("Community school", "Nursery", (2, 5), "primary"),
        ("Academy converter", "Middle deemed secondary", (9, 13), "secondary"),
        ("Free schools", "All-through", (4, 18), "all_through"),
        ("Other independent school", "Not applicable", (3, 18), "all_through"),
        ("Other independent school", "Not applicable", (3, 11), "primary"),
        ("Other independent school", "Not applicable", (None, None), None),
    ],
)
def test_register_phases_map_to_hrsas(kind, phase, ages, expected):
    assert hrsa_phase(kind, phase, *ages) == expected
