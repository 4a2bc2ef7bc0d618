"""Sample evidence files built in code (no binary fixtures): real minimal documents of every
accepted type, and the bad files people might send (renamed programs, macros, zip bombs...).

Each builder returns the file's bytes. make_rating() builds the rows a test needs to attach
evidence to, through the test factories: one standard's rating in the school's assessment.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

from PIL import Image
from sqlalchemy.orm import Session

from hrsa.models import Assessment, Cycle, Rating, School
from hrsa.services.assessment import starting
from tests.factories import Factory

CONTENT_TYPES_HEAD = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
)
WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
WORD_MACRO_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"
SHEET_MACRO_MAIN = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
SLIDES_MAIN = "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
WORD_TEMPLATE_MAIN = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
)


def _zip(members: list[tuple[str, bytes | str]], *, stored: frozenset[str] = frozenset()) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            method = zipfile.ZIP_STORED if name in stored else zipfile.ZIP_DEFLATED
            archive.writestr(zipfile.ZipInfo(name, (2026, 9, 1, 12, 0, 0)), data, method)
    return buffer.getvalue()


def _content_types(main_part: str, main_type: str, extra: str = "") -> str:
    return (
        CONTENT_TYPES_HEAD
        + f'<Override PartName="{main_part}" ContentType="{main_type}"/>'
        + extra
        + "</Types>"
    )


def _rels(target: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        f'relationships/officeDocument" Target="{target}"/></Relationships>'
    )


WORD_DOCUMENT = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    "<w:body><w:p><w:r><w:t>Our relationships education policy</w:t></w:r></w:p></w:body>"
    "</w:document>"
)


# --- accepted ---------------------------------------------------------------------------------


def pdf(variant: int = 0) -> bytes:
    """A real one-page PDF with a correct cross-reference table; each variant is a different file
    of the same size (the same file twice on one standard is refused)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        None,  # the content stream, below
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    title = b"Relationships policy" if not variant else b"Relationships pol%03d" % variant
    text = b"BT /F1 12 Tf 20 100 Td (%s) Tj ET" % title
    objects[3] = b"<< /Length %d >>\nstream\n%s\nendstream" % (len(text), text)
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def docx() -> bytes:
    return _zip(
        [
            ("[Content_Types].xml", _content_types("/word/document.xml", WORD_MAIN)),
            ("_rels/.rels", _rels("word/document.xml")),
            ("word/document.xml", WORD_DOCUMENT),
        ]
    )


def xlsx() -> bytes:
    """A real workbook, written by openpyxl."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Year group", "Lessons"])
    sheet.append(["Year 7", 6])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def pptx() -> bytes:
    presentation = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<p:presentation xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"/>'
    )
    return _zip(
        [
            ("[Content_Types].xml", _content_types("/ppt/presentation.xml", SLIDES_MAIN)),
            ("_rels/.rels", _rels("ppt/presentation.xml")),
            ("ppt/presentation.xml", presentation),
        ]
    )


ODF_MIMETYPES = {
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odp": "application/vnd.oasis.opendocument.presentation",
    "odg": "application/vnd.oasis.opendocument.graphics",
}


def _manifest(mimetype: str, encrypted: bool = False) -> str:
    encryption = (
        '<manifest:encryption-data manifest:checksum-type="SHA1/1K" manifest:checksum="x">'
        '<manifest:algorithm manifest:algorithm-name="Blowfish CFB"/></manifest:encryption-data>'
        if encrypted
        else ""
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
        f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{mimetype}"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml">'
        f"{encryption}</manifest:file-entry></manifest:manifest>"
    )


def odf(kind: str = "odt", *, encrypted: bool = False, macros: bool = False) -> bytes:
    """An OpenDocument file: 'mimetype' first and uncompressed, as the standard requires."""
    mimetype = ODF_MIMETYPES[kind]
    members: list[tuple[str, bytes | str]] = [
        ("mimetype", mimetype),
        ("META-INF/manifest.xml", _manifest(mimetype, encrypted)),
        (
            "content.xml",
            '<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content '
            'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>',
        ),
    ]
    if macros:
        members.append(("Basic/Standard/Module1.xml", 'Sub Main\nShell("calc")\nEnd Sub'))
    return _zip(members, stored=frozenset({"mimetype"}))


def odt() -> bytes:
    return odf("odt")


def ods() -> bytes:
    return odf("ods")


def odp() -> bytes:
    return odf("odp")


def png() -> bytes:
    """A real 2x2 PNG, chunk by chunk."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0)  # 2x2, 8-bit RGB
    rows = b"".join(b"\x00" + b"\xd4\x35\x1c" * 2 for _ in range(2))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (29, 112, 184)).save(buffer, "JPEG")
    return buffer.getvalue()


def txt() -> bytes:
    return b"Staff training log\n2026-09-04: consent and respect (all staff)\n"


def csv() -> bytes:
    return b"year_group,lessons\r\nYear 7,6\r\nYear 8,5\r\n"


def cp1252_text() -> bytes:
    return "Caf\u00e9 conversation notes \u2013 parents\u2019 evening\n".encode("cp1252")


# --- refused ----------------------------------------------------------------------------------


def exe() -> bytes:
    """The start of a Windows program: DOS header pointing at a PE header."""
    dos_header = b"MZ" + b"\x90\x00" + b"\x00" * 56 + struct.pack("<I", 64)
    return dos_header + b"PE\x00\x00" + struct.pack("<HH", 0x14C, 1) + b"\x00" * 200


def html_page() -> bytes:
    return b"\xef\xbb\xbf  \n<!DOCTYPE html><html><body><script>alert(document.cookie)</script>"


def svg() -> bytes:
    return (
        b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">'
        b"<script>alert(document.domain)</script></svg>"
    )


def docm() -> bytes:
    """A macro-enabled Word document (saved as .docm, then renamed)."""
    return _zip(
        [
            (
                "[Content_Types].xml",
                _content_types(
                    "/word/document.xml",
                    WORD_MACRO_MAIN,
                    '<Override PartName="/word/vbaProject.bin" '
                    'ContentType="application/vnd.ms-office.vbaProject"/>',
                ),
            ),
            ("_rels/.rels", _rels("word/document.xml")),
            ("word/document.xml", WORD_DOCUMENT),
            ("word/vbaProject.bin", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100),
        ]
    )


def xlsm_content_type_only() -> bytes:
    """Macro-enabled by content type alone (no vbaProject.bin member)."""
    return _zip(
        [
            ("[Content_Types].xml", _content_types("/xl/workbook.xml", SHEET_MACRO_MAIN)),
            ("_rels/.rels", _rels("xl/workbook.xml")),
            ("xl/workbook.xml", "<workbook/>"),
        ]
    )


def dotx() -> bytes:
    """A Word template: an Office file, but not a kind we accept."""
    return _zip(
        [
            ("[Content_Types].xml", _content_types("/word/document.xml", WORD_TEMPLATE_MAIN)),
            ("word/document.xml", WORD_DOCUMENT),
        ]
    )


def docx_missing_main_part() -> bytes:
    return _zip([("[Content_Types].xml", _content_types("/word/document.xml", WORD_MAIN))])


def _set_encrypted_flag(data: bytes) -> bytes:
    """Set bit 0 (encrypted) of every member's flags, in local and central headers alike."""
    out = bytearray(data)
    for signature, flag_offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = 0
        while (found := out.find(signature, start)) != -1:
            (flags,) = struct.unpack_from("<H", out, found + flag_offset)
            struct.pack_into("<H", out, found + flag_offset, flags | 0x1)
            start = found + 4
    return bytes(out)


def encrypted_zip() -> bytes:
    """A zip whose members are marked as encrypted (a password-protected archive)."""
    return _set_encrypted_flag(xlsx())


def corrupt_zip() -> bytes:
    return b"PK\x03\x04" + b"\x14\x00\x00\x00\x08\x00" + b"this is not the rest of a zip" * 20


def damaged_member_zip() -> bytes:
    """A well-formed docx whose document part fails its checksum."""
    data = _zip(
        [
            ("[Content_Types].xml", _content_types("/word/document.xml", WORD_MAIN)),
            ("word/document.xml", WORD_DOCUMENT),
        ],
        stored=frozenset({"word/document.xml"}),
    )
    return data.replace(b"Our relationships", b"Our relationshipZ", 1)


def zip_bomb() -> bytes:
    """A docx hiding 30 MB of zeros that compress about a thousandfold."""
    return _zip(
        [
            ("[Content_Types].xml", _content_types("/word/document.xml", WORD_MAIN)),
            ("word/document.xml", WORD_DOCUMENT),
            ("word/media/image1.bin", bytes(30 * 1024 * 1024)),
        ]
    )


def zip_claiming_300_mb() -> bytes:
    """A docx whose central directory says a member unpacks to 300 MB."""
    out = bytearray(docx())
    central = out.find(b"PK\x01\x02")
    struct.pack_into("<I", out, central + 24, 300 * 1024 * 1024)
    return bytes(out)


def plain_zip() -> bytes:
    return _zip([("policy.txt", "Our policy"), ("plan.txt", "Our plan")])


def ole2() -> bytes:
    """An OLE2 compound file: an encrypted OOXML document, or an old .doc/.xls."""
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 16 + b"\x3e\x00\x03\x00" + b"\x00" * 488


def gif() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (2, 2)).save(buffer, "GIF")
    return buffer.getvalue()


def utf16_text() -> bytes:
    return "Minutes of the governors' meeting\n".encode("utf-16")


def binary_junk() -> bytes:
    return bytes(range(256)) * 4


def empty() -> bytes:
    return b""


# --- rows to attach evidence to ---------------------------------------------------------------


def make_rating(
    session: Session,
    factory: Factory,
    school: School,
    *,
    code: str = "1.1",
    cycle: Cycle | None = None,
    assessment: Assessment | None = None,
) -> Rating:
    """The rating for standard `code`: in the given assessment, or in the school's assessment in
    `cycle` (the factory's cycle if not given), started through the factory if there is none."""
    if assessment is None:
        cycle = cycle or factory.cycle()
        assessment = starting.find(session, school.id, cycle.id) or factory.assessment(
            school, cycle
        )
    return factory.rating(assessment, code)
