"""The elder card: who is calling, what they need to be careful of, and what happened lately.

Read in the two seconds before the operator says hello, so the order is fixed: name,
age and status; care facts and warnings; where they live and whom to call; then the
last orders, alarms and calls.
"""

from __future__ import annotations

from PySide6.QtWidgets import QTextBrowser, QWidget

from app.elder_card import ElderCard
from ui import labels
from ui.widgets.html import STYLE, columns, esc, fields_table, fmt_datetime, section

CARD_STYLE = STYLE.replace(
    "</style>",
    """
table.history td { padding: 1px 8px 1px 0; }
.overdue { color: #c62828; }
.big { font-size: 15pt; }
</style>""",
)


class ElderCardView(QTextBrowser):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("elder-card")
        self.setOpenLinks(False)
        self.card: ElderCard | None = None
        # When the card was last painted (monotonic ns): the bench measures ring → card.
        self.painted_ns = 0
        self.show_message(self.tr("Waiting for a call. Ctrl+F finds an elder by name or phone."))

    def show_message(self, text: str) -> None:
        self.card = None
        self.setHtml(CARD_STYLE + f"<p class='muted big'>{esc(text)}</p>")

    def show_card(self, card: ElderCard) -> None:
        self.card = card
        self.setHtml(CARD_STYLE + self._html(card))

    # -- rendering -------------------------------------------------------------------

    def _html(self, card: ElderCard) -> str:
        d = card.elder
        groups = labels.special_groups()
        years = self.tr("%1 years").replace("%1", str(d.age))
        status = (
            ""
            if d.status == "active"
            else f" · <span class='warn'>{esc(labels.label(labels.elder_statuses(), d.status))}</span>"
        )
        title = (
            f"<h2>{esc(d.name)} <span class='muted'>· "
            f"{esc(labels.label(labels.sexes(), d.sex))} · {esc(years)}</span>{status}</h2>"
        )
        care = fields_table(
            [
                (
                    self.tr("Subsidy category"),
                    esc(labels.label(labels.subsidy_categories(), d.subsidy_category)),
                ),
                (self.tr("Care level"), esc(labels.label(labels.care_levels(), d.care_level))),
                (
                    self.tr("Special groups"),
                    "<b>"
                    + esc("、".join(labels.label(groups, g) for g in sorted(d.groups)))
                    + "</b>",
                ),
                (self.tr("Medical notes"), esc(d.medical_notes)),
                (
                    self.tr("Allergies"),
                    f"<span class='warn'>{esc(d.allergies)}</span>" if d.allergies else "",
                ),
                (self.tr("Medicines"), esc(d.medicines)),
                (self.tr("Preferred firm"), esc(d.preferred_firm_name)),
            ]
        )
        where = [d.address]
        for template, value in (
            (self.tr("building %1"), d.building),
            (self.tr("unit %1"), d.unit),
            (self.tr("floor %1"), d.floor),
            (self.tr("door %1"), d.door),
        ):
            part = template.replace("%1", value) if value else ""
            if part and part not in d.address:
                where.append(part)
        kinds = labels.phone_kinds()
        reach = fields_table(
            [
                (self.tr("Community"), esc(d.community_path)),
                (self.tr("Address"), esc(" ".join(where))),
                *((labels.label(kinds, p.kind), f"<b>{esc(p.display)}</b>") for p in d.phones),
            ]
        )
        contacts = "<br>".join(
            f"{c.position}.&nbsp;{esc(c.name)}"
            + (f" ({esc(c.relation)})" if c.relation else "")
            + f" — <b>{esc(c.phone)}</b>"
            for c in d.contacts
        ) or esc(self.tr("None recorded"))
        left = section(self.tr("Care"), care)
        right = section(self.tr("Address and phones"), reach) + section(
            self.tr("Emergency contacts (in calling order)"), contacts
        )
        return title + columns(left, right) + self._history(card)

    def _history(self, card: ElderCard) -> str:
        statuses = labels.order_statuses()
        overdue = self.tr("overdue")
        not_described = self.tr("not described")
        orders = "".join(
            "<tr>"
            f"<td class='nowrap'>{esc(fmt_datetime(o.created_at))}</td>"
            f"<td>{esc(o.item_name)}{' ×' + str(o.quantity) if o.quantity != 1 else ''}</td>"
            f"<td class='nowrap {'overdue' if o.overdue else ''}'>"
            f"{esc(labels.label(statuses, o.status))}"
            f"{' · ' + esc(overdue) if o.overdue else ''}</td>"
            f"<td class='muted'>{esc(o.firm_name)}</td>"
            "</tr>"
            for o in card.orders
        )
        events = labels.alarm_events()
        alarm_statuses = labels.alarm_statuses()
        alarms = "".join(
            "<tr>"
            f"<td class='nowrap'>{esc(fmt_datetime(a.received_at))}</td>"
            f"<td><span class='{'warn' if a.priority == 1 else ''}'>{esc(a.event_code)} "
            f"{esc(events.get(a.event_code) or a.event_name)}</span>"
            f" · {esc(labels.label(alarm_statuses, a.status))}</td>"
            "</tr>"
            for a in card.alarms
        )
        dispositions = labels.call_dispositions()
        calls = "".join(
            "<tr>"
            f"<td class='nowrap'>{esc(fmt_datetime(c.started_at))}</td>"
            f"<td>{'→' if c.direction == 'out' else '←'} "
            f"{esc(labels.label(dispositions, c.disposition) or not_described)}"
            + (f" · <span class='muted'>{esc(c.notes[:60])}</span>" if c.notes else "")
            + "</td></tr>"
            for c in card.calls
        )

        def table(rows: str, empty: str) -> str:
            if not rows:
                return f"<p class='muted'>{esc(empty)}</p>"
            return f"<table class='history' cellspacing='0'>{rows}</table>"

        # Orders get the full width (item and firm names are long); alarms and calls share a row.
        return section(self.tr("Last orders"), table(orders, self.tr("No orders yet"))) + columns(
            section(self.tr("Last alarms"), table(alarms, self.tr("No alarms"))),
            section(self.tr("Last calls"), table(calls, self.tr("No earlier calls"))),
        )
