"""Reading an uploaded spreadsheet safely: refuse what is not a table before reading it, then
hand out its rows one at a time.

What is flat and what is not:
- CSV is read with the csv module through an incremental decoder: one row in memory at a time.
- .xlsx/.xls are read with python-calamine. Calamine parses a whole worksheet into its own
  (Rust) cell range when the sheet is opened; only the conversion to Python objects is lazy
  (`iter_rows`), so the engine never holds more than one row of Python objects, but the Rust
  range of the sheet is held for the duration (roughly 1 GB at 1M rows x 10 columns). That is
  why the row limit is checked from the sheet's <dimension> element *before* calamine loads it,
  and the zip is checked for bombs before anything is inflated.
"""

import codecs
import csv
import io
import os
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from xml.etree import ElementTree

import python_calamine
from django.conf import settings

CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # OLE compound file: .xls, or an encrypted .xlsx
ZIP_MAGIC = b"PK\x03\x04"
ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")  # stream name in an encrypted OOXML file
EXTENSIONS = {".xlsx", ".xlsm", ".xls", ".csv", ".txt"}
NOTES_SHEETS = {"说明", "填写说明", "选项"}  # the sheets of our own template that hold no data


class BadFile(Exception):
    """A file that cannot be imported at all; `message` is Chinese, for the clerk."""

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


def _limit(name: str, default: int) -> int:
    """Limits come from settings (tests override them) or the GONGHUI_* environment."""
    value = getattr(settings, name, None)
    if value is None:
        value = os.environ.get(f"GONGHUI_{name}", default)
    return int(value)


def max_rows() -> int:
    return _limit("IMPORT_MAX_ROWS", 2_000_000)


def max_unzipped_bytes() -> int:
    return _limit("IMPORT_MAX_UNZIPPED_MB", 2048) * 1024 * 1024


def max_ratio() -> int:
    return _limit("IMPORT_MAX_RATIO", 200)


def max_upload_bytes() -> int:
    return _limit("IMPORT_MAX_UPLOAD_MB", 512) * 1024 * 1024


@dataclass
class Table:
    """The rows of the sheet to import: `rows` yields (row number as the clerk sees it, cells)."""

    kind: str  # "xlsx", "xls" or "csv"
    rows: Iterator[tuple[int, list]]
    height: int | None  # rows in the sheet, when known before reading (workbooks)
    merged: list = field(default_factory=list)  # ((row, col), (row, col)) ranges, 0-based
    position: callable = None  # () -> fraction of the file read so far, 0..1
    sheet_name: str = ""


def _extension(name: str) -> str:
    return os.path.splitext(name or "")[1].lower()


def check_extension(name: str) -> None:
    if _extension(name) not in EXTENSIONS:
        raise BadFile(f"不支持的文件类型「{_extension(name) or '无扩展名'}」：请上传 .xlsx、.xls 或 .csv 文件")


def open_table(path: str, original_name: str) -> Table:
    """Check the file and open its data sheet; raises BadFile with the reason."""
    check_extension(original_name)
    size = os.path.getsize(path)
    if size == 0:
        raise BadFile("文件是空的(0 字节)")
    with open(path, "rb") as handle:
        head = handle.read(8)
    extension = _extension(original_name)
    if head.startswith(ZIP_MAGIC):
        _check_zip(path)
        return _open_workbook(path, "xlsx")
    if head.startswith(CFB_MAGIC):
        if _contains(path, ENCRYPTED_PACKAGE):
            raise BadFile("文件设置了打开密码(已加密)，无法读取：请在 Excel 中取消密码后另存，再上传")
        return _open_workbook(path, "xls")
    if extension in {".csv", ".txt"}:
        return _open_csv(path, size)
    raise BadFile(f"文件内容不是 Excel 表格(扩展名是 {extension}，但内容不是)：可能是图片或其他文件改了扩展名，请上传真正的 .xlsx、.xls 或 .csv 文件")


def _contains(path: str, needle: bytes) -> bool:
    overlap = len(needle)
    tail = b""
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            if needle in tail + chunk:
                return True
            tail = chunk[-overlap:]
    return False


# .xlsx ----------------------------------------------------------------------------------------


def _check_zip(path: str) -> None:
    """Refuse a zip bomb from the central directory (declared sizes and ratios) before
    inflating anything, then inflate each member once as a stream, never past its declared
    size: a member whose header lies about its size fails its CRC and is refused too."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        raise BadFile("文件已损坏，或不是有效的 Excel(.xlsx) 文件") from None
    with archive:
        names = set(archive.namelist())
        if "xl/workbook.xml" not in names:
            if "word/document.xml" in names:
                raise BadFile("这是 Word 文档，不是 Excel 表格")
            raise BadFile("压缩包里没有 Excel 工作簿：不是有效的 .xlsx 文件")
        limit, ratio = max_unzipped_bytes(), max_ratio()
        total = 0
        for info in archive.infolist():
            total += info.file_size
            if info.file_size > 1024 * 1024 and info.file_size > ratio * max(info.compress_size, 1):
                raise BadFile(f"文件中的「{info.filename}」压缩比超过 {ratio} 倍(疑似压缩炸弹)，已拒绝，未解压")
        if total > limit:
            raise BadFile(f"文件解压后达 {total // (1024 * 1024)} MB，超过上限 {limit // (1024 * 1024)} MB(疑似压缩炸弹)，已拒绝，未解压")
        try:
            for info in archive.infolist():
                with archive.open(info) as member:
                    while member.read(1 << 20):
                        pass
        except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError):
            raise BadFile("文件已损坏(压缩数据与声明不符)，无法读取") from None


def _sheet_dimension_rows(path: str, sheet_index: int) -> int | None:
    """The last row number a worksheet declares in its <dimension ref="A1:K2001"/>, read from the
    first kilobytes of its XML, so that an oversized sheet is refused before calamine loads it."""
    rel_ns = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    try:
        with zipfile.ZipFile(path) as archive:
            workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
            sheets = [el for el in workbook.iter() if el.tag.endswith("}sheet")]
            rel_id = sheets[sheet_index].get(rel_ns)
            rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
            target = next(el.get("Target") for el in rels if el.get("Id") == rel_id)
            member = target.lstrip("/") if target.startswith("/") else "xl/" + target
            with archive.open(member) as stream:
                head = stream.read(8192).decode("utf-8", "replace")
    except (KeyError, IndexError, StopIteration, ElementTree.ParseError, zipfile.BadZipFile):
        return None
    match = re.search(r'<(?:\w+:)?dimension\s+ref="[A-Z]+(\d+)(?::[A-Z]+(\d+))?"', head)
    if not match:
        return None
    return int(match.group(2) or match.group(1))


def _open_workbook(path: str, kind: str) -> Table:
    try:
        workbook = python_calamine.CalamineWorkbook.from_path(path)
    except python_calamine.PasswordError:
        raise BadFile("文件设置了打开密码(已加密)，无法读取：请在 Excel 中取消密码后另存，再上传") from None
    except Exception:  # calamine raises several kinds for files it cannot parse
        raise BadFile("文件已损坏，或不是有效的 Excel 文件，无法读取") from None
    visible = [
        (index, meta.name)
        for index, meta in enumerate(workbook.sheets_metadata)
        if meta.visible == python_calamine.SheetVisibleEnum.Visible and meta.typ == python_calamine.SheetTypeEnum.WorkSheet
    ]
    data_sheets = [(i, n) for i, n in visible if n.strip() not in NOTES_SHEETS] or visible
    if not data_sheets:
        raise BadFile("工作簿中没有可读取的工作表")
    index, name = data_sheets[0]
    if kind == "xlsx":
        declared = _sheet_dimension_rows(path, index)
        if declared is not None and declared - 1 > max_rows():
            raise BadFile(f"工作表「{name}」有约 {declared - 1:,} 行数据，超过单次导入上限 {max_rows():,} 行，请拆分后分批导入")
    try:
        sheet = workbook.get_sheet_by_index(index)
    except python_calamine.PasswordError:
        raise BadFile("文件设置了密码保护，无法读取：请取消密码后再上传") from None
    except Exception:
        raise BadFile(f"工作表「{name}」已损坏，无法读取") from None
    end_row = sheet.end[0] + 1 if sheet.end else 0
    if end_row - 1 > max_rows():
        raise BadFile(f"工作表「{name}」有 {end_row - 1:,} 行数据，超过单次导入上限 {max_rows():,} 行，请拆分后分批导入")
    state = {"row": 0}

    def rows():
        # iter_rows starts at the sheet's first row (row 1), so the index is the row number.
        for number, cells in enumerate(sheet.iter_rows(), start=1):
            state["row"] = number
            yield number, cells

    def position():
        return min(1.0, state["row"] / end_row) if end_row else 1.0

    return Table(kind=kind, rows=rows(), height=end_row, merged=sheet.merged_cell_ranges or [], position=position, sheet_name=name)


# .csv -----------------------------------------------------------------------------------------


def _detect_encoding(path: str) -> str:
    """UTF-8 (with or without BOM) when the whole file decodes so, else GB18030 (a superset of
    GBK, what Excel saves as "CSV" on a Chinese Windows). Decoded incrementally: flat memory."""
    with open(path, "rb") as handle:
        head = handle.read(4)
        if head.startswith(codecs.BOM_UTF8):
            return "utf-8-sig"
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return "utf-16"
        handle.seek(0)
        decoder = codecs.getincrementaldecoder("utf-8")()
        try:
            while chunk := handle.read(1 << 20):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return "gb18030"
    return "utf-8"


def _open_csv(path: str, size: int) -> Table:
    encoding = _detect_encoding(path)
    with open(path, "rb") as handle:
        sample = handle.read(8192)
    if encoding != "utf-16" and b"\x00" in sample:
        raise BadFile("文件内容不是文本表格(含二进制数据)：可能是图片或其他文件改了扩展名，请上传 .xlsx、.xls 或 .csv 文件")
    raw = open(path, "rb")
    text = io.TextIOWrapper(raw, encoding=encoding, errors="replace", newline="")
    first_line = text.readline()
    text.seek(0)
    delimiter = "\t" if first_line.count("\t") > first_line.count(",") else ","

    def rows():
        try:
            reader = csv.reader(text, delimiter=delimiter)
            for number, cells in enumerate(reader, start=1):
                yield number, cells
        except csv.Error as exc:
            raise BadFile(f"CSV 文件格式有误，无法继续读取：{exc}") from None
        finally:
            text.close()

    def position():
        try:
            return min(1.0, raw.tell() / size)
        except (ValueError, OSError):
            return 1.0

    return Table(kind="csv", rows=rows(), height=None, position=position, sheet_name="")
