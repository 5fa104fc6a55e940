"""Case attachments: checked by size, extension and the file's own first bytes, stored under
VAR_DIR/service/attachments by a generated name (outside the web root; nothing there is
served except through the case's scoped download view)."""

import uuid
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from gonghui.core import audit
from gonghui.service import permissions
from gonghui.service.models import Case, CaseAttachment

MAX_BYTES = 10 * 1024 * 1024
# Extension -> (content type, the bytes such a file starts with).
ALLOWED = {
    "pdf": ("application/pdf", (b"%PDF",)),
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (b"PK\x03\x04",)),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (b"PK\x03\x04",)),
    "doc": ("application/msword", (b"\xd0\xcf\x11\xe0",)),
    "xls": ("application/vnd.ms-excel", (b"\xd0\xcf\x11\xe0",)),
}


def attachment_dir() -> Path:
    return Path(settings.VAR_DIR) / "service" / "attachments"


def attachment_path(attachment: CaseAttachment) -> Path:
    return attachment_dir() / attachment.stored_name


def _checked(upload) -> tuple[str, str]:
    if upload is None:
        raise ValidationError({"file": "请选择要上传的文件"})
    name = Path(upload.name or "").name[:200]
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in ALLOWED:
        raise ValidationError({"file": f"不支持的文件类型「.{ext or '无扩展名'}」，只能上传 PDF、图片(JPG/PNG)、Word 或 Excel 文件"})
    if upload.size > MAX_BYTES:
        raise ValidationError({"file": f"文件过大({upload.size / 1024 / 1024:.1f}MB)，单个附件不能超过 {MAX_BYTES // 1024 // 1024}MB"})
    if upload.size == 0:
        raise ValidationError({"file": "文件是空的"})
    content_type, magics = ALLOWED[ext]
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(m) for m in magics):
        raise ValidationError({"file": f"文件内容与扩展名「.{ext}」不符，请上传真实的 {ext.upper()} 文件"})
    return name, content_type


def attachment_add(*, acting_user, case: Case, upload, request=None) -> CaseAttachment:
    """Keep a file with a case. The row and the file stand or fall together: a failed write
    removes the file, a failed file write rolls the row back."""
    if not permissions.can_handle_case(acting_user, case):
        raise PermissionDenied("无权办理该案件")
    name, content_type = _checked(upload)
    stored = f"{uuid.uuid4().hex}.{name.rsplit('.', 1)[-1].lower()}"
    target = attachment_dir() / stored
    try:
        with transaction.atomic():
            attachment = CaseAttachment.objects.create(case=case, original_name=name, stored_name=stored, content_type=content_type, size=upload.size, uploaded_by=acting_user)
            audit.record(actor=acting_user, action=audit.Action.CREATE, target=attachment, summary=f"案件 {case.number} 上传附件 {name}", request=request)
            target.parent.mkdir(parents=True, exist_ok=True)
            with open(target, "wb") as out:
                for chunk in upload.chunks():
                    out.write(chunk)
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return attachment
