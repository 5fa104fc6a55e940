"""The template a clerk downloads: Chinese headers, a dropdown (data validation list) on each
column with choices, one example row, and a 说明 sheet listing what each column needs."""

import io

import xlsxwriter

from gonghui.core.imports.reader import max_rows
from gonghui.core.imports.spec import ImportSpec

OPTIONS_SHEET = "选项"
NOTES_SHEET = "说明"
EXCEL_LAST_ROW = 1_048_575  # 0-based index of Excel's last row


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def template_bytes(spec: ImportSpec) -> bytes:
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
    required = workbook.add_format({"bold": True, "bg_color": "#FCE4D6", "border": 1, "font_color": "#C00000", "num_format": "@"})
    optional = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "num_format": "@"})
    text = workbook.add_format({"num_format": "@"})
    example = workbook.add_format({"num_format": "@", "italic": True, "font_color": "#808080"})
    wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
    bold = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})

    sheet = workbook.add_worksheet(spec.title[:31])
    options = workbook.add_worksheet(OPTIONS_SHEET)
    notes = workbook.add_worksheet(NOTES_SHEET)
    option_column = 0
    for col, column in enumerate(spec.columns):
        sheet.write_string(0, col, column.header, required if column.required else optional)
        # Text format keeps Excel from turning codes and ID numbers into numbers (1.23E+17).
        sheet.set_column(col, col, max(12, min(40, len(column.header) * 3)), text)
        if column.example:
            sheet.write_string(1, col, column.example, example)
        if column.help:
            sheet.write_comment(0, col, column.help, {"x_scale": 2})
        if column.choices:
            labels = [label for _, label in column.choices]
            letter = _column_letter(option_column)
            options.write_string(0, option_column, column.header, bold)
            options.write_column(1, option_column, labels)
            sheet.data_validation(1, col, EXCEL_LAST_ROW, col, {
                "validate": "list",
                "source": f"='{OPTIONS_SHEET}'!${letter}$2:${letter}${len(labels) + 1}",
                "error_type": "warning",
                "error_title": column.header,
                "error_message": "请从下拉列表中选择",
                "input_title": column.header,
                "input_message": "请从下拉列表中选择"[:255],
            })
            option_column += 1
    sheet.freeze_panes(1, 0)
    options.hide()

    notes.set_column(0, 0, 20)
    notes.set_column(1, 1, 8)
    notes.set_column(2, 2, 50)
    notes.set_column(3, 4, 40)
    notes.set_column(5, 5, 24)
    lines = [
        f"{spec.title}导入模板 填写说明",
        f"1. 在「{spec.title}」工作表填写，第一行是表头；列的顺序可以调换，多余的列会被忽略。红色表头为必填列。",
        "2. 第二行灰色斜体是示例，内容与示例完全相同的行不会导入；可直接覆盖或删除。",
        "3. 有下拉箭头的列请从列表中选择(也可填写代码)。",
        f"4. 以「{spec.column(spec.natural_key).header}」识别同一条记录：重复导入同一文件不会产生重复数据，内容有变化的行会更新。",
        f"5. 一次最多导入 {max_rows():,} 行；也可上传 .xls 或 .csv(UTF-8 或 GBK 编码)。公式只读取计算结果。",
        "6. 上传后先校验：可下载错误清单(原始行加“错误原因”列)，改正后重新上传，或选择只导入无误的行。",
    ]
    for row, line in enumerate(lines):
        notes.write_string(row, 0, line)
    start = len(lines) + 1
    for col, title in enumerate(["列名", "必填", "要求", "可选值", "也可写作", "示例"]):
        notes.write_string(start, col, title, bold)
    for offset, column in enumerate(spec.columns, start=start + 1):
        choices = "、".join(label for _, label in column.choices)
        notes.write_row(offset, 0, [column.header, "是" if column.required else "否", column.help, choices, "、".join(column.synonyms), column.example], wrap)
    workbook.close()
    return buffer.getvalue()
