"""Recognising an uploaded file's type by what is inside it, not by its name.

Uploaded files are downloaded and opened by other people, so the name a file arrives with cannot
be trusted: a program, web page or macro-enabled document renamed to look like a PDF must be
refused. inspect_file() reads the content, says which of the ACCEPTED types it is, and insists
the name's extension agrees; it refuses password-protected, damaged and zip-bomb files too.
Kept apart from the upload pipeline (hrsa.services.evidence.uploads) because it needs no database,
storage or user: only the content, as a seekable stream, and the name it was uploaded with.
"""

from __future__ import annotations

import codecs
import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import IO

import filetype

from hrsa.core.errors import ServiceError

MB = 1024 * 1024


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


class UploadRejected(ServiceError):
    """A file was refused; str() is one sentence naming it and saying why."""

    def __init__(self, filename: str, reason: str) -> None:
        self.filename = filename
        self.reason = reason
        super().__init__(f"{filename} {reason}")


def inspect_file(content: IO[bytes], filename: str) -> FileType:
    """The accepted type of the content (a seekable stream, read from its start), or
    UploadRejected saying what is wrong with it."""
    extension = PurePosixPath(filename).suffix.lower()
    if extension in _MACRO_EXTENSIONS:
        raise _macros(filename)
    content.seek(0)
    head = content.read(HEAD_BYTES)
    if not head:
        raise UploadRejected(filename, "is empty")
    detected = _detect(content, head, filename, extension)
    if detected is TEXT:
        if extension in CSV.extensions:
            return CSV
        if extension in TEXT.extensions:
            return TEXT
    if extension in detected.extensions:
        return detected
    raise _wrong_extension(filename, detected, extension)


def _detect(content: IO[bytes], head: bytes, filename: str, extension: str) -> FileType:
    if head.startswith(_PROGRAM_MAGIC):
        raise _program(filename)
    if head.startswith(_OLE2_MAGIC):
        raise UploadRejected(
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
        return _inspect_zip(content, filename)
    return _inspect_text(content, head, filename, extension)


def _program(filename: str) -> UploadRejected:
    return UploadRejected(filename, f"is a program, not a document: {UPLOAD_ADVICE}")


def _macros(filename: str) -> UploadRejected:
    return UploadRejected(
        filename,
        "contains macros, which could harm other people's computers: save it without macros "
        "(as a .docx, .xlsx, .pptx or OpenDocument file) and upload that",
    )


def _damaged(filename: str) -> UploadRejected:
    return UploadRejected(
        filename, "is damaged or incomplete: open it, save it again and upload the new copy"
    )


def _wrong_extension(filename: str, detected: FileType, extension: str) -> UploadRejected:
    fix = f"rename it to end in {detected.extensions[0]} or choose a different file"
    claimed = _BY_EXTENSION.get(extension)
    if claimed is not None:
        return UploadRejected(filename, f"is {detected.label}, not {claimed.label}: {fix}")
    if extension:
        return UploadRejected(
            filename, f"is {detected.label} but its name ends in {extension}: {fix}"
        )
    return UploadRejected(filename, f"is {detected.label} but its name has no extension: {fix}")


def _inspect_zip(content: IO[bytes], filename: str) -> FileType:
    content.seek(0)
    try:
        with zipfile.ZipFile(content) as archive:
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
        raise UploadRejected(
            filename, "is password-protected: remove the password, save it again and upload that"
        )
    expanded = sum(info.file_size for info in infos)
    packed = sum(info.compress_size for info in infos)
    if (
        len(infos) > ZIP_MAX_MEMBERS
        or expanded > ZIP_MAX_EXPANDED_BYTES
        or (expanded > ZIP_RATIO_CHECKED_ABOVE and expanded > ZIP_MAX_RATIO * max(packed, 1))
    ):
        raise UploadRejected(
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
    raise UploadRejected(
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
    raise UploadRejected(
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
        raise UploadRejected(
            filename,
            "is a kind of OpenDocument file this service does not accept: save it as an "
            ".odt, .ods or .odp file and upload that",
        )
    manifest = by_lower_name.get("meta-inf/manifest.xml")
    if manifest is not None and "encryption-data" in _read_small(archive, manifest, filename):
        raise UploadRejected(
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


def _inspect_text(content: IO[bytes], head: bytes, filename: str, extension: str) -> FileType:
    """Plain text: UTF-8 or Windows-1252, no NUL bytes, and not HTML, SVG or a script."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UploadRejected(
            filename,
            "uses a text encoding this service cannot read: save it as UTF-8 text and upload that",
        )
    encoding = next((e for e in ("utf-8", "cp1252") if _decodes_as_text(content, e)), None)
    if encoding is None:
        raise _not_accepted(filename, head)
    if extension in _WEB_EXTENSIONS:
        raise UploadRejected(
            filename, f"is a web page or SVG image, which could run code: {UPLOAD_ADVICE}"
        )
    if extension in _SCRIPT_EXTENSIONS:
        raise _program(filename)
    sample = head.decode(encoding, errors="replace").lstrip("\ufeff \t\r\n\f\v").lower()
    if sample.startswith("<") and any(marker in sample for marker in _MARKUP_MARKERS):
        claimed = _BY_EXTENSION.get(extension)
        disguise = claimed.label if claimed else "a document"
        raise UploadRejected(filename, f"is HTML or SVG disguised as {disguise}: {UPLOAD_ADVICE}")
    return TEXT


def _decodes_as_text(content: IO[bytes], encoding: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)()
    content.seek(0)
    try:
        while chunk := content.read(CHUNK_SIZE):
            if b"\x00" in chunk:
                return False
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _not_accepted(filename: str, head: bytes) -> UploadRejected:
    """Say what a binary file of a type we do not accept seems to be."""
    kind = filetype.guess(head)
    mime = kind.mime if kind is not None else ""
    if mime in _PROGRAM_MIMES:
        return _program(filename)
    if mime.startswith("image/"):
        return UploadRejected(
            filename,
            f"is a kind of image this service does not accept ({kind.extension.upper()}): "
            "save it as a PNG or JPEG and upload that",
        )
    if mime.startswith(("video/", "audio/")):
        return UploadRejected(
            filename, f"is a video or sound file, not a document: {UPLOAD_ADVICE}"
        )
    if mime in _ARCHIVE_MIMES:
        return UploadRejected(filename, f"is a compressed archive, not a document: {UPLOAD_ADVICE}")
    return UploadRejected(filename, f"is not a kind of file this service accepts: {UPLOAD_ADVICE}")
