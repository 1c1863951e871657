"""The read-only record of the selected elder, below the list."""

from __future__ import annotations

from PySide6.QtWidgets import QTextBrowser, QWidget

from app.registry.elders import DeviceView, ElderDetail
from ui import labels
from ui.widgets.html import (
    STYLE,
    bullet_list,
    columns,
    esc,
    fields_table,
    fmt_date,
    fmt_datetime,
    section,
)


class ElderDetailView(QTextBrowser):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.detail: ElderDetail | None = None
        self.show_empty()

    def show_empty(self) -> None:
        self.detail = None
        hint = self.tr("Select an elder to see the full record.")
        self.setHtml(STYLE + f"<p class='muted'>{esc(hint)}</p>")

    def show_elder(self, d: ElderDetail) -> None:
        self.detail = d
        statuses = labels.elder_statuses()
        years = self.tr("%1 years").replace("%1", str(d.age))
        title = (
            f"<h2>{esc(d.name)} <span class='muted'>· {esc(labels.label(labels.sexes(), d.sex))}"
            f" · {esc(years)} · {esc(labels.label(statuses, d.status))} · #{d.id}</span></h2>"
        )
        # Addresses are often written out in full ("…2号楼2单元701室") as well as in the
        # separate fields; repeat only what the written address does not already say.
        parts = [
            self._part(self.tr("building %1"), d.building),
            self._part(self.tr("unit %1"), d.unit),
            self._part(self.tr("floor %1"), d.floor),
            self._part(self.tr("door %1"), d.door),
        ]
        address = " ".join([d.address, *(p for p in parts if p and p not in d.address)])
        person = section(
            self.tr("Person and address"),
            fields_table(
                [
                    (self.tr("ID number"), esc(d.id_number)),
                    (self.tr("Birth date"), esc(fmt_date(d.birth_date))),
                    (self.tr("Community"), esc(d.community_path)),
                    (self.tr("Address"), esc(address)),
                    (self.tr("Enrolled on"), esc(fmt_date(d.enrolled_on))),
                ]
            ),
        )
        kinds = labels.phone_kinds()
        phones = [(labels.label(kinds, p.kind), f"<b>{esc(p.display)}</b>") for p in d.phones]
        contacts = [
            f"{c.position}.&nbsp;{esc(c.name)}"
            + (f" ({esc(c.relation)})" if c.relation else "")
            + f" — <b>{esc(c.phone)}</b>"
            for c in d.contacts
        ]
        reach = section(self.tr("Phones"), fields_table(phones) if phones else "—") + section(
            self.tr("Emergency contacts (in calling order)"),
            "<br>".join(contacts) or esc(self.tr("None recorded")),
        )
        groups = labels.special_groups()
        checkin = (
            self.tr("Yes, at %1:00").replace("%1", str(d.checkin_hour))
            if d.daily_checkin and d.checkin_hour is not None
            else labels.yes_no(d.daily_checkin)
        )
        care_part = section(
            self.tr("Care"),
            fields_table(
                [
                    (
                        self.tr("Subsidy category"),
                        esc(labels.label(labels.subsidy_categories(), d.subsidy_category)),
                    ),
                    (self.tr("Care level"), esc(labels.label(labels.care_levels(), d.care_level))),
                    (
                        self.tr("Special groups"),
                        esc("、".join(labels.label(groups, g) for g in sorted(d.groups))),
                    ),
                    (self.tr("Preferred firm"), esc(d.preferred_firm_name)),
                    (self.tr("Daily check-in call"), esc(checkin)),
                ]
            ),
        )
        health = section(
            self.tr("Health"),
            fields_table(
                [
                    (self.tr("Medical notes"), esc(d.medical_notes)),
                    (
                        self.tr("Allergies"),
                        f"<span class='warn'>{esc(d.allergies)}</span>" if d.allergies else "",
                    ),
                    (self.tr("Medicines"), esc(d.medicines)),
                ]
            ),
        )
        devices = [self._device(dev) for dev in d.devices]
        equipment = section(
            self.tr("Devices"), bullet_list(devices) or esc(self.tr("No device installed"))
        )
        stamps = (
            self.tr("Registered %1, last changed %2")
            .replace("%1", fmt_datetime(d.created_at))
            .replace("%2", fmt_datetime(d.updated_at))
        )
        footer = f"<p class='muted'>{esc(stamps)}</p>"
        self.setHtml(
            STYLE + title + columns(person, reach + health, care_part + equipment) + footer
        )

    @staticmethod
    def _part(template: str, value: str) -> str:
        return template.replace("%1", value) if value else ""

    def _device(self, dev: DeviceView) -> str:
        account = dev.account
        kind = labels.label(labels.device_kinds(), dev.kind)
        model = dev.model
        last = fmt_datetime(dev.last_test_at)
        flags = []
        if dev.battery_low:
            flags.append(self.tr("battery low"))
        if dev.mains_lost:
            flags.append(self.tr("mains power lost"))
        account_text = self.tr("account %1").replace("%1", account)
        tested = self.tr("last test %1").replace("%1", last) if last else self.tr("never tested")
        text = f"{esc(kind)} {esc(model)} · {esc(account_text)} · {esc(tested)}"
        if flags:
            text += f" · <span class='warn'>{esc(', '.join(flags))}</span>"
        return text
