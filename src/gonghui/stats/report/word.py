"""The report as a Word document (python-docx), laid out as a Chinese official report is:
A4, title in 宋体 bold, body in 仿宋 三号-ish (16 pt), section headings in 黑体/楷体,
page numbers centred in the footer (— 1 —). Chinese text needs its East Asian font set
explicitly (w:eastAsia); python-docx's font.name sets only the Latin one."""

import io

from docx import Document
from docx.enum.section import WD_ORIENT  # noqa: F401  (portrait is the default; kept for readers)
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from gonghui.stats.report import ReportData
from gonghui.stats.report.sentences import area_word, written_sections

BODY_FONT = "仿宋"
TITLE_FONT = "宋体"
HEADING_FONT = "黑体"


def _font(run, name: str, size: float, *, bold: bool = False) -> None:
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    properties = run._element.get_or_add_rPr()
    fonts = properties.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        properties.insert(0, fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia"):
        fonts.set(qn(attribute), name)


def _paragraph(document, text: str = "", *, font=BODY_FONT, size=16.0, bold=False, align=None, indent=True):
    paragraph = document.add_paragraph()
    if align is not None:
        paragraph.alignment = align
    if indent:
        paragraph.paragraph_format.first_line_indent = Pt(size * 2)
    paragraph.paragraph_format.line_spacing = Pt(28)
    if text:
        _font(paragraph.add_run(text), font, size, bold=bold)
    return paragraph


def _page_number_footer(section) -> None:
    """— PAGE — centred: a field Word fills in on every page."""
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(paragraph.add_run("— "), TITLE_FONT, 12)
    run = paragraph.add_run()
    _font(run, TITLE_FONT, 12)
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif text == " PAGE ":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        else:
            element = OxmlElement("w:t")
            element.text = text
        run._element.append(element)
    _font(paragraph.add_run(" —"), TITLE_FONT, 12)


def _default_style(document) -> None:
    style = document.styles["Normal"]
    style.font.name = BODY_FONT
    style.font.size = Pt(16)
    fonts = style.element.get_or_add_rPr().find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        style.element.get_or_add_rPr().insert(0, fonts)
    fonts.set(qn("w:eastAsia"), BODY_FONT)


def document_bytes(data: ReportData) -> bytes:
    org, year = data.org, data.year
    document = Document()
    _default_style(document)
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    _page_number_footer(section)

    _paragraph(document, f"{org.name}{year}年工作报告", font=TITLE_FONT, size=22, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    _paragraph(document, f"(据平台{year}年度记录生成)", size=14, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)

    # Part one: the year's work, in sentences.
    _paragraph(document, f"一、{year}年{area_word(org)}工会主要工作情况", font=HEADING_FONT, size=16)
    for heading, lead, sentences in written_sections(data.values, org):
        paragraph = _paragraph(document)
        _font(paragraph.add_run(heading), "楷体", 16, bold=True)
        _font(paragraph.add_run(lead + "".join(sentences)), BODY_FONT, 16)

    # Part two: every indicator, with its definition's unit and the year before.
    _paragraph(document, f"二、{year}年主要统计指标", font=HEADING_FONT, size=16)
    table = document.add_table(rows=1, cols=5)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ("指标", "单位", f"{year}年", f"{year - 1}年", "增减")):
        cell.text = ""
        _font(cell.paragraphs[0].add_run(text), HEADING_FONT, 10.5)
    for figure in data.figures:
        cells = table.add_row().cells
        for cell, text in zip(cells, (figure.indicator.name, figure.indicator.unit, figure.shown, figure.previous_shown, figure.change_shown)):
            _font(cell.paragraphs[0].add_run(text), BODY_FONT, 10.5)

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
