"""Checking a report attachment before it is stored: type by name and by content, size, and
zip bombs for Office files. A file that fails is never written to storage."""

from django.core.exceptions import ValidationError

from workplans.parsing.errors import PlanImportError
from workplans.parsing.reading import MAX_UPLOAD_BYTES, check_zip_package, sniff

MAX_ATTACHMENT_BYTES = MAX_UPLOAD_BYTES
# extension → (content type served on download, what its leading bytes must be)
ALLOWED = {
    "pdf": ("application/pdf", "pdf"),
    "doc": ("application/msword", "ole"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "zip"),
    "xls": ("application/vnd.ms-excel", "ole"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "zip"),
    "jpg": ("image/jpeg", "jpeg"),
    "jpeg": ("image/jpeg", "jpeg"),
    "png": ("image/png", "png"),
}
ACCEPTED = "PDF、Word（.doc/.docx）、Excel（.xls/.xlsx）、图片（.jpg/.png）"


def attachment_validate(upload) -> str:
    """The file's content type, or a ValidationError in Chinese naming the problem."""
    name = upload.name or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in ALLOWED:
        raise ValidationError({"file": f"不支持“{name}”这种文件，请上传 {ACCEPTED}。"})
    if upload.size == 0:
        raise ValidationError({"file": f"“{name}”是空文件。"})
    if upload.size > MAX_ATTACHMENT_BYTES:
        size, limit = upload.size / 1024 / 1024, MAX_ATTACHMENT_BYTES / 1024 / 1024
        raise ValidationError({"file": f"“{name}”有 {size:.1f} MB，超过 {limit:g} MB 的上限。"})
    content_type, kind = ALLOWED[extension]
    upload.seek(0)
    if sniff(upload.read(16)) != kind:
        raise ValidationError(
            {"file": f"“{name}”的内容与扩展名 .{extension} 不符，请确认文件类型。"}
        )
    if extension in ("docx", "xlsx"):
        upload.seek(0)
        try:
            check_zip_package(upload.read(), extension)
        except PlanImportError as error:
            raise ValidationError({"file": f"“{name}”：{error.message}"}) from error
    upload.seek(0)
    return content_type
