"""Script rules: placeholders refused or filled, speaking time, SMS segments, rotation, figures."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta

import pytest

from callbook.domain.scripts import (
    CallSituation,
    MessageLeft,
    ReturnFigures,
    ago_in_words,
    body_problems,
    days_words,
    family_words,
    fill,
    measure,
    missing_words,
    rate_sort_key,
    rate_words,
    return_figures,
    rotation,
    sms_length,
    speaking_seconds,
    spoken_words,
    unfilled_words,
    wanted_script,
)
from callbook.domain.vocabulary import Channel, LoopKind, ScriptKind

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def test_unknown_placeholder_is_named_with_its_line_and_column_and_a_guess() -> None:
    problems = body_problems("Hi {first_name},\nabout {intrest} again")
    assert [p.message for p in problems] == [
        "{intrest} is not a placeholder; did you mean {interest}? at line 2, column 7"
    ]
    assert (problems[0].line, problems[0].column, problems[0].offset) == (2, 7, 23)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("Hi {first_name", "a { that is never closed at line 1, column 4"),
        ("Hi {first_name {company}", "a { that is never closed at line 1, column 4"),
        ("Hi first_name}", "a } that closes nothing at line 1, column 14"),
        ("Hi {}", "an empty {} (put a placeholder in it) at line 1, column 4"),
        ("{zzz}", "{zzz} is not a placeholder at line 1, column 1"),
    ],
)
def test_unbalanced_and_empty_braces_are_refused_where_they_are(body: str, message: str) -> None:
    assert body_problems(body)[0].message == message


def test_doubled_braces_are_literal_and_emoji_and_hebrew_are_plain_text() -> None:
    body = "שלום {first_name} 😊 {{not a slot}}"
    assert body_problems(body) == []
    assert fill(body, {"first_name": "יעל"}).text == "שלום יעל 😊 {not a slot}"


def test_fill_shows_a_missing_value_plainly_and_names_it_once() -> None:
    filled = fill(
        "Hi {first_name}, heard about {interest}? {interest} fans, {boss}",
        {"first_name": "Ana", "interest": "  ", "boss": None},
    )
    assert filled.text == "Hi Ana, heard about [interest?]? [interest?] fans, [boss?]"
    assert filled.missing == ("interest", "boss")
    assert missing_words(filled.missing, "Ana") == (
        "Ana has no interest or boss noted: they show as [interest?] [boss?]."
    )
    assert [p.placeholder for p in filled.pieces if p.missing] == ["interest", "interest", "boss"]


def test_family_and_last_checkin_read_as_said_on_a_call() -> None:
    assert family_words("Sam", "son") == "your son Sam"
    assert family_words("Sam", "") == "Sam"
    today = date(2026, 11, 23)
    said = [ago_in_words(today - timedelta(days=d), today) for d in (0, 1, 3, 9, 21, 95, 400)]
    assert said == [
        "today",
        "yesterday",
        "three days ago",
        "last week",
        "three weeks ago",
        "three months ago",
        "over a year ago",
    ]


def test_speaking_time_at_150_words_a_minute_warns_past_30_seconds() -> None:
    assert speaking_seconds(75) == 30
    assert speaking_seconds(76) == 31
    short = measure(ScriptKind.VOICEMAIL, " ".join(["word"] * 75))
    assert (short.seconds, short.warning) == (30, "")
    long = measure(ScriptKind.VOICEMAIL, " ".join(["word"] * 76))
    assert long.seconds == 31
    assert "short messages get returned" in long.warning


def test_digits_are_said_one_by_one_and_placeholders_count_as_their_usual_length() -> None:
    assert spoken_words("Call me on 212 555 0199, it's Ana") == 15
    assert unfilled_words("Hi {first_name}, call {my_phone}") == 1 + 1 + 1 + 10


def test_sms_segments_gsm7_against_ucs2() -> None:
    assert sms_length("a" * 160).segments == 1
    assert sms_length("a" * 161).segments == 2
    assert sms_length("a" * 306).segments == 2
    euro = sms_length("€" * 80)  # an extension character takes two units
    assert (euro.units, euro.segments) == (160, 1)
    curly = sms_length("It’s " + "a" * 66)
    assert (curly.encoding.value, curly.segments, curly.culprit) == ("UCS-2", 2, "’")
    emoji = sms_length("😊" * 35)  # two UTF-16 units each
    assert (emoji.units, emoji.segments) == (70, 1)
    assert sms_length("").segments == 0
    text = measure(ScriptKind.TEXT, "It’s " + "a" * 80)
    assert text.summary == "85 characters, 2 SMS segments (UCS-2)"
    assert "“’” makes it a Unicode text" in text.warning


def test_emails_are_measured_in_words() -> None:
    assert measure(ScriptKind.EMAIL, "Two words").summary == "2 words"


def test_the_call_decides_the_kind_of_script() -> None:
    chase = wanted_script(CallSituation(LoopKind.VOICEMAIL, True, Channel.PHONE))
    assert chase.kind is ScriptKind.VOICEMAIL
    assert wanted_script(CallSituation(None, True, Channel.PHONE)).kind is ScriptKind.OPENER
    texter = wanted_script(CallSituation(LoopKind.VOICEMAIL, False, Channel.TEXT))
    assert texter.kind is ScriptKind.TEXT


def test_rotation_never_suggests_the_voicemail_left_last_on_the_loop() -> None:
    assert rotation([1, 2, 3], []) == [1, 2, 3]
    assert rotation([1, 2, 3], [1]) == [2, 3, 1]
    assert rotation([1, 2, 3], [2, 1, 3]) == [2, 1, 3]
    assert rotation([1, 2], [1, 2, 1]) == [2, 1]
    assert rotation([1], [1]) == [1]  # the only one there is


def test_rotation_over_a_chase_leaves_no_voicemail_twice_running() -> None:
    used: list[int] = []
    for _attempt in range(7):
        used.append(rotation([5, 6, 7], used)[0])
    assert all(a != b for a, b in itertools.pairwise(used))


def test_a_return_is_credited_to_the_last_message_before_it() -> None:
    day = timedelta(days=1)
    messages = [
        MessageLeft(1, T0, 10, T0 + 5 * day),
        MessageLeft(2, T0 + 2 * day, 10, T0 + 5 * day),  # the one that got the call back
        MessageLeft(1, T0, 11, None),  # never returned
        MessageLeft(1, T0, 12, T0 + 1 * day),
        MessageLeft(2, T0, None, None),  # left before loops were kept
    ]
    figures = return_figures(messages)
    assert figures[1] == ReturnFigures(3, 1, 1.0)
    assert figures[2] == ReturnFigures(2, 1, 3.0)


def test_small_counts_are_shown_as_counts_not_a_percentage() -> None:
    assert rate_words(None) == "—"
    assert rate_words(ReturnFigures(3, 2, 1.0)) == "2 of 3"
    assert rate_words(ReturnFigures(40, 17, 1.0)) == "42 % of 40"
    assert rate_sort_key(ReturnFigures(1, 1, 1.0)) < rate_sort_key(ReturnFigures(50, 30, 1.0))
    assert [days_words(d) for d in (None, 0.3, 1.2, 3.6)] == ["—", "same day", "1 day", "4 days"]
