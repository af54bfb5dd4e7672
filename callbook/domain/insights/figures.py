"""Every insight of one period together, in words where the data is thin, and as JSON."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from callbook.domain.insights.asks import GiveBeforeAsk
from callbook.domain.insights.coverage import Coverage
from callbook.domain.insights.period import Period
from callbook.domain.insights.pickup import PickupGrid
from callbook.domain.insights.relationship import RelationshipPays
from callbook.domain.insights.returns import ReturnRow, Returns
from callbook.domain.insights.volume import WeeklyVolume
from callbook.domain.vocabulary import Tier

# The question each chart answers: its title on the page, in the files and the JSON.
QUESTIONS = {
    "pickup": "When do they pick up?",
    "coverage": "Am I keeping in touch?",
    "volume": "How much am I calling?",
    "returns": "What gets returned?",
    "relationship": "Does the relationship pay?",
    "asks": "Give before you ask",
}


@dataclass(frozen=True)
class Insights:
    """The figures for one period, as of its end."""

    period: Period
    week_days: list[date]
    pickup: PickupGrid
    coverage: Coverage
    volume: WeeklyVolume
    returns: Returns
    relationship: RelationshipPays
    asks: GiveBeforeAsk
    slipping_names: dict[int, str]


def too_few_calls_words(insights: Insights) -> str | None:
    """'Too few calls yet to tell: 12 in 4 weeks', None once there are enough."""
    grid = insights.pickup
    if grid.enough:
        return None
    return f"Too few calls yet to tell: {grid.calls:,} in {insights.period.words()}"


def _rate(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _return_row(row: ReturnRow) -> dict[str, Any]:
    f = row.figures
    return {
        "name": row.label,
        "left": f.left,
        "returned": f.returned,
        "rate": _rate(f.rate) if row.enough else None,
        "median_days": None if f.median_days is None else round(f.median_days, 2),
    }


def insights_json(insights: Insights) -> dict[str, Any]:
    """The figures as plain JSON values: counts always, rates only where there are enough."""
    grid, cover, pays = insights.pickup, insights.coverage, insights.relationship
    return {
        "weeks": insights.period.weeks,
        "from": insights.period.start.isoformat(),
        "to": insights.period.end.isoformat(),
        "pickup": {
            "question": QUESTIONS["pickup"],
            "calls": grid.calls,
            "picked_up": grid.picked_up,
            "too_few": too_few_calls_words(insights),
            "cells": [
                {
                    "weekday": cell.weekday,
                    "hour": cell.hour,
                    "calls": cell.calls,
                    "picked_up": cell.picked_up,
                    "rate": _rate(cell.rate),
                }
                for cell in sorted(grid.cells.values(), key=lambda c: (c.weekday, c.hour))
            ],
        },
        "coverage": {
            "question": QUESTIONS["coverage"],
            "weeks": [day.isoformat() for day in insights.week_days],
            "tiers": {
                tier.value: {
                    "kept": cover.tiers[tier].kept,
                    "known": cover.tiers[tier].known,
                    "share": [_rate(s) for s in cover.tiers[tier].shares()],
                }
                for tier in Tier
            },
            "slipping_count": cover.slipping_count,
            "slipping": [
                {
                    "contact_id": s.contact_id,
                    "name": insights.slipping_names.get(s.contact_id, ""),
                    "tier": s.tier.value,
                    "last_checkin": s.last_checkin.isoformat(),
                    "days_overdue": s.days_overdue,
                }
                for s in cover.slipping
            ],
        },
        "volume": {
            "question": QUESTIONS["volume"],
            "weeks": [day.isoformat() for day in insights.week_days],
            "by_outcome": {o.value: counts for o, counts in insights.volume.by_outcome.items()},
            "total": insights.volume.total,
        },
        "returns": {
            "question": QUESTIONS["returns"],
            "by_channel": [_return_row(r) for r in insights.returns.by_channel],
            "by_script": [_return_row(r) for r in insights.returns.by_script],
        },
        "relationship": {
            "question": QUESTIONS["relationship"],
            "after_checkin": {
                "business": pays.after_checkin.business,
                "contact_days": round(pays.after_checkin.contact_days, 1),
                "per_contact_month": _rate(pays.after_checkin.per_contact_month),
            },
            "no_recent_checkin": {
                "business": pays.no_recent_checkin.business,
                "contact_days": round(pays.no_recent_checkin.contact_days, 1),
                "per_contact_month": _rate(pays.no_recent_checkin.per_contact_month),
            },
            "enough": pays.enough,
            "finding": pays.words(),
        },
        "asks": {
            "question": QUESTIONS["asks"],
            "many_asks_no_gives": insights.asks.many_asks_no_gives,
            "contacts": insights.asks.contacts,
            "most_asked": [
                {"contact_id": a.contact_id, "name": a.name, "asks": a.asks}
                for a in insights.asks.most_asked
            ],
        },
    }
