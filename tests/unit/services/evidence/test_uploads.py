"""The upload pipeline on its own (no database, no record it is attached to): which files are
accepted by content, the size limit and quota, generated keys, and that nothing refused is kept.

Most tests use an in-memory store with no local disk at all, as an object store would be."""

from __future__ import annotations

import hashlib
import io
import secrets
from collections.abc import Callable
from typing import IO

import pytest

from hrsa.services.evidence.uploads import (
    StoredUpload,
    UploadLimits,
    UploadRejected,
    accept,
    clean_display_name,
    discard,
    limits_from,
)
from hrsa.storage.base import CHUNK_SIZE, FileMissing, StoredFile
from hrsa.storage.filesystem import FileSystemStorage
from tests import evidence_samples as samples

MB = 1024 * 1024
ROOMY = UploadLimits(max_file_bytes=20 * MB, quota_bytes=500 * MB)


class MemoryStorage:
    """A Storage with no local files (as an object store would be): keys to bytes."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}

    def save(self, stream: IO[bytes], *, max_bytes: int) -> StoredFile:
        data = stream.read()
        assert len(data) <= max_bytes
        key = secrets.token_hex(16)
        self.files[key] = data
        return StoredFile(key=key, size=len(data), sha256=hashlib.sha256(data).hexdigest())

    def open(self, key: str) -> IO[bytes]:
        if key not in self.files:
            raise FileMissing(key)
        return io.BytesIO(self.files[key])

    def delete(self, key: str) -> None:
        self.files.pop(key, None)


class CountedStream(io.RawIOBase):
    """An upload that records how much of it was read, and never gives it up in one piece."""

    def __init__(self, data: bytes) -> None:
        self._data = io.BytesIO(data)
        self.bytes_read = 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:  # type: ignore[override]
        assert 0 < size <= CHUNK_SIZE, f"read({size}) would pull the whole upload into memory"
        chunk = self._data.read(size)
        self.bytes_read += len(chunk)
        return chunk


@pytest.fixture
def store() -> MemoryStorage:
    return MemoryStorage()


def upload(store, filename: str, data: bytes, limits: UploadLimits = ROOMY, used: int = 0):
    return accept(store, io.BytesIO(data), filename, limits=limits, used_bytes=used)


ACCEPTED: list[tuple[str, Callable[[], bytes], str]] = [
    ("Governors policy.pdf", samples.pdf, "application/pdf"),
    (
        "Governors policy.docx",
        samples.docx,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    (
        "Governors lessons.xlsx",
        samples.xlsx,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    (
        "Governors training.pptx",
        samples.pptx,
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ),
    ("Governors policy.odt", samples.odt, "application/vnd.oasis.opendocument.text"),
    ("Governors lessons.ods", samples.ods, "application/vnd.oasis.opendocument.spreadsheet"),
    ("Governors training.odp", samples.odp, "application/vnd.oasis.opendocument.presentation"),
    ("Governors display.png", samples.png, "image/png"),
    ("Governors display.jpg", samples.jpeg, "image/jpeg"),
    ("Governors display.JPEG", samples.jpeg, "image/jpeg"),
    ("Governors log.txt", samples.txt, "text/plain"),
    ("Governors notes.txt", samples.cp1252_text, "text/plain"),
    ("Governors lessons.csv", samples.csv, "text/csv"),
]


@pytest.mark.parametrize(("filename", "build", "content_type"), ACCEPTED)
def test_every_accepted_type_is_stored_with_its_type_size_and_hash(
    store, filename, build, content_type
):
    data = build()

    stored = upload(store, filename, data)

    assert stored == StoredUpload(
        key=stored.key,
        filename=filename,
        content_type=content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )
    assert store.files == {stored.key: data}


def test_the_stored_file_is_named_by_a_generated_key_not_by_the_upload(tmp_path):
    (tmp_path / "uploads").mkdir()
    store = FileSystemStorage(tmp_path / "uploads")

    stored = upload(store, "Governors policy.pdf", samples.pdf())

    path = store.path(stored.key)
    assert path.read_bytes() == samples.pdf()
    relative = str(path.relative_to(store.root)).lower()
    assert "governors" not in relative and "pdf" not in relative
    assert [p for p in store.root.rglob("*") if p.is_file()] == [path]


REFUSED: list[tuple[str, Callable[[], bytes], str]] = [
    ("report.exe.pdf", samples.exe, "is a program, not a document"),
    ("notes.txt", samples.html_page, "is HTML or SVG disguised as a text file"),
    ("logo.png", samples.svg, "is HTML or SVG disguised as a PNG image"),
    ("index.html", samples.html_page, "is a web page or SVG image"),
    ("letter.docx", samples.docm, "contains macros"),
    ("letter.docm", samples.docx, "contains macros"),
    ("budget.xlsx", samples.xlsm_content_type_only, "contains macros"),
    ("minutes.odt", lambda: samples.odf("odt", macros=True), "contains macros"),
    ("budget.xlsx", samples.encrypted_zip, "is password-protected"),
    ("minutes.odt", lambda: samples.odf("odt", encrypted=True), "is password-protected"),
    ("locked.docx", samples.ole2, "is an encrypted or old-format Office file"),
    ("broken.docx", samples.corrupt_zip, "is damaged or incomplete"),
    ("checksum.docx", samples.damaged_member_zip, "is damaged or incomplete"),
    ("nopart.docx", samples.docx_missing_main_part, "is damaged or incomplete"),
    ("bomb.docx", samples.zip_bomb, "may be a zip bomb"),
    ("huge.docx", samples.zip_claiming_300_mb, "may be a zip bomb"),
    ("bundle.zip", samples.plain_zip, "is a zip file, not a document"),
    ("template.docx", samples.dotx, "is a kind of Office file this service does not accept"),
    ("drawing.odg", lambda: samples.odf("odg"), "kind of OpenDocument file"),
    ("animation.gif", samples.gif, "is a kind of image this service does not accept (GIF)"),
    ("minutes.txt", samples.utf16_text, "uses a text encoding this service cannot read"),
    ("data.txt", samples.binary_junk, "is not a kind of file this service accepts"),
    ("photo.pdf", samples.png, "is a PNG image, not a PDF: rename it to end in .png"),
    ("policy.doc", samples.pdf, "is a PDF but its name ends in .doc"),
    ("policy", samples.pdf, "is a PDF but its name has no extension"),
    ("empty.pdf", samples.empty, "is empty"),
]


@pytest.mark.parametrize(("filename", "build", "reason"), REFUSED)
def test_bad_files_are_refused_with_a_reason_and_never_reach_the_store(
    store, filename, build, reason
):
    with pytest.raises(UploadRejected) as refused:
        upload(store, filename, build())

    message = str(refused.value)
    assert message.startswith(f"{filename} ")
    assert reason in message
    assert refused.value.filename == filename
    assert message == f"{filename} {refused.value.reason}"
    assert store.files == {}


def test_refusals_name_the_file_without_its_folders_and_say_what_can_be_uploaded(store):
    with pytest.raises(UploadRejected) as refused:
        upload(store, "C:\\fakepath\\report.exe.pdf", samples.exe())
    assert str(refused.value) == (
        "report.exe.pdf is a program, not a document: upload a PDF, Word, Excel, PowerPoint, "
        "OpenDocument, image, text or CSV file"
    )


def test_a_file_over_the_size_limit_is_refused_without_reading_it_all(store):
    small = UploadLimits(max_file_bytes=CHUNK_SIZE + 10)
    stream = CountedStream(b"a" * (CHUNK_SIZE * 5))

    with pytest.raises(UploadRejected) as refused:
        accept(store, stream, "big.txt", limits=small)  # type: ignore[arg-type]

    assert str(refused.value) == "big.txt is larger than 64 KB: choose a smaller file"
    assert stream.bytes_read == 2 * CHUNK_SIZE
    assert store.files == {}
    assert upload(store, "fits.txt", b"a" * (CHUNK_SIZE + 10), limits=small).size == CHUNK_SIZE + 10


def test_a_large_file_is_checked_and_stored_whole(store):
    data = b"Lesson plan line\n" * (3 * MB // 17)  # past the in-memory spool, so on a temp file

    stored = upload(store, "plans.txt", data)

    assert (stored.size, stored.content_type) == (len(data), "text/plain")
    assert store.files[stored.key] == data


def test_the_limits_come_from_the_configuration_in_megabytes(store):
    assert limits_from({"HRSA_MAX_UPLOAD_MB": 5, "HRSA_SCHOOL_QUOTA_MB": "50"}) == UploadLimits(
        max_file_bytes=5 * MB, quota_bytes=50 * MB
    )
    limits = limits_from({})
    assert limits == UploadLimits(max_file_bytes=20 * MB, quota_bytes=500 * MB)
    with pytest.raises(UploadRejected, match=r"^video\.txt is larger than 20 MB: choose a"):
        upload(store, "video.txt", b"a" * (20 * MB + 1), limits=limits)


def test_an_upload_that_would_pass_the_quota_is_refused(store):
    pdf = samples.pdf()
    limits = UploadLimits(max_file_bytes=MB, quota_bytes=500 * MB)

    with pytest.raises(UploadRejected) as refused:
        upload(store, "policy.pdf", pdf, limits=limits, used=500 * MB - len(pdf) + 1)

    assert str(refused.value) == (
        "policy.pdf would take your school past its 500 MB storage allowance: "
        "delete old evidence or ask an administrator"
    )
    assert store.files == {}
    assert upload(store, "policy.pdf", pdf, limits=limits, used=500 * MB - len(pdf)).size


def test_without_a_quota_only_the_file_size_counts(store):
    limits = UploadLimits(max_file_bytes=MB)
    assert upload(store, "policy.pdf", samples.pdf(), limits=limits, used=10**15).size > 0


def test_discard_deletes_a_stored_upload(store):
    stored = upload(store, "policy.pdf", samples.pdf())

    discard(store, stored.key)
    discard(store, stored.key)  # already gone: fine

    assert store.files == {}


@pytest.mark.parametrize(
    ("sent", "shown"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\fakepath\\report.pdf", "report.pdf"),
        ("/home/head/Documents/Plan.docx", "Plan.docx"),
        ("  Annual \t  plan\n2026.pdf ", "Annual plan 2026.pdf"),
        ("evil\x00name\x1b[31m.pdf", "evilname[31m.pdf"),
        ("invoice\u202efdp.exe", "invoicefdp.exe"),
        ("", "unnamed file"),
        ("folder/", "unnamed file"),
        ("..", "unnamed file"),
        # Windows' device names, which no file can have there, and its dropped trailing dots.
        ("CON.pdf", "_CON.pdf"),
        ("con", "_con"),
        ("lpt1.docx", "_lpt1.docx"),
        ("Com9.tar.gz", "_Com9.tar.gz"),
        ("CONTROL.pdf", "CONTROL.pdf"),
        ("console.txt", "console.txt"),
        ("plan.pdf. . ", "plan.pdf"),
    ],
)
def test_clean_display_name(sent, shown):
    assert clean_display_name(sent) == shown


def test_clean_display_name_keeps_the_extension_of_a_long_name():
    cleaned = clean_display_name("a" * 300 + ".pdf")
    assert len(cleaned) == 200 and cleaned.endswith("aaa.pdf")
    thousand = clean_display_name("x" * 996 + ".txt")
    assert len(thousand) == 200 and thousand.endswith("x.txt")
