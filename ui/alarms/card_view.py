"""The emergency card: who pressed, where exactly, what to be careful of, whom to call,
the device, what was done so far, and the elder's last alarms.

Order fixed for speed of reading under stress: the alarm and the elder in one line;
warnings (lives alone, allergies, medical notes); the full address; contacts in
calling order; then the device, the log of this alarm and the history.
"""

from __future__ import annotations

from PySide6.QtWidgets import QTextBrowser, QWidget

from app.alarms import EmergencyCard
from ui import labels
from ui.alarms import labels as alarm_labels
from ui.widgets.html import STYLE, columns, esc, fields_table, fmt_datetime, section

CARD_STYLE = STYLE.replace(
    "</style>",
    """
table.log td { padding: 1px 8px 1px 0; }
.alarm { color: #c62828; font-size: 15pt; font-weight: bold; }
.equipment { color: #ef6c00; font-size: 15pt; font-weight: bold; }
.big { font-size: 14pt; }
.alone { color: white; background: #c62828; font-weight: bold; }
</style>""",
)


def _time(value: object) -> str:
    from datetime import datetime

    if isinstance(value, datetime):
        return value.astimezone().strftime("%H:%M:%S")
    return ""


class EmergencyCardView(QTextBrowser):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("emergency-card")
        self.setOpenLinks(False)
        self.card: EmergencyCard | None = None
        self.show_message(self.tr("Select an alarm and press Enter to claim it."))

    def show_message(self, text: str) -> None:
        self.card = None
        self.setHtml(CARD_STYLE + f"<p class='muted big'>{esc(text)}</p>")

    def show_card(self, card: EmergencyCard) -> None:
        self.card = card
        self.setHtml(CARD_STYLE + self._html(card))

    # -- rendering -----------------------------------------------------------------------
    def _html(self, card: EmergencyCard) -> str:
        a = card.alarm
        event = labels.alarm_events().get(a.event_code) or a.event_name
        cls = "alarm" if a.priority == 1 else "equipment"
        head = f"<span class='{cls}'>{esc(a.event_code)} {esc(event)}</span>"
        if a.repeat_count > 1:
            head += " " + esc(self.tr("(pressed %1 times)").replace("%1", str(a.repeat_count)))
        state = (
            self.tr("received %1").replace("%1", _time(a.received_at))
            + " · "
            + (
                self.tr("claimed by %1 at %2")
                .replace("%1", a.claimed_by_name)
                .replace("%2", _time(a.claimed_at))
                if a.claimed_at
                else self.tr("not claimed")
            )
        )
        parts = [f"<p>{head}<br><span class='muted'>{esc(state)}</span></p>"]
        if card.storm is not None:
            parts.append(self._storm(card))
        if card.elder is None:
            if a.unknown_account:
                unknown = self.tr("Unknown device %1: no elder is registered with it.")
                parts.append(f"<p class='warn big'>{esc(unknown.replace('%1', a.account))}</p>")
            elif card.storm is None:
                parts.append(f"<p class='muted'>{esc(a.raw)}</p>")
        else:
            parts.append(self._elder(card))
        parts.append(self._device_and_log(card))
        return "".join(parts)

    def _storm(self, card: EmergencyCard) -> str:
        s = card.storm
        assert s is not None
        text = (
            self.tr("Storm in %1: %2 alarms from %3 devices since %4")
            .replace("%1", s.street)
            .replace("%2", str(s.alarms))
            .replace("%3", str(s.devices))
            .replace("%4", _time(s.started_at))
        )
        where = "、".join(f"{esc(name)} {n}" for name, n in s.communities)
        together = self.tr("Resolving the storm resolves every alarm in it.")
        return (
            f"<p class='big'><b>{esc(text)}</b><br>{where}</p><p class='muted'>{esc(together)}</p>"
        )

    def _elder(self, card: EmergencyCard) -> str:
        d = card.elder
        assert d is not None
        sexes = labels.sexes()
        years = self.tr("%1 years").replace("%1", str(card.age))
        title = (
            f"<h2>{esc(d.name)} <span class='muted'>· {esc(labels.label(sexes, d.sex))} · "
            f"{esc(years)} · "
            f"{esc(labels.label(labels.care_levels(), d.care_level))}</span></h2>"
        )
        lives_alone, not_alone = self.tr("Lives alone"), self.tr("Does not live alone")
        alone = (
            f"<p><span class='alone'>&nbsp;{esc(lives_alone)}&nbsp;</span></p>"
            if card.lives_alone
            else f"<p class='muted'>{esc(not_alone)}</p>"
        )
        groups = labels.special_groups()
        care = fields_table(
            [
                (self.tr("Address"), f"<b>{esc(card.full_address)}</b>"),
                (
                    self.tr("Allergies"),
                    f"<span class='warn'>{esc(d.allergies)}</span>" if d.allergies else "",
                ),
                (self.tr("Medical notes"), esc(d.medical_notes)),
                (self.tr("Medicines"), esc(d.medicines)),
                (
                    self.tr("Special groups"),
                    esc("、".join(labels.label(groups, g) for g in sorted(d.groups))),
                ),
                *(
                    (labels.label(labels.phone_kinds(), p.kind), f"<b>{esc(p.display)}</b>")
                    for p in d.phones
                ),
            ]
        )
        contacts = "<br>".join(
            f"<b>{c.position}.</b>&nbsp;{esc(c.name)}"
            + (f" ({esc(c.relation)})" if c.relation else "")
            + f" — <b>{esc(c.phone)}</b>"
            for c in card.contacts
        ) or esc(self.tr("None recorded"))
        accidental = ""
        if card.accidental_presses:
            accidental = (
                "<p class='muted'>"
                + esc(
                    self.tr("Accidental presses so far: %1").replace(
                        "%1", str(card.accidental_presses)
                    )
                )
                + "</p>"
            )
        return (
            title
            + alone
            + columns(
                care,
                section(self.tr("Emergency contacts (in calling order)"), contacts) + accidental,
                widths=(60, 40),
            )
        )

    def _device_and_log(self, card: EmergencyCard) -> str:
        dev = card.device
        if dev is None:
            none = self.tr("No registered device")
            device = f"<p class='muted'>{esc(none)}</p>"
        else:
            flags = [
                (dev.silent, self.tr("silent")),
                (dev.battery_low, self.tr("battery low")),
                (dev.mains_lost, self.tr("mains lost")),
            ]
            state = [f"<span class='warn'>{esc(text)}</span>" for on, text in flags if on]
            device = fields_table(
                [
                    (
                        self.tr("Device"),
                        esc(
                            f"{dev.account} · {labels.label(labels.device_kinds(), dev.kind)}"
                            + (f" · {dev.model}" if dev.model else "")
                        ),
                    ),
                    (self.tr("Last check-in"), esc(fmt_datetime(dev.last_test_at))),
                    (self.tr("State"), " ".join(state) or esc(self.tr("OK"))),
                    (self.tr("Maintained by"), esc(dev.firm_name)),
                ]
            )
        kinds = alarm_labels.action_kinds()
        results = alarm_labels.call_results()
        log = "".join(
            "<tr>"
            f"<td class='nowrap'>{esc(_time(x.at))}</td>"
            f"<td>{esc(labels.label(kinds, x.kind))}"
            + (f" {esc(x.target)}" if x.target else "")
            + (f" — <b>{esc(labels.label(results, x.result))}</b>" if x.result else "")
            + (f" · {esc(x.note)}" if x.note else "")
            + f"</td><td class='muted'>{esc(x.actor)}</td></tr>"
            for x in card.actions
        )
        nothing = self.tr("Nothing done yet")
        log_html = (
            f"<table class='log' cellspacing='0'>{log}</table>"
            if log
            else f"<p class='muted'>{esc(nothing)}</p>"
        )
        outcomes = alarm_labels.outcomes()
        statuses = labels.alarm_statuses()
        events = labels.alarm_events()
        past = "".join(
            "<tr>"
            f"<td class='nowrap'>{esc(p.received_at.astimezone().strftime('%m-%d %H:%M'))}</td>"
            f"<td>{esc(p.event_code)} {esc(events.get(p.event_code) or p.event_name)}"
            f" · <span class='muted'>"
            f"{esc(labels.label(outcomes, p.outcome) if p.outcome else labels.label(statuses, p.status))}"
            "</span></td></tr>"
            for p in card.past_alarms
        )
        no_earlier = self.tr("No earlier alarms")
        past_html = (
            f"<table class='log' cellspacing='0'>{past}</table>"
            if past
            else f"<p class='muted'>{esc(no_earlier)}</p>"
        )
        return columns(
            section(self.tr("This alarm so far"), log_html) + section(self.tr("Device"), device),
            section(self.tr("Last alarms"), past_html),
            widths=(55, 45),
        )
