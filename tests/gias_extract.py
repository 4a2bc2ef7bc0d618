"""Small establishment extracts of Get Information about Schools, made in the tests: DfE's real
column names in their real order (the download's first 75 or so columns and the ward's), encoded
ISO-8859-1 as older extracts are, so a test reads the file an administrator would upload."""

from __future__ import annotations

import csv
import io
from typing import Any

HEADER = [
    "URN",
    "LA (code)",
    "LA (name)",
    "EstablishmentNumber",
    "EstablishmentName",
    "TypeOfEstablishment (code)",
    "TypeOfEstablishment (name)",
    "EstablishmentTypeGroup (code)",
    "EstablishmentTypeGroup (name)",
    "EstablishmentStatus (code)",
    "EstablishmentStatus (name)",
    "ReasonEstablishmentOpened (code)",
    "ReasonEstablishmentOpened (name)",
    "OpenDate",
    "ReasonEstablishmentClosed (code)",
    "ReasonEstablishmentClosed (name)",
    "CloseDate",
    "PhaseOfEducation (code)",
    "PhaseOfEducation (name)",
    "StatutoryLowAge",
    "StatutoryHighAge",
    "Boarders (code)",
    "Boarders (name)",
    "NurseryProvision (name)",
    "OfficialSixthForm (code)",
    "OfficialSixthForm (name)",
    "Gender (code)",
    "Gender (name)",
    "ReligiousCharacter (code)",
    "ReligiousCharacter (name)",
    "ReligiousEthos (name)",
    "Diocese (code)",
    "Diocese (name)",
    "AdmissionsPolicy (code)",
    "AdmissionsPolicy (name)",
    "SchoolCapacity",
    "SpecialClasses (code)",
    "SpecialClasses (name)",
    "CensusDate",
    "NumberOfPupils",
    "NumberOfBoys",
    "NumberOfGirls",
    "PercentageFSM",
    "TrustSchoolFlag (code)",
    "TrustSchoolFlag (name)",
    "Trusts (code)",
    "Trusts (name)",
    "SchoolSponsorFlag (name)",
    "SchoolSponsors (name)",
    "FederationFlag (name)",
    "Federations (code)",
    "Federations (name)",
    "UKPRN",
    "FEHEIdentifier",
    "FurtherEducationType (name)",
    "OfstedLastInsp",
    "LastChangedDate",
    "Street",
    "Locality",
    "Address3",
    "Town",
    "County (name)",
    "Postcode",
    "SchoolWebsite",
    "TelephoneNum",
    "HeadTitle (name)",
    "HeadFirstName",
    "HeadLastName",
    "HeadPreferredJobTitle",
    "GOR (code)",
    "GOR (name)",
    "DistrictAdministrative (code)",
    "DistrictAdministrative (name)",
    "AdministrativeWard (code)",
    "AdministrativeWard (name)",
    "ParliamentaryConstituency (code)",
    "ParliamentaryConstituency (name)",
    "UrbanRural (code)",
    "UrbanRural (name)",
    "Easting",
    "Northing",
]

PLYMOUTH = {"LA (code)": "879", "LA (name)": "Plymouth"}


def row(urn: str, name: str, changes: dict[str, Any] | None = None) -> dict[str, str]:
    """One open community primary school of Plymouth, with the columns `changes` gives."""
    base = {
        "URN": urn,
        **PLYMOUTH,
        "EstablishmentNumber": "2001",
        "EstablishmentName": name,
        "TypeOfEstablishment (name)": "Community school",
        "EstablishmentTypeGroup (name)": "Local authority maintained schools",
        "EstablishmentStatus (name)": "Open",
        "PhaseOfEducation (name)": "Primary",
        "StatutoryLowAge": "4",
        "StatutoryHighAge": "11",
        "NumberOfPupils": "210",
        "OfstedLastInsp": "14-05-2024",
        "Street": "Tamar Road",
        "Town": "Plymouth",
        "Postcode": "PL1 1AA",
        "SchoolWebsite": "www.example-school.plymouth.sch.uk",
        "TelephoneNum": "01752123456",
        "HeadTitle (name)": "Mrs",
        "HeadFirstName": "Hana",
        "HeadLastName": "Head",
        "AdministrativeWard (code)": "E05008941",
        "AdministrativeWard (name)": "Stoke",
    }
    base.update({column: str(value) for column, value in (changes or {}).items()})
    return base


def extract(rows: list[dict[str, str]], *, encoding: str = "iso-8859-1", header=HEADER) -> bytes:
    """The rows as an extract file: every column of the header, blank where not given."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for values in rows:
        writer.writerow([values.get(column, "") for column in header])
    return out.getvalue().encode(encoding)
