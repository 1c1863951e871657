"""Months of hotline history: calls, work orders with their transitions, alarms, callbacks,
complaints and monthly care calls, generated one UTC day at a time.

Why day by day: ids must grow with time (as the console's own rows do, and so that the
B-trees are appended to, not split), and a day is small enough to sort in memory. Work that
happens on a later day (a callback, a complaint, a care-call retry) is put in that day's
bucket and written when the loop gets there, so every row is written after the rows it
refers to. Times are integer UTC epoch seconds until the writer encodes them.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from operator import itemgetter
from typing import Any

from app.demo.bulk import BulkWriter
from app.demo.centre import Centre
from app.demo.common import DAY, HOUR, LOCAL_OFFSET, PhoneBook, Picker, local_day_start, one
from app.demo.firms import FirmPool
from app.demo.people import (
    CENTENARIAN,
    FAMILY_PLANNING,
    LIVING_ALONE,
    LOST_ONLY_CHILD,
    ElderPool,
)
from app.demo.pricing import order_prices

# Share of orders per kind, after the Wuhan hotline's 2016 figures: housekeeping 37.6 %,
# companionship 36.2 %, meals and urgent help 13.4 %, rehabilitation and nursing 3.9 %,
# other 8.9 % (device maintenance is counted with "other" there).
CALL_MIX: tuple[tuple[str, float], ...] = (
    ("housekeeping", 37.6),
    ("companionship", 36.2),
    ("meal", 10.4),
    ("urgent", 3.0),
    ("nursing", 3.9),
    ("other", 7.9),
    ("device_maintenance", 1.0),
)
# Care calls go to the groups most at risk of being found too late.
CARE_CALL_GROUPS = LIVING_ALONE | LOST_ONLY_CHILD | FAMILY_PLANNING | CENTENARIAN
FOLLOWUP_SHARE = 0.10
ALARMS_PER_ELDER_MONTH = 0.03
LIVE_ALARMS = 5  # raised or being handled in the last hour before the anchor

# Requests by local hour: mornings and early afternoons; urgent help at any hour.
_HOURS_NORMAL = (
    0.1, 0.05, 0.05, 0.05, 0.1, 0.3, 1, 3, 7, 9, 9, 7,
    3, 4, 7, 7, 6, 4, 2.5, 2, 1.5, 1, 0.5, 0.2,
)  # fmt: skip
_HOURS_URGENT = (
    1, 0.8, 0.7, 0.7, 0.8, 1.2, 2, 3, 4, 4, 4, 4,
    3.5, 3.5, 4, 4, 4, 3.5, 3, 3, 2.5, 2, 1.5, 1.2,
)  # fmt: skip
_WEEKDAY_FACTOR = (1.0, 1.0, 1.0, 1.0, 1.0, 0.75, 0.65)

CANCEL_REASONS = (
    "老人已自行解决",
    "老人住院，暂不需要服务",
    "重复下单",
    "老人临时外出",
    "家属已安排",
    "老人改约其他时间",
)
REJECT_REASONS = (
    "人手不足，无法按时上门",
    "该时段服务人员已排满",
    "服务人员请假",
    "路途较远无法按时到达",
)
ENQUIRIES = (
    "咨询助餐点开放时间",
    "咨询高龄补贴申领",
    "咨询服务价格",
    "询问工单进度",
    "咨询一键通安装",
    "咨询养老政策",
    "咨询助浴服务预约",
    "咨询家政服务项目",
)
COMPLAINTS = (
    "服务人员迟到两个多小时，未提前告知",
    "保洁不彻底，厨房油污未清理",
    "服务人员态度生硬",
    "收费与公示标准不符",
    "服务人员未按约定时间上门",
    "送餐饭菜偏凉、偏咸",
    "维修后问题仍未解决",
)
FOLLOWUP_NOTES = {
    "satisfied": "老人对服务满意",
    "basic": "基本满意，希望服务人员更准时",
    "unsatisfied": "不满意：服务不够细致",
    "unreachable": "三次拨打均无人接听",
    "not_happened": "老人表示当天无人上门服务，工单存疑",
}
CARE_NOTES = (
    "老人身体状况良好",
    "老人精神不错，叮嘱注意保暖",
    "老人反映腰腿疼，已建议就医",
    "老人情绪低落，已安排志愿者上门探视",
    "老人询问助餐服务，已介绍",
    "老人表示一切安好",
)
# event code: (name, priority, zone)
EVENTS: dict[str, tuple[str, int, str]] = {
    "100": ("医疗求助", 1, "001"),
    "101": ("个人紧急求助", 1, "001"),
    "111": ("烟感火警", 1, "003"),
    "301": ("交流电源掉电", 2, "000"),
    "302": ("主机电池电压低", 2, "000"),
    "384": ("无线设备电池电压低", 2, "002"),
}
# What presses the button on a day without an order: (kind of event, weight).
_ALARM_MIX = (
    ("accidental", 35),
    ("emergency", 12),
    ("medical", 8),
    ("smoke", 3),
    ("ac_loss", 15),
    ("low_battery", 15),
    ("pendant_battery", 12),
)


@dataclass
class _Followup:
    order_id: int
    due_on: date
    result: str
    attempts: list[int]  # attempt times, all before the anchor
    pending: bool
    phone_index: int
    elder: int


def _hour_offset(h: int, rng: random.Random) -> int:
    """Seconds into the UTC day of a random moment in local hour ``h``."""
    return ((h - 8) % 24) * HOUR + int(rng.random() * HOUR)


def _working_hours(t: int, rng: random.Random) -> int:
    """Non-urgent visits happen 8:00-19:00 local; move a visit planned at night to morning."""
    local = (t + LOCAL_OFFSET) % DAY
    if local < 8 * HOUR:
        return t - local + 8 * HOUR + int(rng.random() * 2 * HOUR)
    if local >= 19 * HOUR:
        return t - local + DAY + 8 * HOUR + int(rng.random() * 2 * HOUR)
    return t


def _order_quantity(unit: str, rng: random.Random) -> int:
    if unit == "小时":
        return rng.choices((1, 2, 3), weights=(6, 3, 1))[0]
    if unit == "平方米":
        return 20 + int(rng.random() * 41)
    if unit == "件":
        return 1 + int(rng.random() * 5)
    if unit in ("桶", "套"):
        return 1 + int(rng.random() * 2)
    return 1


def daily_counts(total: int, days: list[tuple[int, float]]) -> list[int]:
    """Split ``total`` over days by weight, exactly, by rounding the running sum."""
    weight_sum = sum(w for _, w in days) or 1.0
    counts: list[int] = []
    run = 0.0
    done = 0
    for _, w in days:
        run += w
        upto = round(total * run / weight_sum)
        counts.append(upto - done)
        done = upto
    return counts


class History:
    """Generates the history between ``start_sec`` and ``anchor_sec`` into the writer."""

    def __init__(
        self,
        writer: BulkWriter,
        rng: random.Random,
        centre: Centre,
        firms: FirmPool,
        elders: ElderPool,
        phones: PhoneBook,
        *,
        users: dict[str, int],
        start_sec: int,
        anchor_sec: int,
        progress: Callable[[str], None],
    ) -> None:
        self.w = writer
        self.ts = writer.encoder.ts
        self.rng = rng
        self.centre = centre
        self.firms = firms
        self.elders = elders
        self.phones = phones
        self.operator = users["operator"]
        self.supervisor = users["supervisor"]
        self.start = start_sec
        self.anchor = anchor_sec
        self.progress = progress
        # random.randint costs ~0.6 µs through randrange; this is a fifth of that, and a
        # seed still gives one sequence.
        rnd = rng.random
        self.ri: Callable[[int, int], int] = lambda lo, hi: lo + int(rnd() * (hi - lo + 1))
        self.rr: Callable[[int], int] = lambda n: int(rnd() * n)
        self.ids: dict[str, int] = defaultdict(int)
        self.buckets: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
        self.device_state: dict[int, list[Any]] = {}
        self.order_seq: dict[int, int] = defaultdict(int)
        self._order_prefix: dict[int, str] = {}

        self.hours_normal = Picker(list(range(24)), _HOURS_NORMAL)
        self.hours_urgent = Picker(list(range(24)), _HOURS_URGENT)
        self.kinds = Picker([k for k, _ in CALL_MIX], [w for _, w in CALL_MIX])
        self.alarm_mix = Picker([k for k, _ in _ALARM_MIX], [w for _, w in _ALARM_MIX])

        # Items by kind, with a popularity that is fixed for the seed.
        self.items_by_kind: dict[str, Picker[int]] = {}
        for kind, _ in CALL_MIX:
            members = [i.index for i in centre.items if i.kind == kind]
            if not members:
                members = [i.index for i in centre.items]
            self.items_by_kind[kind] = Picker(
                members, [rng.lognormvariate(0, 1.0) for _ in members]
            )
        cats = ("A", "B", "C", "D")
        # prices[item][category index * 2 + (age >= 75)] = (elder pays, government pays)
        self.prices = [
            [order_prices(i.ref.market_price_fen, i.kind, c, age) for c in cats for age in (74, 75)]
            for i in centre.items
        ]
        self.cat_index = {c: n for n, c in enumerate(cats)}

        # Who calls: a few elders use the service a lot; dependent and lonely ones more.
        e = elders
        base = [
            (rng.lognormvariate(0, 1.1) * (1.0, 1.5, 2.0)[e.care[i]]
             * (1.4 if e.groups[i] & LIVING_ALONE else 1.0))
            if e.active[i] else 0.0
            for i in range(e.n)
        ]  # fmt: skip
        if e.n and not any(base):
            base = [1.0] * e.n
        self.any_elder = Picker(list(range(e.n)), base) if e.n else None
        meal = [w if rng.random() < 0.07 else 0.0 for w in base]
        self.meal_elder = Picker(list(range(e.n)), meal) if any(meal) else self.any_elder
        urgent = [
            w * (2.0 if e.devices[i] else 1.0) * (1 + (e.age[i] - 65) / 20)
            for i, w in enumerate(base)
        ]
        self.urgent_elder = Picker(list(range(e.n)), urgent) if any(urgent) else self.any_elder
        self.with_device = [i for i in range(e.n) if e.active[i] and e.devices[i]]
        self.with_pendant = [
            i for i in self.with_device if any(d[1] == "sos_pendant" for d in e.devices[i])
        ]
        self.with_smoke = [
            i for i in self.with_device if any(d[1] == "smoke_detector" for d in e.devices[i])
        ]
        self.firm_from = [f.active_from for f in firms.firms]
        self.firm_until = [
            f.active_until if f.active_until is not None else 2**62 for f in firms.firms
        ]
        self.firm_staff_weight = [max(1, len(f.staff)) for f in firms.firms]

    # ------------------------------------------------------------------ ids and small parts

    def _next(self, table: str) -> int:
        self.ids[table] += 1
        return self.ids[table]

    def _order_no(self, created: int) -> str:
        day = (created + LOCAL_OFFSET) // DAY
        prefix = self._order_prefix.get(day)
        if prefix is None:
            d = date.fromordinal(date(1970, 1, 1).toordinal() + day)
            prefix = self._order_prefix[day] = f"GD{d:%Y%m%d}"
        self.order_seq[day] += 1
        return f"{prefix}{self.order_seq[day]:05d}"

    def _call(
        self,
        calls: list[list[Any]],
        *,
        direction: str,
        number: str,
        norm: str,
        started: int,
        answered: int | None,
        ended: int,
        elder: int | None,
        disposition: str | None,
        caller_name: str = "",
        notes: str = "",
    ) -> list[Any]:
        anchor = self.anchor
        if ended >= anchor:  # a call cannot end after "now"
            ended = anchor - 1
            started = min(started, ended)
            answered = None if answered is None else min(answered, ended)
        rec = [
            0,
            direction,
            number,
            norm,
            str(self.ri(1, 4)) if direction == "in" else "",
            caller_name,
            started,
            answered,
            ended,
            self.operator,
            None if elder is None else elder + 1,
            disposition,
            "callerid" if direction == "in" else "manual",
            None,
            notes,
        ]
        calls.append(rec)
        return rec

    def _elder_phone(self, elder: int) -> tuple[str, str]:
        phones = self.elders.phones[elder]
        p = phones[self.rr(len(phones))]
        return p.callerid, p.e164

    # ------------------------------------------------------------------ the loop

    def run(self, total_orders: int) -> dict[str, int]:
        first_day = self.start // DAY
        last_day = (self.anchor - 1) // DAY
        days: list[tuple[int, float]] = []
        n_days = last_day - first_day + 1
        for k, day in enumerate(range(first_day, last_day + 1)):
            weekday = (day + 3) % 7  # 1970-01-01 was a Thursday
            span = (min(self.anchor, (day + 1) * DAY) - day * DAY) / DAY
            growth = 1.0 + 0.15 * k / max(1, n_days - 1)
            days.append((day, _WEEKDAY_FACTOR[weekday] * growth * span))
        counts = daily_counts(total_orders if self.elders.n else 0, days)
        self._schedule_care_calls(first_day, last_day)

        done = 0
        next_report = max(1, total_orders // 10)
        for (day, _), count in zip(days, counts, strict=True):
            self._day(day, count, is_last=day == last_day)
            done += count
            if done >= next_report or day == last_day:
                self.progress(f"orders {done}/{total_orders}")
                next_report = done + max(1, total_orders // 10)
            self.w.maybe_flush()
        # Every bucket lies before the anchor: work planned for later was never queued.
        assert not self.buckets, sorted(self.buckets)[:3]
        self._update_devices()
        return dict(self.ids)

    def _day(self, day: int, count: int, *, is_last: bool) -> None:
        rng = self.rng
        day_start = day * DAY
        day_end = min(self.anchor, day_start + DAY)
        calls: list[list[Any]] = []
        alarms: list[list[Any]] = []
        actions: list[tuple[list[Any], int, str, str, str, str]] = []
        later: list[Callable[[], None]] = []  # rows that need call or alarm ids

        self._drain(day, calls, later)

        # Orders of the day, in time order so ids grow with time.
        plans: list[tuple[int, str, int, int]] = []
        # Orders stop ten minutes before "now", so no call is still ringing at the anchor.
        last_order = max(day_start + 1, day_end - 600)
        for _ in range(count):
            kind = self.kinds.pick(rng)
            picker = self.hours_urgent if kind == "urgent" else self.hours_normal
            created = day_start + _hour_offset(picker.pick(rng), rng)
            if created >= last_order:
                created = day_start + self.rr(last_order - day_start)
            item = self.items_by_kind[kind].pick(rng)
            elder = self._pick_elder(kind, created)
            plans.append((created, kind, item, elder))
        plans.sort(key=itemgetter(0))
        orders: list[list[Any]] = []
        for created, kind, item, elder in plans:
            orders.append(self._order(created, kind, item, elder, calls, alarms, actions, later))

        self._misc_calls(day_start, day_end, count, calls)
        self._standalone_alarms(day_start, day_end, calls, alarms, actions)
        if is_last:
            self._live_alarms(alarms)
        # Today's orders may have queued work for later today (a complaint two hours after
        # the visit, a care call retried the next morning): do it now, ids are not yet given.
        self._drain(day, calls, later)

        calls.sort(key=itemgetter(6))
        ts = self.ts
        add = self.w.add
        for rec in calls:
            rec[0] = self._next("calls")
            rec[6] = ts(rec[6])
            rec[7] = ts(rec[7])
            rec[8] = ts(rec[8])
            add("calls", tuple(rec))
        alarms.sort(key=itemgetter(15))
        for rec in alarms:
            rec[0] = aid = self._next("alarms")
            rec[1] = f"demo-{aid:08d}"
        for rec in alarms:
            row = list(rec)
            for k in (15, 19, 20):
                row[k] = ts(row[k])
            # claimed_by_name stays empty: the console names the claimer from users.
            add("alarms", (*row, "", None))
        for rec, at, kind, target, result, note in sorted(actions, key=lambda a: (a[0][0], a[1])):
            if at >= self.anchor or rec[19] is None:
                continue
            add(
                "alarm_actions",
                (
                    self._next("alarm_actions"),
                    rec[0],
                    ts(at),
                    self.operator,
                    kind,
                    target,
                    result,
                    note,
                    "",
                ),
            )
        for o in orders:
            call, alarm = o[7], o[8]
            o[7] = call[0] if call is not None else None
            o[8] = alarm[0] if alarm is not None else None
            add("work_orders", tuple(o))
        for fn in later:
            fn()

    def _drain(self, day: int, calls: list[list[Any]], later: list[Callable[[], None]]) -> None:
        while day in self.buckets:
            for event in self.buckets.pop(day):
                kind = event[0]
                if kind == "followup":
                    self._followup_calls(event[1], calls, later)
                elif kind == "complaint":
                    self._complaint(event, calls, later)
                elif kind == "care":
                    self._care_call(event, calls, later)

    # ------------------------------------------------------------------ orders

    def _pick_elder(self, kind: str, created: int) -> int:
        picker = (
            self.meal_elder
            if kind == "meal"
            else self.urgent_elder
            if kind == "urgent"
            else self.any_elder
        )
        assert picker is not None
        enrolled = self.elders.enrolled_sec
        for _ in range(8):
            e = picker.index(self.rng)
            if enrolled[e] <= created:
                return e
        return e  # a member enrolled that very day: the order comes with the enrolment

    def _choose_firm(self, elder: int, item: int, created: int) -> tuple[int, str]:
        rng = self.rng
        cands = [
            f
            for f in self.firms.eligible[(self.elders.community[elder], item)]
            if self.firm_from[f] <= created < self.firm_until[f]
        ]
        if not cands:
            cands = [
                f
                for f in self.firms.eligible[(self.elders.community[elder], item)]
                if self.firms.firms[f].status == "active"
            ]
        pref = self.elders.preferred_firm[elder]
        if pref >= 0 and pref in cands:
            return pref, "老人首选企业"
        if len(cands) == 1:
            return cands[0], "唯一可派企业"
        if rng.random() < 0.03:
            return one(rng, cands), "话务员指定：老人点名要求"
        firm = rng.choices(cands, weights=[self.firm_staff_weight[f] for f in cands])[0]
        if rng.random() < 0.7:
            return firm, "在办工单最少"
        return firm, "负载相同，按轮换派单"

    def _order(
        self,
        created: int,
        kind: str,
        item_index: int,
        elder: int,
        calls: list[list[Any]],
        alarms: list[list[Any]],
        actions: list[tuple[list[Any], int, str, str, str, str]],
        later: list[Callable[[], None]],
    ) -> list[Any]:
        rng = self.rng
        ts = self.ts
        anchor = self.anchor
        e = self.elders
        item = self.centre.items[item_index]
        limit = item.ref.time_limit_min * 60
        order_id = self._next("work_orders")
        order_no = self._order_no(created)
        firm_index, reason = self._choose_firm(elder, item_index, created)
        firm = self.firms.firms[firm_index]
        q = firm.quality
        urgent = kind == "urgent"

        call: list[Any] | None = None
        alarm: list[Any] | None = None
        if urgent and e.devices[elder] and rng.random() < 0.35:
            alarm = self._alarm_record(
                elder,
                e.devices[elder][0],
                "101" if rng.random() < 0.7 else "100",
                created - self.ri(60, 240),
                outcome="helped_by_firm",
                note=f"已派单：{item.ref.name}",
                calls=calls,
                actions=actions,
            )
            alarms.append(alarm)
            actions.append((alarm, created, "order_dispatched", order_no, "", ""))
        elif rng.random() < 0.95:
            started = created - self.ri(40, 240)
            answered = started + self.ri(2, 15)
            by_contact = rng.random() < 0.1
            if by_contact:
                cname, cphone = e.contact[elder]
                number, norm, caller = cphone.callerid, cphone.e164, cname
            else:
                number, norm = self._elder_phone(elder)
                caller = e.name[elder]
            call = self._call(
                calls,
                direction="in",
                number=number,
                norm=norm,
                started=started,
                answered=answered,
                ended=created + self.ri(20, 120),
                elder=elder,
                disposition="request",
                caller_name=caller,
            )

        # The planned life of the order; the anchor cuts it where "now" is.
        events: list[tuple[int, str | None, str, str, str]] = [(created, None, "new", "", "")]
        dispatch = created + (self.ri(15, 90) if urgent else self.ri(30, 600))
        rejections = 0
        first_firm = firm
        if rng.random() < 0.01 + (1 - q) * 0.12:
            reject = dispatch + self.ri(120, 1800)
            events.append((dispatch, "new", "dispatched", "", ""))
            events.append((reject, "dispatched", "rejected", "", one(rng, REJECT_REASONS)))
            others = [
                f
                for f in self.firms.eligible[(e.community[elder], item_index)]
                if f != firm_index and self.firm_from[f] <= reject < self.firm_until[f]
            ]
            if others:
                firm_index = one(rng, others)
                firm = self.firms.firms[firm_index]
                reason = "原企业拒单，改派"
            dispatch = reject + self.ri(30, 300)
            events.append((dispatch, "rejected", "dispatched", "", f"派单至{firm.name}"))
            rejections = 1
        else:
            events.append((dispatch, "new", "dispatched", "", ""))
        late = rng.random() < 0.04 + (1 - q) * 0.35
        start = created + int(limit * (rng.uniform(1.05, 2.5) if late else rng.uniform(0.25, 0.95)))
        if limit >= 12 * HOUR:
            start = _working_hours(start, rng)
        start = max(start, dispatch + 120)
        accept = dispatch + int((start - dispatch) * rng.uniform(0.05, 0.5))
        staff_id, staff_name = firm.staff[self.rr(len(firm.staff))] if firm.staff else (None, "")
        if item.ref.unit == "小时":
            duration = self.ri(50, 70) * 60
        elif kind == "meal":
            duration = self.ri(10, 30) * 60
        else:
            duration = self.ri(20, 90) * 60
        quantity = _order_quantity(item.ref.unit, rng)
        if item.ref.unit == "小时":
            duration *= quantity
        complete = start + duration
        events.append((accept, "dispatched", "accepted", staff_name, ""))
        events.append((start, "accepted", "in_service", staff_name, ""))
        events.append((complete, "in_service", "completed", staff_name, ""))

        cancelled = rng.random() < 0.03
        if cancelled:
            at = created + int((start - created) * rng.uniform(0.1, 0.9))
            events = [ev for ev in events if ev[0] < at]
            events.append((at, events[-1][2], "cancelled", "", one(rng, CANCEL_REASONS)))

        followup: _Followup | None = None
        disputed = False
        close: int | None = None
        if not cancelled and complete < anchor:
            if rng.random() < FOLLOWUP_SHARE:
                followup = self._plan_followup(order_id, elder, complete, q)
                if not followup.pending:
                    disputed = followup.result == "not_happened"
                    close = followup.attempts[-1] + self.ri(600, 2 * HOUR)
            else:
                close = complete + self.ri(DAY, 5 * DAY)
            self._maybe_complaint(order_id, elder, firm_index, complete, q, followup)
        if close is not None:
            events.append((close, "completed", "closed", "", ""))

        # Cut at the anchor: what has happened by "now" is stored.
        events = [ev for ev in events if ev[0] < anchor]
        status = events[-1][2]
        stamps: dict[str, str | None] = {}
        op = self.operator
        sup = self.supervisor
        tid = self.ids["order_transitions"]
        rows: list[tuple[Any, ...]] = []
        for at, frm, to, reporter, note in events:
            stamp = stamps[to] = ts(at)
            tid += 1
            rows.append(
                (tid, order_id, frm, to, stamp, sup if to == "closed" else op, reporter, note)
            )
        self.ids["order_transitions"] = tid
        self.w.extend("order_transitions", rows)
        accepted = "accepted" in stamps and status != "rejected"
        if "dispatched" not in stamps:
            firm_id, reason = None, ""  # routing happens when the order is dispatched
        elif status == "rejected":
            firm_id = first_firm.firm_id  # the firm that said no; re-dispatch is pending
        else:
            firm_id = firm.firm_id
        cat = self.cat_index[e.category[elder]] * 2 + (1 if e.age[elder] >= 75 else 0)
        elder_pays, gov_pays = self.prices[item_index][cat]
        if followup is not None:
            self._queue_followup(followup, later)
        return [
            order_id,
            order_no,
            elder + 1,
            item.item_id,
            firm_id,
            staff_id if accepted else None,
            staff_name if accepted else "",
            call,
            alarm,
            e.area_id[elder],
            status,
            1 if urgent or alarm is not None else 2,
            quantity,
            # Frozen for the whole quantity, as the console's dispatch freezes them.
            item.ref.market_price_fen * quantity,
            elder_pays * quantity,
            gov_pays * quantity,
            stamps["new"],
            op,
            None,
            ts(created + limit),
            stamps.get("dispatched"),
            stamps.get("accepted"),
            stamps.get("in_service"),
            stamps.get("completed"),
            stamps.get("closed"),
            stamps.get("cancelled"),
            events[-1][4] if status == "cancelled" else "",
            reason,
            rejections,
            disputed,
            "",
        ]

    # ------------------------------------------------------------------ callbacks

    def _plan_followup(self, order_id: int, elder: int, complete: int, q: float) -> _Followup:
        rng = self.rng
        local = (complete + LOCAL_OFFSET) // DAY + self.ri(1, 2)
        due_on = date.fromordinal(date(1970, 1, 1).toordinal() + local)
        r = rng.random()
        p_fake = 0.004 + (1 - q) * 0.08
        p_unhappy = 0.01 + (1 - q) * 0.15
        if r < p_fake:
            result = "not_happened"
        elif r < p_fake + 0.03:
            result = "unreachable"
        elif r < p_fake + 0.03 + p_unhappy:
            result = "unsatisfied"
        elif r < p_fake + 0.03 + p_unhappy + 0.08:
            result = "basic"
        else:
            result = "satisfied"
        tries = 3 if result == "unreachable" else (1 if rng.random() < 0.85 else 2)
        first = local_day_start(due_on) + self.ri(9 * HOUR, 16 * HOUR)
        times = [first]
        for _ in range(tries - 1):
            times.append(times[-1] + self.ri(HOUR, 3 * HOUR))
        backlog = rng.random() < 0.04 and first > self.anchor - 5 * DAY
        done = [t for t in times if t < self.anchor - 300] if not backlog else []
        pending = len(done) < len(times)
        phones = self.elders.phones[elder]
        return _Followup(order_id, due_on, result, done, pending, self.rr(len(phones)), elder)

    def _queue_followup(self, f: _Followup, later: list[Callable[[], None]]) -> None:
        if f.attempts:
            self.buckets[f.attempts[0] // DAY].append(("followup", f))
        else:
            later.append(lambda: self._write_followup(f, None))

    def _followup_calls(
        self, f: _Followup, calls: list[list[Any]], later: list[Callable[[], None]]
    ) -> None:
        phone = self.elders.phones[f.elder][f.phone_index]
        last: list[Any] | None = None
        for n, at in enumerate(f.attempts):
            answered = not f.pending and n == len(f.attempts) - 1 and f.result != "unreachable"
            last = self._call(
                calls,
                direction="out",
                number=phone.callerid,
                norm=phone.e164,
                started=at,
                answered=at + self.ri(5, 20) if answered else None,
                ended=at + (self.ri(60, 240) if answered else self.ri(30, 45)),
                elder=f.elder,
                disposition="followup",
            )
        later.append(lambda: self._write_followup(f, last))

    def _write_followup(self, f: _Followup, call: list[Any] | None) -> None:
        ts = self.ts
        done = not f.pending
        last_at = f.attempts[-1] if f.attempts else None
        done_at = None
        if done and call is not None:
            done_at = call[8]  # already encoded by the time this runs
        self.w.add(
            "followups",
            (
                self._next("followups"),
                f.order_id,
                "sample",
                f.due_on.isoformat(),
                "done" if done else "pending",
                f.result if done else None,
                len(f.attempts),
                ts(last_at),
                done_at,
                self.operator if f.attempts else None,
                call[0] if call is not None else None,
                FOLLOWUP_NOTES[f.result] if done else "",
            ),
        )

    # ------------------------------------------------------------------ complaints

    def _maybe_complaint(
        self,
        order_id: int,
        elder: int,
        firm: int,
        complete: int,
        q: float,
        followup: _Followup | None,
    ) -> None:
        rng = self.rng
        p = 0.0015 + (1 - q) * 0.01
        if (
            followup is not None
            and not followup.pending
            and followup.result
            in (
                "unsatisfied",
                "not_happened",
            )
        ):
            p = 0.3
        if rng.random() >= p:
            return
        received = complete + self.ri(2 * HOUR, 3 * DAY)
        if received >= self.anchor:
            return
        self.buckets[received // DAY].append(
            ("complaint", order_id, elder, firm, received, one(rng, COMPLAINTS))
        )

    def _complaint(
        self, event: tuple[Any, ...], calls: list[list[Any]], later: list[Callable[[], None]]
    ) -> None:
        _, order_id, elder, firm_index, received, text = event
        rng = self.rng
        number, norm = self._elder_phone(elder)
        call = self._call(
            calls,
            direction="in",
            number=number,
            norm=norm,
            started=received - self.ri(60, 300),
            answered=received - self.ri(30, 55),
            ended=received + self.ri(60, 300),
            elder=elder,
            disposition="complaint",
            caller_name=self.elders.name[elder],
            notes=text,
        )
        firm = self.firms.firms[firm_index]
        steps = [(received, self.operator, f"受理投诉：{text}")]
        age = self.anchor - received
        if age > 5 * DAY:
            status = "closed"
            closed = received + self.ri(DAY, 4 * DAY)
            steps.append(
                (received + self.ri(HOUR, 8 * HOUR), self.supervisor, f"已转{firm.name}核实")
            )
            steps.append(
                (
                    closed - self.ri(HOUR, 5 * HOUR),
                    self.supervisor,
                    "企业回复：已批评教育服务人员并上门致歉",
                )
            )
            steps.append((closed, self.supervisor, "回访老人，对处理结果表示认可，结案"))
        else:
            closed = None
            status = "handling" if rng.random() < 0.5 else "open"
            if status == "handling":
                handled = min(self.anchor - 60, received + self.ri(HOUR, 8 * HOUR))
                steps.append((handled, self.supervisor, f"已转{firm.name}核实"))

        def write() -> None:
            ts = self.ts
            cid = self._next("complaints")
            self.w.add(
                "complaints",
                (
                    cid,
                    call[0],
                    elder + 1,
                    firm.firm_id,
                    order_id,
                    ts(received),
                    text,
                    status,
                    ts(closed),
                ),
            )
            for at, user, note in steps:
                self.w.add(
                    "complaint_steps", (self._next("complaint_steps"), cid, ts(at), user, note)
                )

        later.append(write)

    # ------------------------------------------------------------------ care calls

    def _schedule_care_calls(self, first_day: int, last_day: int) -> None:
        e = self.elders
        eligible = [i for i in range(e.n) if e.active[i] and e.groups[i] & CARE_CALL_GROUPS]
        if not eligible:
            return
        epoch = date(1970, 1, 1).toordinal()
        first_local = date.fromordinal(epoch + (first_day * DAY + LOCAL_OFFSET) // DAY)
        month = date(first_local.year, first_local.month, 1)
        while local_day_start(month) < self.anchor:
            nxt = date(month.year + month.month // 12, month.month % 12 + 1, 1)
            days_in = (nxt - month).days
            label = f"{month:%Y-%m}"
            base = local_day_start(month)
            for elder in eligible:
                at = base + self.rr(days_in) * DAY + self.ri(9 * HOUR, 17 * HOUR)
                if self.start <= at < self.anchor and self.elders.enrolled_sec[elder] < at:
                    self.buckets[at // DAY].append(("care", elder, at, 1, label))
            month = nxt

    def _care_call(
        self, event: tuple[Any, ...], calls: list[list[Any]], later: list[Callable[[], None]]
    ) -> None:
        _, elder, at, attempt, label = event
        rng = self.rng
        reached = rng.random() < 0.88
        number, norm = self._elder_phone(elder)
        call = self._call(
            calls,
            direction="out",
            number=number,
            norm=norm,
            started=at,
            answered=at + self.ri(5, 20) if reached else None,
            ended=at + (self.ri(120, 600) if reached else self.ri(30, 45)),
            elder=elder,
            disposition="care_call",
        )
        note = one(rng, CARE_NOTES) if reached else "无人接听"
        if not reached and attempt < 3:
            retry = at + self.ri(1, 2) * DAY + self.ri(-2 * HOUR, 2 * HOUR)
            if retry < self.anchor:
                self.buckets[retry // DAY].append(("care", elder, retry, attempt + 1, label))

        def write() -> None:
            self.w.add(
                "care_calls",
                (
                    self._next("care_calls"),
                    elder + 1,
                    label,
                    self.ts(at),
                    call[0],
                    self.operator,
                    reached,
                    note,
                ),
            )

        later.append(write)

    # ------------------------------------------------------------------ other calls

    def _misc_calls(
        self, day_start: int, day_end: int, orders: int, calls: list[list[Any]]
    ) -> None:
        rng = self.rng
        e = self.elders
        span = max(1, day_end - day_start)

        def when() -> int:
            t = day_start + _hour_offset(self.hours_normal.pick(rng), rng)
            return t if t < day_end - 900 else day_start + self.rr(max(1, span - 900))

        def count(rate: float) -> int:
            x = orders * rate
            return int(x) + (1 if rng.random() < x - int(x) else 0)

        for _ in range(count(0.15)):
            t = when()
            if e.n and rng.random() < 0.8:
                elder = self._pick_elder("other", t)
                number, norm = self._elder_phone(elder)
                name = e.name[elder]
            else:
                elder, p = None, self.phones.mobile()
                number, norm, name = p.callerid, p.e164, ""
            self._call(
                calls,
                direction="in",
                number=number,
                norm=norm,
                started=t,
                answered=t + self.ri(2, 15),
                ended=t + self.ri(60, 400),
                elder=elder,
                disposition="enquiry",
                caller_name=name,
                notes=one(rng, ENQUIRIES),
            )
        for _ in range(count(0.03)):
            t = when()
            if not self.with_device:
                break
            elder = one(rng, self.with_device)
            onekey = [p for p in e.phones[elder] if p.callerid.startswith("4")]
            p = onekey[0] if onekey else e.phones[elder][0]
            self._call(
                calls,
                direction="in",
                number=p.callerid,
                norm=p.e164,
                started=t,
                answered=t + self.ri(2, 10),
                ended=t + self.ri(15, 30),
                elder=elder,
                disposition="silent",
                caller_name=e.name[elder],
            )
        for _ in range(count(0.015)):
            t = when()
            p = self.phones.mobile()
            self._call(
                calls,
                direction="in",
                number=p.callerid,
                norm=p.e164,
                started=t,
                answered=t + self.ri(2, 10),
                ended=t + self.ri(15, 40),
                elder=None,
                disposition="wrong_number",
            )
        for _ in range(count(0.01)):
            t = when()
            if not e.n:
                break
            elder = self._pick_elder("other", t)
            number, norm = self._elder_phone(elder)
            # Hung up before anyone answered: the missed-call list calls them back.
            self._call(
                calls,
                direction="in",
                number=number,
                norm=norm,
                started=t,
                answered=None,
                ended=t + self.ri(5, 40),
                elder=elder,
                disposition=None,
                caller_name=e.name[elder],
            )

    # ------------------------------------------------------------------ alarms

    def _alarm_record(
        self,
        elder: int,
        device: tuple[int, str, str],
        code: str,
        received: int,
        *,
        outcome: str | None,
        note: str,
        calls: list[list[Any]] | None,
        actions: list[tuple[list[Any], int, str, str, str, str]],
        status: str = "resolved",
    ) -> list[Any]:
        rng = self.rng
        device_id, _, account = device
        name, priority, zone = EVENTS[code]
        r = rng.random()
        wait = self.ri(3, 55) if r < 0.96 else self.ri(60, 170) if r < 0.995 else self.ri(180, 400)
        claimed = received + wait if status != "raised" else None
        resolved: int | None = None
        if status == "resolved":
            assert claimed is not None
            long = outcome in ("real_emergency_ambulance", "helped_by_firm")
            resolved = claimed + (self.ri(600, 3600) if long else self.ri(60, 900))
        # Whatever would happen after "now" has not happened yet.
        if resolved is not None and resolved >= self.anchor:
            status, resolved, outcome, note = "claimed", None, None, ""
        if claimed is not None and claimed >= self.anchor:
            status, claimed = "raised", None
        escalation = 0 if claimed is None or wait <= 30 else (1 if wait <= 180 else 2)
        rec = [
            0,
            "",
            "contact_id",
            "01",
            "1",
            account,
            device_id,
            elder + 1,
            False,
            "new",
            code,
            name,
            "01",
            zone,
            f"{account} 18 1{code} 01 {zone}",
            received,
            priority,
            status,
            self.operator if claimed is not None else None,
            claimed,
            resolved,
            outcome,
            note,
            1,
            None,
            escalation,
        ]
        state = self.device_state.setdefault(device_id, [0, 0, 0])
        state[0] = max(state[0], received)
        if code in ("302", "384"):
            state[1] = max(state[1], received)
        if code == "301":
            state[2] = max(state[2], received)
        if claimed is not None and priority == 1 and calls is not None:
            phone = self.elders.phones[elder][0]
            answered = outcome != "no_answer_visit_sent"
            self._call(
                calls,
                direction="out",
                number=phone.callerid,
                norm=phone.e164,
                started=claimed + 5,
                answered=claimed + self.ri(8, 20) if answered else None,
                ended=claimed + (self.ri(60, 180) if answered else 40),
                elder=elder,
                disposition="alarm",
            )
            actions.append(
                (
                    rec,
                    claimed + 5,
                    "called_elder",
                    phone.display,
                    "answered" if answered else "no_answer",
                    "",
                )
            )
            if outcome in ("helped_by_contact", "no_answer_visit_sent", "real_emergency_ambulance"):
                cname, _cphone = self.elders.contact[elder]
                actions.append((rec, claimed + 200, "called_contact", f"1 {cname}", "answered", ""))
            if outcome == "real_emergency_ambulance":
                actions.append((rec, claimed + 260, "called_120", "120", "dispatched", ""))
        elif claimed is not None:
            actions.append((rec, claimed + 30, "note", "", "", note))
        return rec

    def _standalone_alarms(
        self,
        day_start: int,
        day_end: int,
        calls: list[list[Any]],
        alarms: list[list[Any]],
        actions: list[tuple[list[Any], int, str, str, str, str]],
    ) -> None:
        rng = self.rng
        if not self.with_device:
            return
        rate = len(self.with_device) * ALARMS_PER_ELDER_MONTH / 30 * (day_end - day_start) / DAY
        n = int(rate) + (1 if rng.random() < rate - int(rate) else 0)
        e = self.elders
        for _ in range(n):
            what = self.alarm_mix.pick(rng)
            received = day_start + _hour_offset(self.hours_urgent.pick(rng), rng)
            if received >= day_end - 1800:
                received = day_start + self.rr(max(1, day_end - day_start - 1800))
            if what == "pendant_battery" and self.with_pendant:
                elder = one(rng, self.with_pendant)
                kind, code = "sos_pendant", "384"
            elif what == "smoke" and self.with_smoke:
                elder = one(rng, self.with_smoke)
                kind, code = "smoke_detector", "111"
            else:
                elder = one(rng, self.with_device)
                kind = "onekey_phone"
                code = {
                    "accidental": "101",
                    "emergency": "101",
                    "medical": "100",
                    "ac_loss": "301",
                    "low_battery": "302",
                }.get(what, "101")
            device = next((d for d in e.devices[elder] if d[1] == kind), e.devices[elder][0])
            if what == "accidental":
                outcome, note = "accidental", "老人误按，已确认平安"
            elif what == "emergency":
                outcome, note = rng.choices(
                    (
                        ("helped_by_contact", "已联系家属上门查看"),
                        ("real_emergency_ambulance", "已拨打120送医"),
                        ("no_answer_visit_sent", "多次拨打无人接听，通知网格员上门，老人平安"),
                    ),
                    weights=(60, 25, 15),
                )[0]
            elif what == "medical":
                outcome, note = rng.choices(
                    (
                        ("real_emergency_ambulance", "已拨打120送医"),
                        ("helped_by_contact", "已联系家属陪同就医"),
                    ),
                    weights=(60, 40),
                )[0]
            elif what == "smoke":
                outcome, note = rng.choices(
                    (
                        ("accidental", "做饭油烟触发，已确认无火情"),
                        ("real_emergency_ambulance", "厨房起火，已通知119，老人已撤离"),
                    ),
                    weights=(85, 15),
                )[0]
            elif what == "ac_loss":
                outcome, note = "device_fault", "小区停电，来电后已恢复"
            else:
                outcome, note = "device_fault", "已通知维保企业更换电池"
            alarms.append(
                self._alarm_record(
                    elder,
                    device,
                    code,
                    received,
                    outcome=outcome,
                    note=note,
                    calls=calls,
                    actions=actions,
                )
            )

    def _live_alarms(self, alarms: list[list[Any]]) -> None:
        """A few alarms in the last hour, still open, so the alarm screen has work on it."""
        rng = self.rng
        if not self.with_device:
            return
        for n in range(LIVE_ALARMS):
            elder = one(rng, self.with_device)
            device = self.elders.devices[elder][0]
            code = ("101", "100", "301", "101", "302")[n % 5]
            received = self.anchor - self.ri(120, HOUR)
            status = "claimed" if n == 0 else "raised"
            if status == "claimed":
                received = self.anchor - self.ri(900, HOUR)
            alarms.append(
                self._alarm_record(
                    elder,
                    device,
                    code,
                    received,
                    outcome=None,
                    note="",
                    calls=None,
                    actions=[],
                    status=status,
                )
            )

    def _update_devices(self) -> None:
        """Alarms change device state: last event time, low battery, mains lost."""
        rows = []
        for device_id, (last, battery, mains) in sorted(self.device_state.items()):
            rows.append(
                (
                    self.ts(last),
                    battery > self.anchor - 3 * DAY,
                    mains > self.anchor - 6 * HOUR,
                    device_id,
                )
            )
        self.w.update_many(
            "UPDATE devices SET battery_low = {p}, mains_lost = {p}, last_event_at = CASE "
            "WHEN last_event_at IS NULL OR last_event_at < {p} THEN {p} ELSE last_event_at END "
            "WHERE id = {p}",
            [(battery, mains, last, last, device_id) for last, battery, mains, device_id in rows],
        )
