"""Realistic demo data: families, interests, phones across zones, two years of calls."""

from __future__ import annotations

import itertools
import json
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TypeVar
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, func, select

from callbook.domain.cadence import DEFAULT_RHYTHM_DAYS, chase_state, checkin_due_at
from callbook.domain.loops import counts_as_checkin, leaves_message
from callbook.domain.nudges import NudgeSettings
from callbook.domain.vocabulary import Channel, Outcome, Purpose, Tier
from callbook.services import search
from callbook.services.demo_gives import DemoGiving
from callbook.services.loops import GIVEN_UP
from callbook.services.scripts import MY_DETAILS
from callbook.store.engine import Store
from callbook.store.instants import stored_instant_text
from callbook.store.models import Contact

FIRST = [
    "Ana",
    "Sam",
    "Mike",
    "Priya",
    "Kenji",
    "Olivia",
    "Lars",
    "Fatima",
    "Diego",
    "Chloé",
    "Wei",
    "Noah",
    "Amara",
    "Jonas",
    "Sofia",
    "Ravi",
    "Emma",
    "Omar",
    "Hannah",
    "Mateo",
    "Yuki",
    "Liam",
    "Aisha",
    "Lukas",
    "Grace",
    "Tomás",
    "Mei",
    "Ethan",
    "Zara",
    "Pierre",
    "Ingrid",
    "Kwame",
    "Lucía",
    "Arjun",
    "Nadia",
    "Felix",
    "Leila",
    "Hiroshi",
    "Maya",
    "Björn",
    "Camille",
    "Daniel",
    "Sven",
    "Aiko",
    "Marco",
]
RTL_FIRST = ("יעל", "אורי", "مريم", "يوسف", "ليلى")
LAST = [
    "García",
    "Smith",
    "Müller",
    "Tanaka",
    "Okafor",
    "Johansson",
    "Dubois",
    "Patel",
    "Rossi",
    "Kowalski",
    "Nguyen",
    "Silva",
    "O'Brien",
    "Fischer",
    "Haddad",
    "Cohen",
    "Martin",
    "Andersen",
    "Novak",
    "Brown",
    "Kim",
    "Sato",
    "Costa",
    "Jensen",
    "Ali",
    "Schmidt",
    "Moreau",
    "Lindqvist",
    "Mensah",
    "Herrera",
    "Yamamoto",
    "Walsh",
    "Varga",
    "Bauer",
    "Nakamura",
    "Ferreira",
]
RTL_LAST = ("לוי", "כהן", "الحسن", "منصور")
COMPANY_A = [
    "Northwind",
    "Contoso",
    "Fabrikam",
    "Globex",
    "Initech",
    "Umbrella",
    "Stark",
    "Wayne",
    "Tyrell",
    "Acme",
    "Hooli",
    "Vandelay",
]
COMPANY_B = [
    "Logistics",
    "Health",
    "Foods",
    "Systems",
    "Energy",
    "Robotics",
    "Labs",
    "Capital",
    "Freight",
    "Medical",
    "Textiles",
    "Analytics",
]
TITLES = (
    "CIO",
    "VP Operations",
    "Head of Procurement",
    "IT Director",
    "CFO",
    "Plant Manager",
    "Purchasing Lead",
    "COO",
    "Facilities Manager",
    "Head of Engineering",
)
INDUSTRIES = ("Healthcare", "Logistics", "Manufacturing", "Retail", "Energy", "Finance", "Food")
INTERESTS = (
    "sailing",
    "marathons",
    "the Cubs",
    "golf",
    "jazz vinyl",
    "woodworking",
    "their vineyard",
    "chess",
    "cycling",
    "Formula 1",
    "birdwatching",
    "sourdough baking",
    "🎣 fly fishing",
    "coaching youth soccer",
    "Italian cooking",
    "skiing",
)
KIDS = ["Sam", "Lily", "Max", "Ella", "Leo", "Mia", "Theo", "Zoe", "Ben", "Nora", "Finn", "Ivy"]
MINDS = (
    "cutting freight costs before Q2",
    "a new ERP rollout slipping",
    "hiring two engineers",
    "the audit in March",
    "consolidating vendors",
    "opening a plant in Monterrey",
)
PLACES = (
    "Einstein's Bagels, 6:45 weekdays",
    "the gym at noon",
    "the airport lounge on Mondays",
    "",
)

# (country calling code prefix, national digits to fill, IANA zone)
NUMBERS = (
    ("+1212555", 4, "America/New_York"),
    ("+1617555", 4, "America/New_York"),
    ("+1312555", 4, "America/Chicago"),
    ("+1303555", 4, "America/Denver"),
    ("+1415555", 4, "America/Los_Angeles"),
    ("+1206555", 4, "America/Los_Angeles"),
    ("+44207946", 4, "Europe/London"),
    ("+49301", 7, "Europe/Berlin"),
    ("+33142", 6, "Europe/Paris"),
    ("+81312", 7, "Asia/Tokyo"),
    ("+61290", 6, "Australia/Sydney"),
    ("+5511987", 6, "America/Sao_Paulo"),
    ("+91224", 7, "Asia/Kolkata"),
    ("+97231", 6, "Asia/Jerusalem"),
)
# Short, curious, and no pitch on a check-in: what the field articles say gets returned.
# (name, kind, subject, body, weight when it got the call back, weight when it did not)
SCRIPTS: tuple[tuple[str, str, str, str, int, int], ...] = (
    (
        "Half a tidbit",
        "voicemail",
        "",
        "Hi {first_name}, it's {my_name}. I heard something about {interest} this week "
        "you'll want to hear, and I had a thought on {on_their_mind}. "
        "Two minutes when you have them: {my_phone}.",
        6,
        2,
    ),
    (
        "One quick question",
        "voicemail",
        "",
        "Hi {first_name}, {my_name} here. One quick question about {company}, nothing to "
        "prepare. I'm on {my_phone}.",
        4,
        3,
    ),
    (
        "When you're slammed",
        "voicemail",
        "",
        "Hi {first_name}, it's {my_name} again. I know you're slammed. If a text is easier, "
        "send me one word and I'll work around you. {my_phone}.",
        3,
        3,
    ),
    (
        "Gatekeeper: away?",
        "voicemail",
        "",
        "Hi {assistant}, it's {my_name}. I left {first_name} a message earlier and it's a "
        "little urgent. Is {first_name} away for a couple of days?",
        0,
        0,
    ),
    (
        "How's the family",
        "opener",
        "",
        "Hi {first_name}, it's {my_name}. Nothing needed, no agenda: I was thinking of you "
        "and wanted to say hello. How have you been? How's {family}?",
        0,
        0,
    ),
    (
        "Since we last spoke",
        "opener",
        "",
        "{first_name}! It's {my_name}. We last caught up {last_checkin}, and I wanted to hear "
        "how {interest} is going. No business, promise.",
        0,
        0,
    ),
    (
        "Best way to reach you",
        "text",
        "",
        "Hi {first_name}, {my_name} here. When you're slammed, what's the best way to "
        "connect with you? Text, a call at 7, or coffee?",
        3,
        1,
    ),
    (
        "No-ask text",
        "text",
        "",
        "Hi {first_name}, thinking of you. No ask at all, just hope {family} is well! {my_name}",
        2,
        2,
    ),
    (
        "Proposal: one question",
        "email",
        "{company}: one question on the proposal",
        "Hi {first_name},\n\nOne question so I don't waste your time: is the proposal still "
        "on your list, or has {on_their_mind} pushed it back?\n\nEither answer helps.\n\n"
        "{my_name}\n{my_phone}",
        3,
        2,
    ),
    (
        "Just following up",
        "voicemail",
        "",
        "Hi {first_name}, this is {my_name}, just following up on my last message about our "
        "platform, which helps companies like {company} streamline operations, reduce costs "
        "and improve visibility across the whole supply chain. I'd love to set up thirty "
        "minutes to walk you through a demo and share some results other customers have "
        "seen. Give me a call back at {my_phone}, again that's {my_phone}. Thanks so much!",
        1,
        6,
    ),
)
# A long pitch nobody returned: retired, kept for its figures.
RETIRED = frozenset({"Just following up"})
DEMO_REP = {"name": "Alex", "phone": "+1 312 555 0142"}
# Messages left this long without an answer count as given up on in the demo history.
GIVEN_UP_AFTER = timedelta(days=21)
RETIRED_AGO = timedelta(days=200)
OUTCOME_MIX = (
    (Outcome.CONNECTED, 40),
    (Outcome.VOICEMAIL, 25),
    (Outcome.NO_ANSWER, 12),
    (Outcome.GATEKEEPER, 6),
    (Outcome.BUSY, 4),
    (Outcome.REPLIED, 12),
    (Outcome.WRONG_NUMBER, 1),
)
PURPOSE_MIX = (
    (Purpose.CHECKIN, 40),
    (Purpose.BUSINESS, 35),
    (Purpose.FOLLOW_UP, 20),
    (Purpose.GIVE, 5),
)
CHANNEL_MIX = (
    (Channel.PHONE, 60),
    (Channel.EMAIL, 18),
    (Channel.TEXT, 14),
    (Channel.IN_PERSON, 4),
    (Channel.VIDEO, 4),
)
NOTES = (
    "Talked about {interest}; kids doing well.",
    "Asked about {kid}. Starting school in the fall.",
    "Wants to revisit pricing after the board meeting.",
    "Short call, in between meetings.",
    "Mentioned {mind}.",
    "Left a short curious voicemail.",
    "Great catch-up 😊 no business talk.",
    "Sent the article on {interest}.",
    "",
)
NEXT_STEPS = ("Send pricing", "Book a site visit", "Intro to their CFO", "Share the case study")
BATCH = 2000
T = TypeVar("T")


@dataclass(frozen=True)
class DemoReport:
    """How much demo data was written."""

    contacts: int
    interactions: int
    open_loops: int


def _weighted(rng: random.Random, mix: tuple[tuple[T, int], ...]) -> T:
    return rng.choices([m[0] for m in mix], weights=[m[1] for m in mix])[0]


class _Tables:
    """Rows buffered per table and written with executemany in batches."""

    # Parents first: the other tables refer to contacts and loops.
    ORDER = (
        "contacts",
        "open_loops",
        "phones",
        "family_members",
        "important_dates",
        "interests",
        "best_times",
        "contact_tags",
        "interactions",
        "gives",
        "give_ideas",
    )

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.rows: dict[str, list[dict[str, object]]] = {}

    def add(self, table: str, **row: object) -> dict[str, object]:
        self.rows.setdefault(table, []).append(row)
        return row

    def flush(self) -> None:
        for table in self.ORDER:
            rows = self.rows.pop(table, [])
            if rows:
                names = list(rows[0])
                sql = (
                    f"INSERT INTO {table} ({', '.join(names)}) "
                    f"VALUES ({', '.join(':' + n for n in names)})"
                )
                self.connection.exec_driver_sql(sql, rows)


def fill_with_demo(
    store: Store,
    now: datetime,
    contacts: int = 200,
    seed: int = 7,
    progress: Callable[[int, int], None] | None = None,
) -> DemoReport:
    """Add demo contacts with about 20 touches each over two years, and gives, in one go."""
    rng = random.Random(seed)
    interactions = loops = 0
    with store.begin_rows() as connection:
        first_id = (connection.scalar(select(func.max(Contact.id))) or 0) + 1
        loop_id = (connection.exec_driver_sql("SELECT max(id) FROM open_loops").scalar() or 0) + 1
        touch_ids = itertools.count(
            (connection.exec_driver_sql("SELECT max(id) FROM interactions").scalar() or 0) + 1
        )
        # Gives come from a generator of their own: a seed makes the same people and touches
        # it made before there were gives.
        giving = DemoGiving(
            random.Random(seed * 104729 + 2),
            now,
            (connection.exec_driver_sql("SELECT max(id) FROM gives").scalar() or 0) + 1,
        )
        tags = ["key account", "prospect", "partner", "golf", "renewal Q1", "conference 2026"]
        for name in tags:
            connection.exec_driver_sql("INSERT OR IGNORE INTO tags (name) VALUES (?)", (name,))
        tag_ids = [r[0] for r in connection.exec_driver_sql("SELECT id FROM tags ORDER BY id")]
        created = stored_instant_text(now - timedelta(days=700))
        retired = stored_instant_text(now - RETIRED_AGO)
        for name, kind, subject, body, _returned, _not in SCRIPTS:
            connection.exec_driver_sql(
                "INSERT OR IGNORE INTO scripts (name, kind, subject, body, created_at, retired_at)"
                " VALUES (?,?,?,?,?,?)",
                (name, kind, subject, body, created, retired if name in RETIRED else None),
            )
        connection.exec_driver_sql(
            "INSERT OR IGNORE INTO settings (key, value) VALUES (?, ?)",
            (MY_DETAILS, json.dumps(DEMO_REP)),
        )
        script_ids = {
            str(r[1]): int(r[0])
            for r in connection.exec_driver_sql("SELECT id, name FROM scripts ORDER BY id")
        }
        # Loops the history closed get ids after every loop the contacts may leave open.
        history = _ScriptHistory(
            random.Random(seed * 7919 + 1), script_ids, loop_id + contacts, now - RETIRED_AGO
        )
        tables = _Tables(connection)
        for offset in range(contacts):
            contact_id = first_id + offset
            made = _contact(
                rng, tables, contact_id, now, loop_id, tag_ids, history, touch_ids, giving
            )
            interactions += made[0]
            if made[1]:
                loop_id += 1
                loops += 1
            if (offset + 1) % BATCH == 0:
                giving.settle()
                tables.flush()
                if progress:
                    progress(offset + 1, contacts)
        giving.settle()
        tables.flush()
        search.rebuild(connection)
        if progress:
            progress(contacts, contacts)
    return DemoReport(contacts, interactions, loops)


def _contact(
    rng: random.Random,
    tables: _Tables,
    contact_id: int,
    now: datetime,
    loop_id: int,
    tag_ids: list[int],
    history: _ScriptHistory,
    touch_ids: Iterator[int],
    giving: DemoGiving,
) -> tuple[int, bool]:
    """Write one contact with everything around it; returns (touches, opened a loop)."""
    rtl = rng.random() < 0.04
    first = rng.choice(RTL_FIRST) if rtl else rng.choice(FIRST)
    last = rng.choice(RTL_LAST) if rtl else rng.choice(LAST)
    company = f"{rng.choice(COMPANY_A)} {rng.choice(COMPANY_B)}"
    tier = rng.choices((Tier.A, Tier.B, Tier.C), weights=(12, 33, 55))[0]
    rhythm = DEFAULT_RHYTHM_DAYS[tier]
    prefix, digits, zone_name = rng.choice(NUMBERS)
    zone = ZoneInfo(zone_name)
    interest, kid, mind = rng.choice(INTERESTS), rng.choice(KIDS), rng.choice(MINDS)
    created = now - timedelta(days=rng.randint(730, 760))
    family = _people_and_reach(rng, tables, contact_id, prefix, digits, kid, tag_ids)
    kid = family[0] if family else ""
    giving.meet(contact_id, first, company, mind)

    touches = _touches(rng, now, created, rhythm, zone)
    last_checkin = max(
        (t.at for t in touches if counts_as_checkin(t.purpose, t.outcome)),
        default=None,
    )
    opened = rng.random() < 0.12
    loop_ref = None
    earlier_tries = 0
    if opened:
        opened_at = now - timedelta(days=rng.randint(0, 20), hours=rng.randint(1, 8))
        attempts = rng.randint(1, 6)
        last_at = min(opened_at + timedelta(days=attempts - 1), now - timedelta(hours=1))
        state = chase_state(opened_at, attempts, last_at, zone, NudgeSettings().quiet_days)
        tables.add(
            "open_loops",
            id=loop_id,
            contact_id=contact_id,
            kind="voicemail",
            subject="Proposal follow-up",
            opened_at=stored_instant_text(opened_at),
            attempts=attempts,
            last_attempt_at=stored_instant_text(last_at),
            next_attempt_on=state.next_attempt_on.isoformat() if state.next_attempt_on else None,
            closed_at=None,
            closed_by="",
        )
        loop_ref = loop_id
        touches.append(_Touch(last_at, Channel.PHONE, Outcome.VOICEMAIL, Purpose.BUSINESS))
        # The tries before the last, one a day from the first: as many as the days allow.
        earlier_tries = min(attempts - 1, (last_at - opened_at).days)

    uses = history.plan(tables, contact_id, touches, last_is_open=opened)
    for index, touch in enumerate(touches):
        next_step, due, done = "", None, None
        if touch.purpose is Purpose.BUSINESS and rng.random() < 0.15:
            next_step = rng.choice(NEXT_STEPS)
            due_day = (touch.at + timedelta(days=rng.randint(2, 14))).date()
            due = due_day.isoformat()
            settled = due_day < (now - timedelta(days=3)).date() or rng.random() < 0.7
            done = stored_instant_text(touch.at + timedelta(days=3)) if settled else None
        reached = touch.outcome is Outcome.CONNECTED
        touch_id = next(touch_ids)
        direction = "inbound" if touch.outcome is Outcome.REPLIED else "outbound"
        # Drawn in the order they always were, so a seed still makes the same history.
        duration = rng.randint(60, 1500) if reached else None
        note = _note(rng, interest, kid, mind)
        if touch.purpose is Purpose.GIVE:
            note = giving.given_with(tables.add, contact_id, touch.at, touch_id, interest)
        giving.touched(contact_id, touch.at, touch.purpose, direction, touch.outcome)
        tables.add(
            "interactions",
            id=touch_id,
            contact_id=contact_id,
            occurred_at=stored_instant_text(touch.at),
            channel=touch.channel.value,
            direction=direction,
            outcome=touch.outcome.value,
            purpose=touch.purpose.value,
            duration_seconds=duration,
            note=note,
            next_step=next_step,
            next_step_due=due,
            next_step_done_at=done,
            script_id=uses[index][0],
            loop_id=loop_ref if opened and index == len(touches) - 1 else uses[index][1],
        )
        # The history once drew a script for a voicemail here from the six it had. The draws
        # stay so that a seed still makes the same people and touches: plans frozen in the
        # tests are built on them. Scripts now come from the history's own generator.
        if touch.outcome is Outcome.VOICEMAIL and rng.random() < 0.5:
            rng.randrange(6)
    if loop_ref is not None:
        first_try = touches[-1].at - timedelta(days=earlier_tries)
        _earlier_tries(tables, giving, contact_id, loop_ref, first_try, earlier_tries, touch_ids)
    giving.more(tables.add, contact_id, created, interest, chased=opened)

    asked = rng.random() < 0.55
    channels = rng.sample(
        [Channel.PHONE, Channel.TEXT, Channel.EMAIL, Channel.IN_PERSON], k=rng.randint(1, 3)
    )
    row = tables.add(
        "contacts",
        id=contact_id,
        first_name=first,
        last_name=last,
        company=company,
        title=rng.choice(TITLES),
        email="" if rtl else f"{first.lower()}.{last.lower()}@{company.split()[0].lower()}.example",
        tier=tier.value,
        account_value=rng.choice((None, 25_000, 120_000, 900_000)),
        notes="",
        time_zone=zone_name,
        checkin_rhythm_days=None,
        personal_notes=f"Ask about {kid}. Into {interest}." if kid else f"Into {interest}.",
        preferred_channels=json.dumps([c.value for c in channels]),
        place=rng.choice(PLACES),
        assistant_name=rng.choice(("", "", "Rosa", "Tom")),
        assistant_phone="",
        assistant_notes="",
        boss_name=rng.choice(("", "Karen Lee", "Dev Shah")),
        reception_notes="",
        question_asked=asked,
        question_answer="Text first, then call after 4pm" if asked else "",
        industry=rng.choice(INDUSTRIES),
        role_function="",
        on_their_mind=mind,
        company_notes="",
        last_personal_checkin_at=stored_instant_text(last_checkin) if last_checkin else None,
        last_touch_at=stored_instant_text(max(t.at for t in touches)) if touches else None,
        checkin_due_at=stored_instant_text(checkin_due_at(last_checkin, rhythm, created)),
        snoozed_until=None,
        created_at=stored_instant_text(created),
        updated_at=stored_instant_text(now),
        asks_since_give=0,
        asks_in_a_row=0,
        last_give_on=None,
    )
    giving.written(contact_id, row)
    return len(touches) + earlier_tries, opened


def _earlier_tries(
    tables: _Tables,
    giving: DemoGiving,
    contact_id: int,
    loop_id: int,
    first_at: datetime,
    tries: int,
    touch_ids: Iterator[int],
) -> None:
    """The voicemails before the last one on a chase still open, a day apart from `first_at`."""
    for day in range(tries):
        at = first_at + timedelta(days=day)
        giving.touched(contact_id, at, Purpose.BUSINESS, "outbound", Outcome.VOICEMAIL)
        tables.add(
            "interactions",
            id=next(touch_ids),
            contact_id=contact_id,
            occurred_at=stored_instant_text(at),
            channel=Channel.PHONE.value,
            direction="outbound",
            outcome=Outcome.VOICEMAIL.value,
            purpose=Purpose.BUSINESS.value,
            duration_seconds=None,
            note=giving.chase_note(),
            next_step="",
            next_step_due=None,
            next_step_done_at=None,
            script_id=None,
            loop_id=loop_id,
        )


class _ScriptHistory:
    """Which scripts the demo history used, and the loops its messages went into.

    Messages left are gathered into a loop that the next reply or connected call closes
    (or that is given up on after three quiet weeks); the script of the message that got
    the call back is drawn by how often it gets calls back, so the figures tell a story.
    """

    def __init__(
        self, rng: random.Random, script_ids: dict[str, int], next_loop_id: int, retired: datetime
    ) -> None:
        self.rng = rng
        self.ids = script_ids
        self.next_loop_id = next_loop_id
        self.retired = retired

    def plan(
        self, tables: _Tables, contact_id: int, touches: list[_Touch], last_is_open: bool
    ) -> list[tuple[int | None, int | None]]:
        """(script id, closed loop id) for each touch; the contact's open loop is left alone."""
        uses: list[tuple[int | None, int | None]] = [(None, None)] * len(touches)
        pending: list[int] = []
        opener: int | None = None

        def close(closing: int | None, at: datetime, by: str) -> None:
            loop = self.next_loop_id
            self.next_loop_id += 1
            first, last = touches[pending[0]], touches[pending[-1]]
            kind = {Channel.EMAIL: "email", Channel.TEXT: "text"}.get(first.channel, "voicemail")
            tables.add(
                "open_loops",
                id=loop,
                contact_id=contact_id,
                kind=kind,
                subject="",
                opened_at=stored_instant_text(first.at),
                attempts=len(pending),
                last_attempt_at=stored_instant_text(last.at),
                next_attempt_on=None,
                closed_at=stored_instant_text(at),
                closed_by=by,
            )
            self._scripts(touches, pending, uses, loop, returned=closing is not None)
            if closing is not None:
                uses[closing] = (None, loop)
            pending.clear()

        for index in range(len(touches) - (1 if last_is_open else 0)):
            touch = touches[index]
            if pending and touch.at - touches[pending[-1]].at > GIVEN_UP_AFTER:
                close(None, touches[pending[-1]].at + GIVEN_UP_AFTER, GIVEN_UP)
            if touch.outcome.reached_them:
                if pending:
                    close(index, touch.at, touch.outcome.value)
                elif touch.purpose is Purpose.CHECKIN and self.rng.random() < 0.5:
                    opener = self._draw(("How's the family", "Since we last spoke"), opener)
                    uses[index] = (opener, None)
            elif touch.outcome is not Outcome.WRONG_NUMBER and leaves_message(
                touch.outcome, touch.channel
            ):
                pending.append(index)
        if pending:
            # Still unanswered when the history ends: left, not returned (yet).
            self._scripts(touches, pending, uses, None, returned=False)
        return uses

    def _scripts(
        self,
        touches: list[_Touch],
        pending: list[int],
        uses: list[tuple[int | None, int | None]],
        loop: int | None,
        returned: bool,
    ) -> None:
        previous: int | None = None
        for position, index in enumerate(pending):
            touch = touches[index]
            credited = returned and position == len(pending) - 1
            script = None
            if self.rng.random() < 0.8:
                script = self._for(touch, credited, previous)
                previous = script
            uses[index] = (script, loop)

    def _for(self, touch: _Touch, credited: bool, previous: int | None) -> int | None:
        if touch.outcome is Outcome.GATEKEEPER:
            return self.ids.get("Gatekeeper: away?")
        kind = {Channel.EMAIL: "email", Channel.TEXT: "text"}.get(touch.channel, "voicemail")
        names, weights = [], []
        for name, script_kind, _subject, _body, hit, miss in SCRIPTS:
            if script_kind != kind or not (hit or miss) or self.ids.get(name) == previous:
                continue
            if name in RETIRED and touch.at >= self.retired:
                continue
            names.append(name)
            weights.append(hit if credited else miss)
        if not names:
            return None
        return self.ids.get(self.rng.choices(names, weights=weights)[0])

    def _draw(self, names: tuple[str, ...], previous: int | None) -> int | None:
        choices = [self.ids[n] for n in names if n in self.ids and self.ids[n] != previous]
        return self.rng.choice(choices) if choices else previous


def _note(rng: random.Random, interest: str, kid: str, mind: str) -> str:
    """A short call note; one about the family only when there is family to ask about."""
    template = rng.choice(NOTES)
    if not kid and "{kid}" in template:
        template = NOTES[0]
    return template.format(interest=interest, kid=kid, mind=mind)


def _people_and_reach(
    rng: random.Random,
    tables: _Tables,
    contact_id: int,
    prefix: str,
    digits: int,
    kid: str,
    tag_ids: list[int],
) -> list[str]:
    """Phones, family, dates, interests, best times and tags; returns the family's names."""
    for position, label in enumerate(("work", "mobile")[: rng.randint(1, 2)]):
        number = prefix + "".join(str(rng.randint(0, 9)) for _ in range(digits))
        tables.add("phones", contact_id=contact_id, label=label, e164=number, position=position)
    names: list[str] = []
    other_kid = rng.choice([k for k in KIDS if k != kid])
    spouse = rng.choice(("wife", "husband", "partner", None))
    relations = ([spouse] if spouse else []) + rng.sample(("son", "daughter"), k=rng.randint(0, 2))
    for relation in relations:
        is_kid = relation in ("son", "daughter")
        name = (kid if relation == "son" else other_kid) if is_kid else rng.choice(FIRST)
        names.append(name)
        year = rng.randint(2008, 2022) if is_kid else rng.choice((None, rng.randint(1965, 1990)))
        month, day = rng.randint(1, 12), rng.randint(1, 28)
        if rng.random() < 0.01:
            month, day, year = 2, 29, 2016
        tables.add(
            "family_members",
            contact_id=contact_id,
            name=name,
            relation=relation,
            birth_month=month,
            birth_day=day,
            birth_year=year,
            notes="",
        )
    if rng.random() < 0.5:
        tables.add(
            "important_dates",
            contact_id=contact_id,
            label="Birthday",
            month=rng.randint(1, 12),
            day=rng.randint(1, 28),
            year=rng.choice((None, rng.randint(1960, 1992))),
        )
    for text in rng.sample(INTERESTS, k=rng.randint(1, 3)):
        tables.add("interests", contact_id=contact_id, text=text)
    if rng.random() < 0.4:
        start = rng.choice((6 * 60 + 45, 7 * 60, 8 * 60, 12 * 60, 16 * 60 + 30))
        tables.add(
            "best_times",
            contact_id=contact_id,
            weekday_mask=0b0011111,
            start_minute=start,
            end_minute=start + rng.choice((30, 45, 60, 90)),
            note="",
        )
    for tag_id in rng.sample(tag_ids, k=rng.randint(0, 2)):
        tables.add("contact_tags", contact_id=contact_id, tag_id=tag_id)
    return names


@dataclass(frozen=True)
class _Touch:
    at: datetime
    channel: Channel
    outcome: Outcome
    purpose: Purpose


def _touches(
    rng: random.Random, now: datetime, created: datetime, rhythm: int, zone: ZoneInfo
) -> list[_Touch]:
    """Two years of touches: check-ins roughly on rhythm, business in between, in office hours."""
    moments: list[_Touch] = []
    budget = rng.randint(12, 28)
    at = now - timedelta(days=rhythm * rng.uniform(0.05, 1.08))
    # Recent check-ins keep to the rhythm; older history is thinner, as real logs are.
    while at > created and len(moments) < budget * 0.6:
        moments.append(_Touch(at, Channel.PHONE, Outcome.CONNECTED, Purpose.CHECKIN))
        at -= timedelta(days=rhythm * rng.uniform(0.6, 1.1))
    span = int((now - created).total_seconds())
    for _ in range(budget - len(moments)):
        moments.append(
            _Touch(
                created + timedelta(seconds=rng.randint(0, span)),
                _weighted(rng, CHANNEL_MIX),
                _weighted(rng, OUTCOME_MIX),
                _weighted(rng, PURPOSE_MIX),
            )
        )
    placed = []
    for touch in moments:
        local = touch.at.astimezone(zone).replace(
            hour=rng.randint(8, 17), minute=rng.randint(0, 59)
        )
        if local < now:
            placed.append(
                _Touch(local.astimezone(UTC), touch.channel, touch.outcome, touch.purpose)
            )
    placed.sort(key=lambda t: t.at)
    return placed
