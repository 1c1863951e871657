"""PDF reports (reportlab), Chinese throughout with an embedded TrueType CJK font.

- ``assessment_pdf``: the month's ranking, then one page per firm: its indicators,
  dimension scores, the supervisor's comment and signature lines.
- ``settlement_pdf``: the month's summary per firm, then one statement page per firm.
- ``statistics_pdf``: the month's service statistics.
Each returns the number of pages written.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    TableStyle,
)
from reportlab.platypus import Table as RLTable

from app.assessment.service import MonthAssessment
from app.assessment.settlement import MonthSettlement
from app.assessment.statistics import MonthStatistics
from app.money import yuan
from app.reports.fonts import register_cjk_font
from app.reports.tables import (
    STATUS_NAMES,
    WARNING_NAMES,
    Table,
    dimension_table,
    firm_settlement_table,
    indicator_table,
    month_label,
    ranking_table,
    score,
    settlement_table,
    statistics_tables,
)

CENTRE_NAME = "安心养老服务热线中心"


def _styles(font: str) -> dict[str, ParagraphStyle]:
    return {
        "title": ParagraphStyle("t", fontName=font, fontSize=16, leading=22, alignment=TA_CENTER),
        "h2": ParagraphStyle("h2", fontName=font, fontSize=12, leading=18, spaceBefore=6),
        "body": ParagraphStyle("b", fontName=font, fontSize=9.5, leading=14),
        "cell": ParagraphStyle("c", fontName=font, fontSize=8.5, leading=11),
    }


def _table(t: Table, font: str, widths: list[float] | None = None) -> RLTable:
    cell = _styles(font)["cell"]
    data: list[list[Any]] = [list(t.header)]
    for row in t.rows:
        # Long text (names, comments) wraps inside its cell instead of overflowing.
        data.append(
            [Paragraph(str(v), cell) if isinstance(v, str) and len(v) > 8 else v for v in row]
        )
    if t.total:
        data.append(list(t.total))
    tbl = RLTable(data, colWidths=widths, repeatRows=1)
    style = [
        ("FONTNAME", (0, 0), (-1, -1), font),
        ("FONTSIZE", (0, 0), (-1, -1), 8.5),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#dde6f0")),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("ALIGN", (0, 0), (-1, 0), "CENTER"),
    ]
    if t.total:
        style.append(("BACKGROUND", (0, -1), (-1, -1), colors.HexColor("#f0f0f0")))
    tbl.setStyle(TableStyle(style))
    return tbl


def _footer(font: str, title: str, printed: str) -> Callable[[Any, Any], None]:
    def draw(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(font, 8)
        w, _ = doc.pagesize
        canvas.drawString(15 * mm, 10 * mm, f"{CENTRE_NAME}  {title}  打印时间：{printed}")
        canvas.drawRightString(w - 15 * mm, 10 * mm, f"第 {doc.page} 页")
        canvas.restoreState()

    return draw


def _build(path: Path | str, story: list[Any], font: str, title: str, *, wide: bool = False) -> int:
    pages = {"n": 0}
    size = landscape(A4) if wide else A4
    doc = SimpleDocTemplate(
        str(path),
        pagesize=size,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=18 * mm,
        title=title,
        author=CENTRE_NAME,
    )
    footer = _footer(font, title, datetime.now().strftime("%Y-%m-%d %H:%M"))

    def on_page(canvas: Any, d: Any) -> None:
        pages["n"] = d.page
        footer(canvas, d)

    doc.build(story, onFirstPage=on_page, onLaterPages=on_page)
    return pages["n"]


def _signatures(font: str, lines: tuple[str, ...]) -> RLTable:
    data = [[f"{label}：________________", "日期：______年____月____日"] for label in lines]
    tbl = RLTable(data, colWidths=[95 * mm, 80 * mm], rowHeights=12 * mm)
    tbl.setStyle(
        TableStyle([("FONTNAME", (0, 0), (-1, -1), font), ("FONTSIZE", (0, 0), (-1, -1), 10)])
    )
    return tbl


def assessment_pdf(m: MonthAssessment, path: Path | str) -> int:
    font = register_cjk_font()
    st = _styles(font)
    title = f"{month_label(m.month)}加盟企业考核"
    story: list[Any] = [
        Paragraph(title, st["title"]),
        Paragraph(
            f"状态：{STATUS_NAMES.get(m.status, m.status)}　参评企业：{len(m.firms)} 家",
            st["body"],
        ),
        Spacer(1, 4 * mm),
        _table(ranking_table(m), font, [12 * mm, 52 * mm, 14 * mm] + [19 * mm] * 4 + [14 * mm, 13 * mm, 15 * mm]),
    ]  # fmt: skip
    for f in m.firms:
        story.append(PageBreak())
        story.append(Paragraph(f"{f.firm_name}　{month_label(m.month)}考核表", st["title"]))
        warn = WARNING_NAMES[f.warning]
        story.append(
            Paragraph(
                f"总分：{score(f.total)}　等级：{f.grade}　排名：{f.rank} / {len(m.firms)}"
                f"　本月工单：{f.orders}（完成 {f.completed}）"
                + (f"　<b>{warn}</b>（连续 {f.consecutive_fails} 个月不合格）" if warn else ""),
                st["body"],
            )
        )
        story.append(Spacer(1, 3 * mm))
        story.append(_table(indicator_table(f), font, [20 * mm, 38 * mm, 12 * mm, 20 * mm, 16 * mm, 12 * mm, 62 * mm]))  # fmt: skip
        story.append(Spacer(1, 3 * mm))
        story.append(_table(dimension_table(f), font, [40 * mm, 25 * mm, 30 * mm]))
        story.append(Spacer(1, 4 * mm))
        story.append(Paragraph("考核意见：", st["h2"]))
        story.append(Paragraph(f.comment or "（无）", st["body"]))
        story.append(Spacer(1, 8 * mm))
        story.append(
            KeepTogether(_signatures(font, ("考核人签字", "企业负责人签字", "中心主管签字")))
        )
    return _build(path, story, font, title, wide=False)


def settlement_pdf(s: MonthSettlement, path: Path | str) -> int:
    font = register_cjk_font()
    st = _styles(font)
    title = f"{month_label(s.month)}服务补贴结算"
    story: list[Any] = [
        Paragraph(title, st["title"]),
        Paragraph(
            f"应付合计：{yuan(s.payable_fen)} 元　政府补贴：{yuan(s.government_fen)} 元"
            f"　争议扣除：{yuan(s.disputed_government_fen)} 元　老人自付：{yuan(s.elder_fen)} 元",
            st["body"],
        ),
        Spacer(1, 4 * mm),
        _table(settlement_table(s), font, [58 * mm, 14 * mm, 12 * mm, 16 * mm] + [28 * mm] * 6),
    ]
    for f in s.firms:
        story.append(PageBreak())
        story.append(Paragraph(f"{f.firm_name}　{month_label(s.month)}补贴结算单", st["title"]))
        story.append(Spacer(1, 3 * mm))
        story.append(_table(firm_settlement_table(f), font))
        story.append(Spacer(1, 4 * mm))
        summary = Table(
            "结算",
            ("项目", "金额（元）"),
            (
                ("政府补贴合计", yuan(f.government_fen)),
                ("减：争议工单", yuan(f.disputed_government_fen)),
                ("核定补贴", yuan(f.eligible_fen)),
                (f"考核等级 {f.grade}，结算系数 {f.factor_percent}%", ""),
                ("减：等级扣减", yuan(f.deduction_fen)),
            ),
            total=("应付金额", yuan(f.payable_fen)),
        )
        story.append(_table(summary, font, [90 * mm, 50 * mm]))
        story.append(Spacer(1, 10 * mm))
        story.append(KeepTogether(_signatures(font, ("经办人签字", "企业签字（盖章）", "中心主管签字"))))  # fmt: skip
    return _build(path, story, font, title, wide=True)


def statistics_pdf(stats: MonthStatistics, path: Path | str) -> int:
    font = register_cjk_font()
    st = _styles(font)
    tables = statistics_tables(stats)
    title = tables[0].title
    story: list[Any] = [Paragraph(title, st["title"]), Spacer(1, 4 * mm)]
    for t in tables:
        story.append(Paragraph(t.title if t is not tables[0] else "概况", st["h2"]))
        story.append(_table(t, font, [60 * mm] + [30 * mm] * (len(t.header) - 1)))
        story.append(Spacer(1, 3 * mm))
    return _build(path, story, font, title)
