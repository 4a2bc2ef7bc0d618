"""Documentary evidence for a rating: uploaded files checked by their content, and links.

A file is accepted only if what is inside it is one of the ACCEPTED types and its name's
extension agrees: a program, web page or macro-enabled document renamed to look like a PDF is
refused, and so are password-protected, damaged and zip-bomb files. Removing evidence is a soft
delete: an administrator can restore it for 30 days, after which purge_expired() removes it and,
unless a carried-forward copy still uses it, its stored file.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
import zipfile
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path, PurePosixPath
from typing import IO, Any
from urllib.parse import urlsplit

import filetype
from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload

from hrsa.models import Assessment, EvidenceItem, Rating, User
from hrsa.models.base import utcnow
from hrsa.models.evidence import KIND_FILE, KIND_LINK
from hrsa.services import ServiceError, audit
from hrsa.storage import FileTooLarge, Storage

MB = 1024 * 1024
RESTORE_DAYS = 30
RESTORE_WINDOW = timedelta(days=RESTORE_DAYS)
MAX_NAME_LENGTH = 200
MAX_TITLE_LENGTH = 300
MAX_URL_LENGTH = 2000
UNNAMED = "unnamed file"

# Zip containers (Office and OpenDocument files) are unpacked to check them: refuse any that
# would unpack to an unsafe amount of data.
ZIP_MAX_EXPANDED_BYTES = 200 * MB
ZIP_MAX_RATIO = 100
ZIP_RATIO_CHECKED_ABOVE = 1 * MB  # tiny files compress well without being bombs
ZIP_MAX_MEMBERS = 10_000
ZIP_MAX_MANIFEST_BYTES = 1 * MB

HEAD_BYTES = 8192
CHUNK_SIZE = 64 * 1024

UPLOAD_ADVICE = "upload a PDF, Word, Excel, PowerPoint, OpenDocument, image, text or CSV file"


@dataclass(frozen=True)
class FileType:
    """A kind of file the service accepts, recognised by its content."""

    content_type: str
    label: str  # reads after "is": "a PDF", "a Word document"
    extensions: tuple[str, ...]


PDF = FileType("application/pdf", "a PDF", (".pdf",))
DOCX = FileType(
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "a Word document",
    (".docx",),
)
XLSX = FileType(
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "an Excel spreadsheet",
    (".xlsx",),
)
PPTX = FileType(
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "a PowerPoint presentation",
    (".pptx",),
)
ODT = FileType("application/vnd.oasis.opendocument.text", "an OpenDocument text file", (".odt",))
ODS = FileType(
    "application/vnd.oasis.opendocument.spreadsheet", "an OpenDocument spreadsheet", (".ods",)
)
ODP = FileType(
    "application/vnd.oasis.opendocument.presentation", "an OpenDocument presentation", (".odp",)
)
PNG = FileType("image/png", "a PNG image", (".png",))
JPEG = FileType("image/jpeg", "a JPEG image", (".jpg", ".jpeg"))
TEXT = FileType("text/plain", "a text file", (".txt",))
CSV = FileType("text/csv", "a CSV file", (".csv",))

ACCEPTED: tuple[FileType, ...] = (PDF, DOCX, XLSX, PPTX, ODT, ODS, ODP, PNG, JPEG, TEXT, CSV)
# For <input type="file" accept="...">: a hint to the browser's file picker, never a check.
ACCEPT_ATTRIBUTE = ",".join(ext for file_type in ACCEPTED for ext in file_type.extensions)
_BY_EXTENSION: dict[str, FileType] = {
    ext: file_type for file_type in ACCEPTED for ext in file_type.extensions
}

_OOXML_MAIN_PARTS: dict[str, FileType] = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": DOCX,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": XLSX,
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml": PPTX,
}
_ODF_MIMETYPES: dict[str, FileType] = {t.content_type: t for t in (ODT, ODS, ODP)}
_MACRO_EXTENSIONS = frozenset(
    {".docm", ".dotm", ".xlsm", ".xltm", ".xlam", ".pptm", ".potm", ".ppsm", ".ppam", ".sldm"}
)
_WEB_EXTENSIONS = frozenset({".html", ".htm", ".xhtml", ".shtml", ".svg", ".svgz", ".xml", ".hta"})
_SCRIPT_EXTENSIONS = frozenset(
    {".js", ".mjs", ".vbs", ".vbe", ".wsf", ".ps1", ".bat", ".cmd", ".sh", ".py", ".jar", ".exe"}
)
_PROGRAM_MAGIC = (
    b"MZ",  # Windows programs and libraries
    b"\x7fELF",  # Linux
    b"\xfe\xed\xfa\xce",  # macOS (Mach-O, both byte orders and widths)
    b"\xfe\xed\xfa\xcf",
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",  # Mach-O universal binaries and Java classes
    b"#!/",  # scripts
)
_PROGRAM_MIMES = frozenset(
    {
        "application/x-msdownload",
        "application/x-executable",
        "application/wasm",
        "application/x-shockwave-flash",
        "application/x-google-chrome-extension",
        "application/x-deb",
        "application/x-rpm",
    }
)
_ARCHIVE_MIMES = frozenset(
    {
        "application/x-tar",
        "application/x-rar-compressed",
        "application/gzip",
        "application/x-bzip2",
        "application/x-7z-compressed",
        "application/x-xz",
        "application/vnd.ms-cab-compressed",
        "application/zstd",
        "application/x-lzip",
        "application/x-lz4",
        "application/x-compress",
        "application/x-lzop",
        "application/x-brotli",
        "application/x-unix-archive",
    }
)
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_MARKUP_MARKERS = ("<html", "<svg", "<script", "<!doctype", "<?xml")
_OVERRIDE_TAG = re.compile(r"<(?:[\w.-]+:)?Override\b([^>]*)>")
_XML_ATTRIBUTE = re.compile(r"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_ODF_BASIC_LIBRARY_FILES = frozenset(
    {"script-lc.xml", "script-lb.xml", "dialog-lc.xml", "dialog-lb.xml"}
)


class EvidenceRejected(ServiceError):
    """A file (or link) was refused; str() is one sentence naming it and saying why."""

    def __init__(self, filename: str, reason: str) -> None:
        self.filename = filename
        self.reason = reason
        super().__init__(f"{filename} {reason}")


class LinkRejected(EvidenceRejected):
    """A link was refused; str() is the error message for the web address field."""

    def __init__(self, message: str) -> None:
        self.filename = "link"
        self.reason = message
        ServiceError.__init__(self, message)


@dataclass(frozen=True)
class UploadLimits:
    max_file_bytes: int
    school_quota_bytes: int


def limits_from_config(config: Mapping[str, Any]) -> UploadLimits:
    """The per-file and per-school limits from HRSA_MAX_UPLOAD_MB and HRSA_SCHOOL_QUOTA_MB."""
    return UploadLimits(
        max_file_bytes=int(config.get("HRSA_MAX_UPLOAD_MB", 20)) * MB,
        school_quota_bytes=int(config.get("HRSA_SCHOOL_QUOTA_MB", 500)) * MB,
    )


def size_label(size: int) -> str:
    """A size for people: '20 MB', '1.5 MB', '340 KB', '12 bytes'."""
    if size >= MB:
        return f"{size / MB:.1f}".removesuffix(".0") + " MB"
    if size >= 1024:
        return f"{round(size / 1024)} KB"
    return "1 byte" if size == 1 else f"{size} bytes"


def clean_display_name(filename: str) -> str:
    """The file's name for display only: no folders, control characters or runs of spaces."""
    name = unicodedata.normalize("NFC", filename or "")
    name = "".join(" " if ch.isspace() else ch for ch in name)
    name = "".join(ch for ch in name if unicodedata.category(ch) not in {"Cc", "Cf", "Cs"})
    name = re.split(r"[\\/]", name)[-1]
    name = " ".join(name.split())
    if name in {"", ".", ".."}:
        return UNNAMED
    if len(name) > MAX_NAME_LENGTH:
        suffix = PurePosixPath(name).suffix
        if 1 < len(suffix) <= 20:
            name = name[: MAX_NAME_LENGTH - len(suffix)].rstrip() + suffix
        else:
            name = name[:MAX_NAME_LENGTH].rstrip()
    return name


# ---------------------------------------------------------------------------------------------
# Recognising files by their content


def inspect_file(path: Path, filename: str) -> FileType:
    """The accepted type of the file at path, or EvidenceRejected saying what is wrong with it."""
    extension = PurePosixPath(filename).suffix.lower()
    if extension in _MACRO_EXTENSIONS:
        raise _macros(filename)
    with path.open("rb") as stream:
        head = stream.read(HEAD_BYTES)
    if not head:
        raise EvidenceRejected(filename, "is empty")
    detected = _detect(path, head, filename, extension)
    if detected is TEXT:
        if extension in CSV.extensions:
            return CSV
        if extension in TEXT.extensions:
            return TEXT
    if extension in detected.extensions:
        return detected
    raise _wrong_extension(filename, detected, extension)


def _detect(path: Path, head: bytes, filename: str, extension: str) -> FileType:
    if head.startswith(_PROGRAM_MAGIC):
        raise _program(filename)
    if head.startswith(_OLE2_MAGIC):
        raise EvidenceRejected(
            filename,
            "is an encrypted or old-format Office file: remove any password, save it as a "
            ".docx, .xlsx or .pptx file and upload that",
        )
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(_PNG_MAGIC):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(_ZIP_MAGIC):
        return _inspect_zip(path, filename)
    return _inspect_text(path, head, filename, extension)


def _program(filename: str) -> EvidenceRejected:
    return EvidenceRejected(filename, f"is a program, not a document: {UPLOAD_ADVICE}")


def _macros(filename: str) -> EvidenceRejected:
    return EvidenceRejected(
        filename,
        "contains macros, which could harm other people's computers: save it without macros "
        "(as a .docx, .xlsx, .pptx or OpenDocument file) and upload that",
    )


def _damaged(filename: str) -> EvidenceRejected:
    return EvidenceRejected(
        filename, "is damaged or incomplete: open it, save it again and upload the new copy"
    )


def _wrong_extension(filename: str, detected: FileType, extension: str) -> EvidenceRejected:
    fix = f"rename it to end in {detected.extensions[0]} or choose a different file"
    claimed = _BY_EXTENSION.get(extension)
    if claimed is not None:
        return EvidenceRejected(filename, f"is {detected.label}, not {claimed.label}: {fix}")
    if extension:
        return EvidenceRejected(
            filename, f"is {detected.label} but its name ends in {extension}: {fix}"
        )
    return EvidenceRejected(filename, f"is {detected.label} but its name has no extension: {fix}")


def _inspect_zip(path: Path, filename: str) -> FileType:
    try:
        with zipfile.ZipFile(path) as archive:
            return _inspect_archive(archive, filename)
    except (
        zipfile.BadZipFile,
        zlib.error,
        EOFError,
        OSError,
        ValueError,
        NotImplementedError,
        RuntimeError,
    ):
        raise _damaged(filename) from None


def _inspect_archive(archive: zipfile.ZipFile, filename: str) -> FileType:
    infos = archive.infolist()
    if any(info.flag_bits & 0x1 for info in infos):
        raise EvidenceRejected(
            filename, "is password-protected: remove the password, save it again and upload that"
        )
    expanded = sum(info.file_size for info in infos)
    packed = sum(info.compress_size for info in infos)
    if (
        len(infos) > ZIP_MAX_MEMBERS
        or expanded > ZIP_MAX_EXPANDED_BYTES
        or (expanded > ZIP_RATIO_CHECKED_ABOVE and expanded > ZIP_MAX_RATIO * max(packed, 1))
    ):
        raise EvidenceRejected(
            filename,
            "unpacks to far more data than a document should (it may be a zip bomb), so it "
            "cannot be checked safely: save it again and upload the new copy",
        )
    by_lower_name = {info.filename.lower(): info for info in infos}
    if any(name.endswith(("vbaproject.bin", "vbadata.xml")) for name in by_lower_name):
        raise _macros(filename)
    if archive.testzip() is not None:
        raise _damaged(filename)
    if "[content_types].xml" in by_lower_name:
        return _ooxml_type(archive, by_lower_name, filename)
    if "mimetype" in by_lower_name:
        return _odf_type(archive, by_lower_name, filename)
    raise EvidenceRejected(
        filename,
        "is a zip file, not a document: unzip it and upload the documents inside one at a time",
    )


def _read_small(archive: zipfile.ZipFile, info: zipfile.ZipInfo, filename: str) -> str:
    if info.file_size > ZIP_MAX_MANIFEST_BYTES:
        raise _damaged(filename)
    return archive.read(info).decode("utf-8", errors="replace")


def _ooxml_type(
    archive: zipfile.ZipFile, by_lower_name: dict[str, zipfile.ZipInfo], filename: str
) -> FileType:
    """Office Open XML: [Content_Types].xml names the main part, which must be in the file."""
    content_types = _read_small(archive, by_lower_name["[content_types].xml"], filename)
    lowered = content_types.lower()
    if "macroenabled" in lowered or "vbaproject" in lowered:
        raise _macros(filename)
    for tag in _OVERRIDE_TAG.finditer(content_types):
        attributes = {
            match.group(1): match.group(2) if match.group(2) is not None else match.group(3)
            for match in _XML_ATTRIBUTE.finditer(tag.group(1))
        }
        file_type = _OOXML_MAIN_PARTS.get(attributes.get("ContentType", "").strip().lower())
        if file_type is None:
            continue
        if attributes.get("PartName", "").lstrip("/").lower() not in by_lower_name:
            raise _damaged(filename)
        return file_type
    raise EvidenceRejected(
        filename,
        "is a kind of Office file this service does not accept: save it as a .docx, .xlsx or "
        ".pptx file and upload that",
    )


def _odf_type(
    archive: zipfile.ZipFile, by_lower_name: dict[str, zipfile.ZipInfo], filename: str
) -> FileType:
    """OpenDocument: the 'mimetype' member says which kind; macros and passwords are refused."""
    mimetype = _read_small(archive, by_lower_name["mimetype"], filename).strip()
    file_type = _ODF_MIMETYPES.get(mimetype)
    if file_type is None:
        raise EvidenceRejected(
            filename,
            "is a kind of OpenDocument file this service does not accept: save it as an "
            ".odt, .ods or .odp file and upload that",
        )
    manifest = by_lower_name.get("meta-inf/manifest.xml")
    if manifest is not None and "encryption-data" in _read_small(archive, manifest, filename):
        raise EvidenceRejected(
            filename, "is password-protected: remove the password, save it again and upload that"
        )
    for name in by_lower_name:
        if name.startswith("scripts/") or (
            name.startswith("basic/")
            and name.endswith(".xml")
            and PurePosixPath(name).name not in _ODF_BASIC_LIBRARY_FILES
        ):
            raise _macros(filename)
    return file_type


def _inspect_text(path: Path, head: bytes, filename: str, extension: str) -> FileType:
    """Plain text: UTF-8 or Windows-1252, no NUL bytes, and not HTML, SVG or a script."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise EvidenceRejected(
            filename,
            "uses a text encoding this service cannot read: save it as UTF-8 text and upload that",
        )
    encoding = next((e for e in ("utf-8", "cp1252") if _decodes_as_text(path, e)), None)
    if encoding is None:
        raise _not_accepted(filename, head)
    if extension in _WEB_EXTENSIONS:
        raise EvidenceRejected(
            filename, f"is a web page or SVG image, which could run code: {UPLOAD_ADVICE}"
        )
    if extension in _SCRIPT_EXTENSIONS:
        raise _program(filename)
    sample = head.decode(encoding, errors="replace").lstrip("\ufeff \t\r\n\f\v").lower()
    if sample.startswith("<") and any(marker in sample for marker in _MARKUP_MARKERS):
        claimed = _BY_EXTENSION.get(extension)
        disguise = claimed.label if claimed else "a document"
        raise EvidenceRejected(filename, f"is HTML or SVG disguised as {disguise}: {UPLOAD_ADVICE}")
    return TEXT


def _decodes_as_text(path: Path, encoding: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        with path.open("rb") as stream:
            while chunk := stream.read(CHUNK_SIZE):
                if b"\x00" in chunk:
                    return False
                decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _not_accepted(filename: str, head: bytes) -> EvidenceRejected:
    """Say what a binary file of a type we do not accept seems to be."""
    kind = filetype.guess(head)
    mime = kind.mime if kind is not None else ""
    if mime in _PROGRAM_MIMES:
        return _program(filename)
    if mime.startswith("image/"):
        return EvidenceRejected(
            filename,
            f"is a kind of image this service does not accept ({kind.extension.upper()}): "
            "save it as a PNG or JPEG and upload that",
        )
    if mime.startswith(("video/", "audio/")):
        return EvidenceRejected(
            filename, f"is a video or sound file, not a document: {UPLOAD_ADVICE}"
        )
    if mime in _ARCHIVE_MIMES:
        return EvidenceRejected(
            filename, f"is a compressed archive, not a document: {UPLOAD_ADVICE}"
        )
    return EvidenceRejected(
        filename, f"is not a kind of file this service accepts: {UPLOAD_ADVICE}"
    )


# ---------------------------------------------------------------------------------------------
# Adding, removing, restoring and purging evidence


def school_usage_bytes(session: Session, school_id: int) -> int:
    """Bytes of live files the school has stored, counting a carried-forward copy's file once."""
    per_key = (
        select(func.max(EvidenceItem.size_bytes).label("size"))
        .where(
            EvidenceItem.school_id == school_id,
            EvidenceItem.kind == KIND_FILE,
            EvidenceItem.deleted_at.is_(None),
        )
        .group_by(EvidenceItem.storage_key)
        .subquery()
    )
    return int(session.scalar(select(func.coalesce(func.sum(per_key.c.size), 0))) or 0)


def add_file(
    session: Session,
    store: Storage,
    *,
    rating: Rating,
    stream: IO[bytes],
    filename: str,
    user_id: int,
    limits: UploadLimits,
) -> EvidenceItem:
    """Store an uploaded file as evidence for the rating, or refuse it (EvidenceRejected) and
    keep nothing. The school's quota counts files added earlier in the same transaction."""
    name = clean_display_name(filename)
    try:
        stored = store.save(stream, max_bytes=limits.max_file_bytes)
    except FileTooLarge:
        raise EvidenceRejected(
            name, f"is larger than {size_label(limits.max_file_bytes)}: choose a smaller file"
        ) from None
    try:
        if stored.size == 0:
            raise EvidenceRejected(name, "is empty")
        file_type = inspect_file(store.path_for_inspection(stored.key), name)
        assessment = rating.assessment
        used = school_usage_bytes(session, assessment.school_id)
        if used + stored.size > limits.school_quota_bytes:
            raise EvidenceRejected(
                name,
                f"would take your school past its {size_label(limits.school_quota_bytes)} "
                "storage allowance: delete old evidence or ask an administrator",
            )
        item = EvidenceItem(
            rating_id=rating.id,
            school_id=assessment.school_id,
            kind=KIND_FILE,
            title=name,
            storage_key=stored.key,
            content_type=file_type.content_type,
            size_bytes=stored.size,
            sha256=stored.sha256,
            uploaded_by_id=user_id,
        )
        session.add(item)
        session.flush()
        _audit(session, item, rating, user_id=user_id, action="add_evidence", new=name)
    except BaseException:
        store.delete(stored.key)
        raise
    return item


def add_link(
    session: Session, *, rating: Rating, url: str, title: str, user_id: int
) -> EvidenceItem:
    """Add a web link as evidence; only http and https addresses with a host are accepted."""
    url = url.strip()
    host_and_path = _check_url(url)
    clean_title = " ".join(
        "".join(ch for ch in title if unicodedata.category(ch) not in {"Cc", "Cf", "Cs"}).split()
    )
    item = EvidenceItem(
        rating_id=rating.id,
        school_id=rating.assessment.school_id,
        kind=KIND_LINK,
        title=(clean_title or host_and_path)[:MAX_TITLE_LENGTH],
        url=url,
        uploaded_by_id=user_id,
    )
    session.add(item)
    session.flush()
    _audit(
        session, item, rating, user_id=user_id, action="add_evidence", new=item.title, detail=url
    )
    return item


def _check_url(url: str) -> str:
    """Raise LinkRejected unless url is a full http(s) address; return its host and path."""
    if not url:
        raise LinkRejected("Enter a web address")
    if len(url) > MAX_URL_LENGTH:
        raise LinkRejected("Web address must be 2,000 characters or fewer")
    if any(ch.isspace() or unicodedata.category(ch) == "Cc" for ch in url):
        raise LinkRejected("Enter a web address without spaces")
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        raise LinkRejected("Enter a full web address starting with https://") from None
    if parts.scheme.lower() not in {"http", "https"} or not parts.hostname:
        raise LinkRejected("Enter a full web address starting with https://")
    if parts.username is not None or parts.password is not None:
        raise LinkRejected("Enter a web address without a username or password in it")
    return (parts.hostname + parts.path).rstrip("/")


def remove(
    session: Session, item: EvidenceItem, *, user_id: int, now: datetime | None = None
) -> None:
    """Soft-delete: the item disappears from the page but can be restored for 30 days."""
    if item.deleted_at is not None:
        return
    item.deleted_at = now or utcnow()
    item.deleted_by_id = user_id
    _audit(session, item, item.rating, user_id=user_id, action="remove_evidence", old=item.title)
    session.flush()


def restore(
    session: Session, item: EvidenceItem, *, user_id: int, now: datetime | None = None
) -> None:
    """Bring back a removed item, if it was removed no more than 30 days ago."""
    if item.deleted_at is None:
        return
    if (now or utcnow()) - item.deleted_at > RESTORE_WINDOW:
        raise ServiceError(
            f"{item.title} was deleted more than {RESTORE_DAYS} days ago and cannot be restored"
        )
    item.deleted_at = None
    item.deleted_by_id = None
    _audit(session, item, item.rating, user_id=user_id, action="restore_evidence", new=item.title)
    session.flush()


def purge_expired(session: Session, store: Storage, *, now: datetime | None = None) -> int:
    """Permanently delete items removed more than 30 days ago, and each stored file no other
    item (such as a carried-forward copy) still uses. Returns how many items were purged.

    Files are deleted after the flush but before the caller commits: if that commit failed,
    the rows left behind are past restoring anyway, so nothing anyone can reach is lost."""
    cutoff = (now or utcnow()) - RESTORE_WINDOW
    items = session.scalars(
        select(EvidenceItem)
        .where(EvidenceItem.deleted_at.is_not(None), EvidenceItem.deleted_at < cutoff)
        .options(joinedload(EvidenceItem.rating))
    ).all()
    if not items:
        return 0
    keys = {item.storage_key for item in items if item.storage_key}
    for item in items:
        _audit(session, item, item.rating, user_id=None, action="purge_evidence", old=item.title)
        session.delete(item)
    session.flush()
    still_used = set(
        session.scalars(
            select(EvidenceItem.storage_key).where(EvidenceItem.storage_key.in_(keys)).distinct()
        )
    )
    for key in keys - still_used:
        store.delete(key)
    return len(items)


def _audit(
    session: Session,
    item: EvidenceItem,
    rating: Rating,
    *,
    user_id: int | None,
    action: str,
    old: str | None = None,
    new: str | None = None,
    detail: str | None = None,
) -> None:
    audit.record(
        session,
        user_id=user_id,
        action=action,
        entity="evidence",
        entity_id=item.id,
        school_id=item.school_id,
        assessment_id=rating.assessment_id,
        standard_code=rating.standard_code,
        old=old,
        new=new,
        detail=detail,
    )


# ---------------------------------------------------------------------------------------------
# Reading


def live_items_for_ratings(
    session: Session, rating_ids: Sequence[int]
) -> dict[int, list[EvidenceItem]]:
    """Each rating's evidence that has not been removed, oldest first (one query)."""
    found: dict[int, list[EvidenceItem]] = {rating_id: [] for rating_id in rating_ids}
    if not found:
        return found
    items = session.scalars(
        select(EvidenceItem)
        .where(EvidenceItem.rating_id.in_(found), EvidenceItem.deleted_at.is_(None))
        .order_by(EvidenceItem.created_at, EvidenceItem.id)
    )
    for item in items:
        found[item.rating_id].append(item)
    return found


def recently_deleted(session: Session, *, now: datetime | None = None) -> list[EvidenceItem]:
    """Items removed in the last 30 days (so still restorable), newest first, with their
    rating, assessment, school and cycle loaded."""
    cutoff = (now or utcnow()) - RESTORE_WINDOW
    assessment = joinedload(EvidenceItem.rating).joinedload(Rating.assessment)
    return list(
        session.scalars(
            select(EvidenceItem)
            .where(EvidenceItem.deleted_at.is_not(None), EvidenceItem.deleted_at >= cutoff)
            .options(
                assessment.joinedload(Assessment.school), assessment.joinedload(Assessment.cycle)
            )
            .order_by(EvidenceItem.deleted_at.desc(), EvidenceItem.id.desc())
        )
    )


def people_names(session: Session, user_ids: Sequence[int | None]) -> dict[int, str]:
    """Names of the given people by id (one query), e.g. who deleted each item."""
    wanted = {user_id for user_id in user_ids if user_id is not None}
    if not wanted:
        return {}
    rows = session.execute(select(User.id, User.name).where(User.id.in_(wanted)))
    return {user_id: name for user_id, name in rows}
