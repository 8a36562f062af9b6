"""Waits typed as words (issue #14, item 9): the Qt-free reader behind every wait field."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clinic_desktop.services.durations import (
    MAX_WAIT_HOURS,
    WaitError,
    days_and_hours,
    describe_wait,
    parse_wait,
)


@pytest.mark.parametrize(
    "text,hours",
    [
        ("5 days", 120),
        ("36 h", 36),
        ("1 day 12 h", 36),
        ("5 jours", 120),
        ("1 jour 12 h", 36),
        ("36 heures", 36),
        ("36 hours", 36),
        ("1 Day", 24),
        ("2d", 48),
        ("1j12h", 36),
        ("1 day and 12 hours", 36),
        ("1 jour et 12 heures", 36),
        ("1.5 days", 36),
        ("1,5 jour", 36),
        ("2 weeks", 336),
        ("2 semaines", 336),
        ("  48  ", 48),
        ("21 days (504 h)", 504),
        ("12 hours", 12),
    ],
)
def test_waits_typed_as_words_in_english_and_french(text, hours):
    assert parse_wait(text) == hours


def test_a_bare_number_counts_in_the_fields_unit():
    assert parse_wait("14") == 14
    assert parse_wait("14", bare_unit_hours=24) == 14 * 24
    assert parse_wait("14 h", bare_unit_hours=24) == 14  # a unit typed always wins


@pytest.mark.parametrize(
    "text,words",
    [
        ("", "Type the waiting time"),
        ("5 dayz", "“dayz” is not hours, days or weeks"),
        ("soon", "not a waiting time"),
        ("1.3 h", "whole number of hours"),
        ("1 h 2 h", "twice"),
        ("5 days ago!", "not a waiting time"),
        ("9999 days", "longer than a year"),
    ],
)
def test_text_that_is_not_a_wait_is_explained(text, words, monkeypatch):
    from clinic_desktop.services import messages

    # the English messages (tests/test_french_gaps.py checks the French ones), whatever the run's language
    monkeypatch.setattr(messages, "_current", messages._translations("en"))
    with pytest.raises(WaitError) as err:
        parse_wait(text)
    assert words in str(err.value)


def test_waits_read_in_a_sentence():
    assert describe_wait(48) == "48 hours (2 days)"
    assert describe_wait(36) == "36 hours (1 day 12 h)"
    assert describe_wait(1) == "1 hour"
    assert days_and_hours(504) == "21 days"


@given(st.text(max_size=60))
def test_any_text_is_a_wait_or_a_wait_error(text):
    try:
        hours = parse_wait(text)
    except WaitError as exc:
        assert str(exc)
    else:
        assert 0 <= hours <= MAX_WAIT_HOURS


@given(
    st.integers(0, 364),
    st.integers(0, 23),
    st.sampled_from(
        [
            "{d} days {h} h",
            "{d} day {h} hours",
            "{d} jours {h} heures",
            "{d}j{h}h",
            "{d} d and {h} h",
            "{d} jours et {h} h",
            "{D} h",
        ]
    ),
)
def test_days_and_hours_written_any_way_read_back(days, hours, pattern):
    text = pattern.format(d=days, h=hours, D=days * 24 + hours)
    assert parse_wait(text) == days * 24 + hours


@given(st.integers(0, MAX_WAIT_HOURS))
def test_what_the_field_shows_reads_back_as_the_same_wait(hours):
    assert parse_wait(days_and_hours(hours)) == hours
    assert parse_wait(describe_wait(hours).split(" (")[0]) == hours
