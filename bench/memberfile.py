"""A generated member list as the unions would upload it: the import template's columns,
valid and unique ID numbers of region 330282 (birth dates 1960-1999, varied sequences),
mobiles, 入会日期 as date cells, spread over a few hundred workplace unions, each member's
employer being the union's own enterprise. Never a real person: names are drawn from lists.

Written as xlsxwriter's constant_memory mode writes (inline strings, streamed row by row) but
by a few lines here, ten times faster (see `write_with_xlsxwriter`, kept to check that both
give the same cells). Rows are a function of their number, so the peer's smaller file (the
first rows) is the same data written by another call. `write_csv` writes the same rows as
Excel on a Chinese Windows saves "CSV": GBK (GB18030), dates as text.
"""

import csv
import datetime
import io
import zipfile

import xlsxwriter

from gonghui.core.validators import id_number_check_char

VERSION = 2  # of the generated data: bump when what `row` writes changes
HEADERS = ["姓名", "身份证号", "手机号", "民族", "文化程度", "户籍类型", "入会日期", "工作单位信用代码", "所在工会编码"]
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬燕彬鹏辉建国春梅海波文斌宇浩凯俊峰婷雪琳晨欣悦子轩博"
EDUCATION = ["初中", "高中/中专/技校", "高中/中专/技校", "大专", "本科", "初中", "小学及以下", "研究生"]
ETHNICITY = ["汉族"] * 18 + ["回族", "土家"]  # one in twenty not Han; "土家" exercises the 族 completion
HOUSEHOLD = ["城镇", "农民工", "农民工"]

_BIRTH_START = datetime.date(1960, 1, 1)
_BIRTH_DAYS = (datetime.date(2000, 1, 1) - _BIRTH_START).days  # 14,610
_COMBOS = _BIRTH_DAYS * 1000  # (birth date, 3-digit sequence) pairs
_STRIDE = 7_368_787  # a prime not dividing _COMBOS: i -> i * _STRIDE mod _COMBOS is one-to-one


def id_number(i: int) -> str:
    """The i-th generated ID number; distinct for every i below 14,610,000."""
    combo = (i * _STRIDE) % _COMBOS
    birth = _BIRTH_START + datetime.timedelta(days=combo // 1000)
    first17 = f"330282{birth:%Y%m%d}{combo % 1000:03d}"
    return first17 + id_number_check_char(first17)


def name(i: int) -> str:
    h = (i * 2654435761) & 0xFFFFFFFF
    given = GIVEN[h % len(GIVEN)] + (GIVEN[(h >> 8) % len(GIVEN)] if h & 0x30000 else "")
    return SURNAMES[(h >> 20) % len(SURNAMES)] + given


def row(i: int, unions: list[tuple[str, str]]) -> list:
    number = id_number(i)
    birth_year = int(number[6:10])
    joined = datetime.date(min(birth_year + 18 + i % 20, 2024), 1 + i % 12, 1 + i % 28)
    code, credit = unions[(i * 40503) % len(unions)]
    mobile = f"1{3 + i % 7}{(i * 48271) % 1_000_000_000:09d}"
    return [name(i), number, mobile, ETHNICITY[i % len(ETHNICITY)], EDUCATION[i % len(EDUCATION)], HOUSEHOLD[i % len(HOUSEHOLD)],
            joined, credit if i % 5 else "", code]


def write_with_xlsxwriter(path: str, rows: int, unions: list[tuple[str, str]]) -> None:
    """The same file as `write`, through xlsxwriter (constant_memory): ~110 µs a row, two
    minutes for a million rows, which is why the benchmark writes with `write`. Kept to check
    that both give the same cells."""
    book = xlsxwriter.Workbook(path, {"constant_memory": True, "strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False})
    sheet = book.add_worksheet(SHEET)
    date = book.add_format({"num_format": "yyyy-mm-dd"})
    sheet.write_row(0, 0, HEADERS)
    for i in range(rows):
        cells = row(i, unions)
        joined = cells[6]
        cells[6] = None
        sheet.write_row(i + 1, 0, cells)
        sheet.write_datetime(i + 1, 6, joined, date)
    book.close()


# A minimal SpreadsheetML package, as xlsxwriter's constant_memory mode writes it: inline
# strings, one date style, the sheet streamed row by row into the zip (flat memory).
_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        "</Types>"
    ),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>"
    ),
    "xl/workbook.xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheets><sheet name="{sheet}" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
        "</Relationships>"
    ),
    "xl/styles.xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd"/></numFmts>'
        '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
        '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
        '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        "</styleSheet>"
    ),
}
_EXCEL_EPOCH = datetime.date(1899, 12, 30)
_LETTERS = "ABCDEFGHI"
SHEET = "会员名册"


def _text(ref: str, value: str) -> str:
    if not value:
        return ""
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>'


def write(path: str, rows: int, unions: list[tuple[str, str]]) -> None:
    """The first `rows` generated rows as an .xlsx; `unions`: (union code, its enterprise's
    credit code) to spread the members over. ~10 µs a row."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name_, text in _PARTS.items():
            archive.writestr(name_, text.replace("{sheet}", SHEET))
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as raw, io.TextIOWrapper(raw, encoding="utf-8") as sheet:
            sheet.write(
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                f'<dimension ref="A1:I{rows + 1}"/><sheetData>'
            )
            sheet.write('<row r="1">' + "".join(_text(f"{letter}1", header) for letter, header in zip(_LETTERS, HEADERS)) + "</row>")
            lines = []
            for i in range(rows):
                r = i + 2
                cells = row(i, unions)
                joined = (cells[6] - _EXCEL_EPOCH).days
                lines.append(
                    f'<row r="{r}">{_text(f"A{r}", cells[0])}{_text(f"B{r}", cells[1])}{_text(f"C{r}", cells[2])}'
                    f'{_text(f"D{r}", cells[3])}{_text(f"E{r}", cells[4])}{_text(f"F{r}", cells[5])}'
                    f'<c r="G{r}" s="1"><v>{joined}</v></c>{_text(f"H{r}", cells[7])}{_text(f"I{r}", cells[8])}</row>'
                )
                if len(lines) >= 1000:
                    sheet.write("".join(lines))
                    lines = []
            sheet.write("".join(lines) + "</sheetData></worksheet>")


def write_csv(path: str, rows: int, unions: list[tuple[str, str]]) -> None:
    """The first `rows` generated rows as a CSV in GB18030, 入会日期 as 2013-05-01."""
    with open(path, "w", encoding="gb18030", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADERS)
        for i in range(rows):
            cells = row(i, unions)
            cells[6] = cells[6].isoformat()
            writer.writerow(cells)
