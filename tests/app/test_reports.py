"""The printed reports read back: firm names, scores and sums are in the PDF's text."""

from __future__ import annotations

import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.access import Actor
from app.assessment.service import set_comment, set_manual_score
from app.cli import main
from app.context import Database
from app.reports import write_report
from app.reports.fonts import FontMissing, register_cjk_font
from tests.app.assessment_centre import build

NOW = datetime(2026, 11, 2, 2, 0, tzinfo=UTC)
needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) not installed"
)


def pdf_text(path: Path) -> str:
    out = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    )
    return out.stdout


def _centre(s):  # type: ignore[no-untyped-def]
    c = build(s)
    sup = Actor("zhuguan", role="supervisor")
    set_manual_score(s, sup, "2026-10", c.firm_a, "inspections", 40, "消防通道堵塞")
    set_comment(s, sup, "2026-10", c.firm_a, "按时率偏低，限期整改")
    return c


@needs_poppler
def test_assessment_pdf_holds_names_scores_and_a_page_per_firm(
    sqlite_db: Database, tmp_path: Path
) -> None:
    out = tmp_path / "assessment.pdf"
    with sqlite_db.sessions() as s:
        _centre(s)
        pages = write_report(s, "assessment", "2026-10", out, "pdf", NOW)
    assert pages == 3  # the ranking, then one page per firm
    text = pdf_text(out)
    pages_text = text.split("\f")
    ranking = pages_text[0]
    assert "2026年10月加盟企业考核" in ranking
    # The ranking: 福寿 first with 100.00 优秀, 安康 second with 77.70 合格.
    assert ranking.index("福寿养老服务中心") < ranking.index("安康家政服务有限公司")
    assert "100.00" in ranking and "77.70" in ranking and "合格" in ranking
    anking = next(p for p in pages_text if "安康家政服务有限公司 2026年10月考核表" in p)
    for expected in ("77.70", "按时到达率", "75.0%", "消防通道堵塞", "按时率偏低", "考核人签字"):
        assert expected in anking, expected


@needs_poppler
def test_settlement_and_statistics_pdfs(sqlite_db: Database, tmp_path: Path) -> None:
    with sqlite_db.sessions() as s:
        _centre(s)
        write_report(s, "settlement", "2026-10", tmp_path / "s.pdf", "pdf", NOW)
        write_report(s, "statistics", "2026-10", tmp_path / "t.pdf", "pdf", NOW)
    settlement = pdf_text(tmp_path / "s.pdf")
    # 安康: 16 x 30 yuan, one disputed: 450.00 eligible, 合格 at 90 %: 405.00 payable.
    assert "安康家政服务有限公司" in settlement and "405.00" in settlement
    assert "450.00" in settlement and "应付金额" in settlement
    stats = pdf_text(tmp_path / "t.pdf")
    assert "2026年10月服务统计" in stats and "生活照料" in stats
    assert "75.0%" in stats  # 12 of 16 completed on time


def test_excel_has_the_same_tables(sqlite_db: Database, tmp_path: Path) -> None:
    out = tmp_path / "a.xlsx"
    with sqlite_db.sessions() as s:
        _centre(s)
        write_report(s, "assessment", "2026-10", out, "xlsx", NOW)
    wb = load_workbook(out)
    assert wb.sheetnames[0] == "排名"
    rows = list(wb["排名"].iter_rows(values_only=True))
    assert rows[2][:2] == (1, "福寿养老服务中心")
    assert rows[3][1] == "安康家政服务有限公司" and "77.70" in rows[3]


@needs_poppler
def test_cli_report(
    sqlite_db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with sqlite_db.sessions() as s:
        _centre(s)
    out = tmp_path / "cli.pdf"
    code = main(
        ["--db", sqlite_db.url, "report", "assessment", "--month", "2026-10", "--out", str(out)]
    )
    assert code == 0
    assert "安康家政服务有限公司" in pdf_text(out)
    assert "3 pages" in capsys.readouterr().err
    code = main(
        ["--db", sqlite_db.url, "report", "settlement", "--month", "2026-13", "--out", str(out)]
    )
    assert code == 2
    assert "YYYY-MM" in capsys.readouterr().err


def test_missing_font_names_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    from app.reports import fonts

    monkeypatch.setattr(fonts, "FONT_NAME", "AnxinCJK-missing-test")
    monkeypatch.setattr(fonts, "candidates", lambda: [Path("/nonexistent/wqy.ttc")])
    with pytest.raises(FontMissing, match="fonts-wqy-microhei"):
        register_cjk_font()
