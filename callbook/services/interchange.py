"""Importing contacts in one transaction: preview, merge field by field, cancel, region."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Table, insert, select
from sqlalchemy.orm import Session, selectinload

from callbook.domain.cadence import checkin_rhythm_days, first_checkins_spread
from callbook.domain.clock import Clock
from callbook.domain.dates import YearlyDate
from callbook.domain.vocabulary import Tier
from callbook.interchange.merge import (
    Action,
    ImportCancelledError,
    ImportPlan,
    KnownContact,
    PlannedRecord,
    plan_import,
)
from callbook.interchange.records import (
    BrokenRecord,
    LabelledDate,
    Progress,
    ReadResult,
    Relative,
)
from callbook.interchange.regions import check_region
from callbook.services import search
from callbook.services.backups import back_up_before_import
from callbook.services.changes import Changed, Invalid
from callbook.services.duplicates import note_possible_duplicates
from callbook.store.engine import Store
from callbook.store.models import (
    Base,
    Contact,
    FamilyMember,
    ImportantDate,
    Interest,
    Phone,
    Setting,
    Tag,
    contact_tags,
)

HOME_REGION = "home_region"
ShouldStop = Callable[[], bool]
# Past this many touched contacts one full rebuild of the search index is quicker.
REBUILD_SEARCH_OVER = 300

__all__ = ["Action", "ImportCancelledError", "ImportSummary", "PlannedRecord"]


@dataclass(frozen=True)
class ImportSummary:
    """What an import did (or, for a preview, would do)."""

    kind: str
    new: int
    merged: int
    skipped: int
    broken: list[BrokenRecord]
    records: list[PlannedRecord]
    written: bool
    changed: Changed = field(default_factory=Changed)
    warnings: list[str] = field(default_factory=list)  # about the file as a whole

    @property
    def possible_duplicates(self) -> list[PlannedRecord]:
        """Records kept apart from a contact they might be, for the rep to decide."""
        return [r for r in self.records if r.possible_duplicate_of is not None]

    def headline(self) -> str:
        """'12 new, 3 merged, 1 skipped' with broken records counted when there are any."""
        parts = [f"{self.new:,} new", f"{self.merged:,} merged", f"{self.skipped:,} skipped"]
        if self.broken:
            parts.append(f"{len(self.broken):,} unreadable")
        doubtful = len(self.possible_duplicates)
        if doubtful:
            parts.append(
                f"{doubtful:,} possible duplicate{'s' if doubtful != 1 else ''} kept apart"
            )
        return ", ".join(parts)


def saved_home_region(store: Store) -> str | None:
    """The rep's country for numbers typed without +, if they have set it."""
    with store.read() as session:
        row = session.get(Setting, HOME_REGION)
        return str(row.value) if row is not None and row.value else None


def save_home_region(store: Store, region: str) -> str:
    """Remember the rep's country for reading phone numbers; returns it checked."""
    code = check_region(region)
    with store.begin() as session:
        row = session.get(Setting, HOME_REGION)
        if row is None:
            session.add(Setting(key=HOME_REGION, value=code))
        else:
            row.value = code
    return code


def preview_import(
    store: Store,
    result: ReadResult,
    region: str,
    progress: Progress | None = None,
    should_stop: ShouldStop | None = None,
) -> ImportSummary:
    """What importing `result` would do, without writing anything."""
    code = check_region(region)
    with store.read() as session:
        plan = plan_import(result.records, known_contacts(session), code, progress, should_stop)
    return _summary(result, plan, written=False)


def refuse_unreadable(result: ReadResult) -> None:
    """Invalid naming the unreadable records: a damaged file goes in only when the rep says
    to skip them, in a preview as in the import itself."""
    if result.broken:
        raise Invalid(_unreadable_message(result.broken))


def import_contacts(
    store: Store,
    clock: Clock,
    result: ReadResult,
    region: str,
    skip_unreadable: bool = False,
    progress: Progress | None = None,
    should_stop: ShouldStop | None = None,
) -> ImportSummary:
    """Import every readable record in one transaction; cancelling or failing writes nothing.

    Unreadable records stop the import unless `skip_unreadable`: the rep decides whether
    the rest of a damaged file is worth having.
    """
    code = check_region(region)
    if not skip_unreadable:
        refuse_unreadable(result)
    now = clock.now()
    total = len(result.records)

    def planning(done: int, _of: int) -> None:
        if progress:
            progress(done // 2, total)

    def writing(done: int, of: int) -> None:
        if progress:
            progress(total // 2 + (done * (total - total // 2)) // max(of, 1), total)

    if result.records:
        # A rolling backup first, so an import the rep regrets can be undone by a restore.
        back_up_before_import(store, clock)
    with store.begin() as session:
        plan = plan_import(result.records, known_contacts(session), code, planning, should_stop)
        touched = _write(session, plan, now, writing, should_stop)
        if should_stop and should_stop():
            raise ImportCancelledError
        if len(touched) > REBUILD_SEARCH_OVER:
            search.rebuild(session)
        else:
            for contact_id in touched:
                search.reindex_contact(session, contact_id)
        if session.get(Setting, HOME_REGION) is None:
            # The first import fixes the rep's country, as the rep chose it there.
            session.add(Setting(key=HOME_REGION, value=code))
    if progress:
        progress(total, total)
    changed = Changed(frozenset(touched), today=bool(touched), contact_list=bool(touched))
    return _summary(result, plan, written=True, changed=changed)


def _unreadable_message(broken: list[BrokenRecord]) -> str:
    shown = "\n  ".join(str(b) for b in broken[:10])
    more = f"\n  ... and {len(broken) - 10:,} more" if len(broken) > 10 else ""
    return (
        f"{len(broken):,} record{'s' if len(broken) != 1 else ''} in the file cannot be read, "
        f"so nothing was imported:\n  {shown}{more}\n"
        "Fix the file, or import the readable records and skip these."
    )


def _summary(
    result: ReadResult, plan: ImportPlan, written: bool, changed: Changed | None = None
) -> ImportSummary:
    return ImportSummary(
        kind=result.kind,
        new=plan.count(Action.NEW),
        merged=plan.count(Action.MERGED),
        skipped=plan.count(Action.SKIPPED),
        broken=list(result.broken),
        records=plan.records,
        written=written,
        changed=changed or Changed(),
        warnings=list(result.warnings),
    )


def known_contacts(session: Session) -> list[KnownContact]:
    """Every stored contact as the merge sees it, read in a handful of queries."""
    known: dict[int, KnownContact] = {}
    columns = (
        Contact.id,
        Contact.first_name,
        Contact.last_name,
        Contact.company,
        Contact.title,
        Contact.email,
        Contact.time_zone,
        Contact.notes,
        Contact.assistant_name,
        Contact.assistant_phone,
        Contact.boss_name,
        Contact.preferred_channels,
    )
    for row in session.execute(select(*columns)):
        known[row.id] = KnownContact(
            contact_id=row.id,
            first_name=row.first_name,
            last_name=row.last_name,
            company=row.company,
            title=row.title,
            email=row.email,
            time_zone=row.time_zone,
            notes=row.notes,
            assistant_name=row.assistant_name,
            assistant_phone=row.assistant_phone,
            boss_name=row.boss_name,
            channels=list(row.preferred_channels or []),
        )
    phones = select(Phone.contact_id, Phone.label, Phone.e164).order_by(
        Phone.contact_id, Phone.position
    )
    for contact_id, label, e164 in session.execute(phones):
        known[contact_id].phones.append((label, e164))
    dates = select(
        ImportantDate.contact_id,
        ImportantDate.label,
        ImportantDate.month,
        ImportantDate.day,
        ImportantDate.year,
    ).order_by(ImportantDate.id)
    for contact_id, label, month, day, year in session.execute(dates):
        known[contact_id].dates.append(LabelledDate(label, YearlyDate(month, day, year)))
    family = select(
        FamilyMember.contact_id,
        FamilyMember.name,
        FamilyMember.relation,
        FamilyMember.birth_month,
        FamilyMember.birth_day,
        FamilyMember.birth_year,
    ).order_by(FamilyMember.id)
    for contact_id, name, relation, b_month, b_day, b_year in session.execute(family):
        birthday = YearlyDate(b_month, b_day, b_year) if b_month and b_day else None
        known[contact_id].family.append(Relative(name, relation, birthday))
    tags = select(contact_tags.c.contact_id, Tag.name).join(Tag, Tag.id == contact_tags.c.tag_id)
    for contact_id, name in session.execute(tags):
        known[contact_id].tags.append(name)
    interests = select(Interest.contact_id, Interest.text).order_by(Interest.id)
    for contact_id, text in session.execute(interests):
        known[contact_id].interests.append(text)
    return list(known.values())


def _write(
    session: Session,
    plan: ImportPlan,
    now: datetime,
    progress: Progress,
    should_stop: ShouldStop | None,
) -> set[int]:
    tags = {t.name.casefold(): t for t in session.scalars(select(Tag))}
    total = len(plan.new_contacts) + len(plan.changed_contacts)
    new_ids = _insert_new(session, plan.new_contacts, now, tags, progress, should_stop, total)
    for known, contact_id in zip(plan.new_contacts, new_ids, strict=True):
        known.contact_id = contact_id
    note_possible_duplicates(
        session,
        [
            (r.target.contact_id, r.possible_duplicate_of.contact_id, r.doubt)
            for r in plan.records
            if r.target is not None
            and r.target.contact_id is not None
            and r.possible_duplicate_of is not None
            and r.possible_duplicate_of.contact_id is not None
        ],
        now,
    )
    done = len(new_ids)
    changed_ids = [k.contact_id for k in plan.changed_contacts if k.contact_id is not None]
    loaded = {
        c.id: c
        for c in session.scalars(
            select(Contact)
            .where(Contact.id.in_(changed_ids))
            .options(
                selectinload(Contact.phones),
                selectinload(Contact.dates),
                selectinload(Contact.family),
                selectinload(Contact.tags),
                selectinload(Contact.interests),
            )
        )
    }
    for known in plan.changed_contacts:
        assert known.contact_id is not None
        row = loaded[known.contact_id]
        _fill(row, known)
        row.updated_at = now
        have = {p.e164 for p in row.phones}
        for label, e164 in known.phones:
            if e164 not in have:
                row.phones.append(Phone(label=label, e164=e164, position=len(row.phones)))
        _merge_dates(row, known.dates)
        names = {f.name.casefold() for f in row.family}
        row.family.extend(_family_row(p) for p in known.family if p.name.casefold() not in names)
        have_tags = {t.name.casefold() for t in row.tags}
        row.tags.extend(
            _tag(tags, name, session) for name in known.tags if name.casefold() not in have_tags
        )
        have_interests = {i.text.casefold() for i in row.interests}
        row.interests.extend(
            Interest(text=text) for text in known.interests if text.casefold() not in have_interests
        )
        done += 1
        if done % 200 == 0:
            if should_stop and should_stop():
                raise ImportCancelledError
            progress(done, total)
    session.flush()
    progress(total, total)
    return set(new_ids) | set(changed_ids)


# Rows are written in batches with plain INSERTs: the ORM's bookkeeping per object would
# make a 10,000-card import take many times longer.
_BATCH = 500


def _table(model: type[Base]) -> Table:
    table = model.__table__
    assert isinstance(table, Table)
    return table


def _insert_new(
    session: Session,
    contacts: list[KnownContact],
    now: datetime,
    tags: dict[str, Tag],
    progress: Progress,
    should_stop: ShouldStop | None,
    total: int,
) -> list[int]:
    first_checkins = first_checkins_spread(len(contacts), checkin_rhythm_days(Tier.B), now)
    # Core statements on the session's own connection: same transaction, none of the ORM's
    # bookkeeping per row.
    connection = session.connection()
    ids: list[int] = []
    for start in range(0, len(contacts), _BATCH):
        if should_stop and should_stop():
            raise ImportCancelledError
        batch = contacts[start : start + _BATCH]
        rows: list[dict[str, object]] = [
            {
                "checkin_due_at": due,
                "first_name": k.first_name,
                "last_name": k.last_name,
                "company": k.company,
                "title": k.title,
                "email": k.email,
                "tier": Tier.B.value,
                "notes": k.notes,
                "time_zone": k.time_zone,
                "preferred_channels": k.channels,
                "assistant_name": k.assistant_name,
                "assistant_phone": k.assistant_phone,
                "boss_name": k.boss_name,
                "created_at": now,
                "updated_at": now,
            }
            for k, due in zip(batch, first_checkins[start : start + _BATCH], strict=True)
        ]
        contacts_table = _table(Contact)
        batch_ids = list(
            connection.scalars(
                insert(contacts_table).returning(contacts_table.c.id, sort_by_parameter_order=True),
                rows,
            )
        )
        phones: list[dict[str, object]] = []
        dates: list[dict[str, object]] = []
        family: list[dict[str, object]] = []
        interests: list[dict[str, object]] = []
        links: list[dict[str, object]] = []
        for contact_id, known in zip(batch_ids, batch, strict=True):
            phones += [
                {"contact_id": contact_id, "label": label, "e164": e164, "position": i}
                for i, (label, e164) in enumerate(known.phones)
            ]
            dates += [{"contact_id": contact_id, **_date_values(d)} for d in known.dates]
            family += [{"contact_id": contact_id, **_family_values(p)} for p in known.family]
            interests += [{"contact_id": contact_id, "text": text} for text in known.interests]
            for name in known.tags:
                links.append({"contact_id": contact_id, "tag_id": _tag(tags, name, session).id})
        for model, values in (
            (Phone, phones),
            (ImportantDate, dates),
            (FamilyMember, family),
            (Interest, interests),
        ):
            if values:
                connection.execute(insert(_table(model)), values)
        if links:
            connection.execute(insert(contact_tags), links)
        ids += batch_ids
        progress(len(ids), total)
    return ids


def _fill(row: Contact, known: KnownContact) -> None:
    row.first_name = known.first_name
    row.last_name = known.last_name
    row.company = known.company
    row.title = known.title
    row.email = known.email
    row.time_zone = known.time_zone
    row.notes = known.notes
    row.assistant_name = known.assistant_name
    row.assistant_phone = known.assistant_phone
    row.boss_name = known.boss_name
    row.preferred_channels = list(known.channels)


def _merge_dates(row: Contact, dates: list[LabelledDate]) -> None:
    by_key: dict[tuple[str, int, int], ImportantDate] = {
        (d.label.casefold(), d.month, d.day): d for d in row.dates
    }
    for date in dates:
        key = (date.label.casefold(), date.date.month, date.date.day)
        existing = by_key.get(key)
        if existing is None:
            row.dates.append(_date_row(date))
        elif existing.year is None and date.date.year is not None:
            existing.year = date.date.year


def _date_values(date: LabelledDate) -> dict[str, object]:
    return {
        "label": date.label[:200],
        "month": date.date.month,
        "day": date.date.day,
        "year": date.date.year,
    }


def _date_row(date: LabelledDate) -> ImportantDate:
    return ImportantDate(**_date_values(date))


def _family_values(person: Relative) -> dict[str, object]:
    birthday = person.birthday
    return {
        "name": person.name[:200],
        "relation": person.relation[:80],
        "birth_month": birthday.month if birthday else None,
        "birth_day": birthday.day if birthday else None,
        "birth_year": birthday.year if birthday else None,
        "notes": "",
    }


def _family_row(person: Relative) -> FamilyMember:
    return FamilyMember(**_family_values(person))


def _tag(tags: dict[str, Tag], name: str, session: Session) -> Tag:
    tag = tags.get(name.casefold())
    if tag is None:
        tag = Tag(name=name)
        session.add(tag)
        session.flush()
        tags[name.casefold()] = tag
    return tag
