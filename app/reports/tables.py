"""The reports' tables as plain rows, shared by the PDF and the Excel writers."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from app.assessment.service import FirmAssessment, MonthAssessment
from app.assessment.settlement import FirmSettlement, MonthSettlement
from app.assessment.statistics import MonthStatistics
from app.money import yuan

WARNING_NAMES = {"": "", "warning": "警告", "suspension": "建议暂停"}
STATUS_NAMES = {"open": "未定稿", "draft": "草稿", "final": "已定稿"}
Cell = str | int


@dataclass(frozen=True)
class Table:
    title: str
    header: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    total: tuple[Cell, ...] | None = None


def month_label(month: str) -> str:
    return f"{month[:4]}年{int(month[5:])}月"


def score(v: Decimal) -> str:
    return f"{v:.2f}"


def ranking_table(m: MonthAssessment) -> Table:
    dims = [d.name for d in m.firms[0].dimensions] if m.firms else []
    weights = [d.weight for d in m.firms[0].dimensions] if m.firms else []
    header = (
        "排名",
        "企业名称",
        "工单数",
        *(f"{n}\n({w}%)" for n, w in zip(dims, weights, strict=True)),
        "总分",
        "等级",
        "预警",
    )
    rows = tuple(
        (
            f.rank,
            f.firm_name,
            f.orders,
            *(score(d.score) for d in f.dimensions),
            score(f.total),
            f.grade,
            WARNING_NAMES[f.warning],
        )
        for f in m.firms
    )
    return Table(f"{month_label(m.month)}加盟企业考核排名", header, rows)


def _value(ind_value: Decimal | None, unit_rate: bool) -> str:
    if ind_value is None:
        return "—"
    if unit_rate:
        return f"{ind_value * 100:.1f}%"
    return f"{ind_value:.2f}"


def indicator_table(f: FirmAssessment) -> Table:
    dim_names = {d.code: d.name for d in f.dimensions}
    rows = []
    for i in f.indicators:
        if i.source == "manual":
            value = "录入" if i.entered else "未扣分"
        else:
            value = _value(i.value, i.code.endswith("rate") or i.code == "satisfaction")
        rows.append(
            (
                dim_names[i.dimension],
                i.name,
                "计算" if i.source == "computed" else "人工",
                value,
                score(i.score),
                i.max_score,
                i.comment,
            )
        )
    return Table(
        "考核指标", ("维度", "指标", "来源", "实际值", "得分", "满分", "说明"), tuple(rows)
    )


def dimension_table(f: FirmAssessment) -> Table:
    rows = tuple((d.name, f"{d.weight}%", score(d.score)) for d in f.dimensions)
    return Table(
        "维度得分",
        ("维度", "权重", "得分(百分制)"),
        rows,
        total=("总分", "", score(f.total)),
    )


def settlement_table(s: MonthSettlement) -> Table:
    rows = tuple(
        (
            f.firm_name,
            f.grade,
            f"{f.factor_percent}%",
            f.orders,
            yuan(f.government_fen),
            yuan(f.disputed_government_fen),
            yuan(f.eligible_fen),
            yuan(f.deduction_fen),
            yuan(f.payable_fen),
            yuan(f.elder_fen),
        )
        for f in s.firms
    )
    return Table(
        f"{month_label(s.month)}服务补贴结算汇总（单位：元）",
        (
            "企业名称",
            "等级",
            "系数",
            "工单数",
            "政府补贴",
            "争议扣除",
            "核定补贴",
            "等级扣减",
            "应付金额",
            "老人自付",
        ),
        rows,
        total=(
            "合计",
            "",
            "",
            s.orders,
            yuan(s.government_fen),
            yuan(s.disputed_government_fen),
            yuan(s.eligible_fen),
            yuan(s.eligible_fen - s.payable_fen),
            yuan(s.payable_fen),
            yuan(s.elder_fen),
        ),
    )


CATEGORY_NAMES = {"A": "A 三无", "B": "B 重点优抚", "C": "C 普通", "D": "D 重度残疾"}


def firm_settlement_table(f: FirmSettlement) -> Table:
    rows = tuple(
        (
            CATEGORY_NAMES[x.category],
            x.orders,
            yuan(x.market_fen),
            yuan(x.government_fen),
            x.disputed_orders,
            yuan(x.disputed_government_fen),
            yuan(x.elder_fen),
        )
        for x in f.lines
    )
    return Table(
        "按补贴类别（单位：元）",
        ("补贴类别", "工单数", "市场价", "政府补贴", "争议单", "争议扣除", "老人自付"),
        rows,
        total=(
            "合计",
            f.orders,
            yuan(f.market_fen),
            yuan(f.government_fen),
            sum(x.disputed_orders for x in f.lines),
            yuan(f.disputed_government_fen),
            yuan(f.elder_fen),
        ),
    )


def _pct(part: int, whole: int) -> str:
    return "—" if not whole else f"{part * 100 / whole:.1f}%"


def statistics_tables(st: MonthStatistics) -> list[Table]:
    summary = Table(
        f"{month_label(st.month)}服务统计",
        ("项目", "数值"),
        (
            ("工单总数", st.orders),
            ("已完成", st.completed),
            ("完成率", _pct(st.completed, st.orders)),
            ("按时完成", st.on_time),
            ("按时率", st.on_time_percent),
            ("超时未完成", st.overdue_open),
            ("争议工单", st.disputed),
            ("呼入电话", st.calls_in),
            ("呼入接通", st.calls_answered),
            ("呼出电话", st.calls_out),
        ),
    )

    def by(title: str, first: str, rows: tuple) -> Table:  # type: ignore[type-arg]
        return Table(
            title,
            (first, "工单数", "已完成", "按时率"),
            tuple((r.label, r.count, r.completed, _pct(r.on_time, r.completed)) for r in rows),
            total=("合计", st.orders, st.completed, st.on_time_percent),
        )

    return [
        summary,
        by("按服务类别", "服务类别", st.by_category),
        by("按服务种类", "种类", st.by_kind),
        Table("按工单状态", ("状态", "工单数"), tuple((r.label, r.count) for r in st.by_status)),
        Table(
            "电话（按处理结果）",
            ("处理结果", "通话数"),
            tuple((r.label, r.count) for r in st.by_disposition),
        ),
    ]
