"""The Follow-ups list from SQL: pages that never overlap, every sort in both directions, the bucket
filters and counts, one line re-read, and bad paging arguments refused in the user's words."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from clinic_desktop.models import Role
from clinic_desktop.services import followups
from clinic_desktop.services.clinic import today
from clinic_desktop.services.errors import PermissionDenied, ValidationError
from clinic_desktop.services.followups import Bucket, FollowUpFilters, SortKey
from tests.services.helpers import patient, toronto_clinic, treatment

NAMES = [("Zoë", "Tremblay"), ("aoife", "O'Brien"), ("Élodie", "Roy"), ("Marc", "Dubois"), ("Ксения", "Павлова"),
         ("Bruno", "Côté"), ("Chloé", "Martin")]


@pytest.fixture
def clinic_list(db, practitioner, manager):
    """Seven patients, each treated (facial mesotherapy: a phone check after 2 days, a review after 14) on
    another day in the last 20 days; the odd ones by the manager as practitioner."""
    toronto_clinic(db)
    sessions = []
    for i, (given, family) in enumerate(NAMES):
        p = patient(db, practitioner, given, family, phone=f"+1 416 555 01{i:02d}")
        who = manager if i % 2 else practitioner
        when = datetime.now(UTC).replace(hour=15) - timedelta(days=3 * i + 1)
        sessions.append(treatment(db, practitioner, p.id, who.id, when))
    return sessions


def _all(db, actor, **kw):
    return followups.due_follow_ups(db, actor=actor, **kw)


def test_the_default_order_is_the_due_list(db, practitioner, clinic_list):
    rows, total = followups.list_page(db, actor=practitioner, limit=100)
    everything = _all(db, practitioner)
    assert [r.follow_up_id for r in rows] == [r.follow_up_id for r in everything] and total == len(everything)
    assert [r.due_date for r in everything] == sorted(r.due_date for r in everything)


@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("key", list(SortKey))
def test_pages_cover_the_whole_list_once_in_the_same_order(db, practitioner, clinic_list, key, descending):
    whole, total = followups.list_page(db, actor=practitioner, sort=key, descending=descending, limit=100)
    assert total == len(whole) >= 10
    seen = []
    for offset in range(0, len(whole) + 3, 3):
        rows, _ = followups.list_page(db, actor=practitioner, sort=key, descending=descending, offset=offset, limit=3)
        seen += [r.follow_up_id for r in rows]
    assert seen == [r.follow_up_id for r in whole]


@pytest.mark.parametrize("key", list(SortKey))
def test_every_sort_key_orders_in_the_database_both_ways(db, practitioner, clinic_list, key):
    rows, _ = followups.list_page(db, actor=practitioner, sort=key, limit=100)
    back, _ = followups.list_page(db, actor=practitioner, sort=key, descending=True, limit=100)
    value = {
        SortKey.when: lambda r: r.due_date,
        SortKey.patient: lambda r: r.patient_name.casefold()[:1].replace("é", "e"),
        SortKey.phone: lambda r: r.phone,
        SortKey.kind: lambda r: r.kind.value,
        SortKey.treatment: lambda r: r.treatment_date,
        SortKey.practitioner: lambda r: r.practitioner_name,
        SortKey.attempts: lambda r: r.attempts,
    }[key]
    assert [value(r) for r in rows] == sorted(value(r) for r in rows)
    assert [r.follow_up_id for r in back] == [r.follow_up_id for r in reversed(rows)]
    assert {r.follow_up_id for r in rows} == {r.follow_up_id for r in _all(db, practitioner)}


def test_patient_sort_ignores_case_and_accents(db, practitioner, clinic_list):
    rows, _ = followups.list_page(db, actor=practitioner, sort=SortKey.patient, limit=100)
    firsts = []
    for r in rows:
        if not firsts or firsts[-1] != r.patient_name:
            firsts.append(r.patient_name)
    assert firsts[:4] == ["aoife O'Brien", "Bruno Côté", "Chloé Martin", "Élodie Roy"]


def test_bucket_filters_and_counts_agree_with_the_whole_list(db, practitioner, manager, clinic_list):
    everything = _all(db, practitioner)
    counts = followups.count_by_bucket(db, actor=practitioner)
    for bucket in Bucket:
        expected = [r.follow_up_id for r in everything if r.bucket == bucket]
        rows, total = followups.list_page(db, actor=practitioner, filters=FollowUpFilters(buckets=(bucket,)))
        assert [r.follow_up_id for r in rows] == expected
        assert total == len(expected) == counts.of(bucket)
        assert all(r.bucket == bucket for r in rows)
    assert counts.total == len(everything) and counts.overdue > 0 and counts.upcoming > 0
    mine, total = followups.list_page(db, actor=practitioner,
                                      filters=FollowUpFilters(practitioner_id=manager.id))
    assert total == len(mine) > 0 and {r.practitioner_id for r in mine} == {manager.id}


def test_one_line_is_re_read_or_gone_once_recorded(db, practitioner, clinic_list):
    first = _all(db, practitioner, buckets=(Bucket.overdue,))[0]
    again = followups.follow_up_row(db, actor=practitioner, follow_up_id=first.follow_up_id)
    assert again == first
    followups.record_not_reached(db, actor=practitioner, follow_up_id=first.follow_up_id,
                                 reschedule_to=today(db) + timedelta(days=3))
    moved = followups.follow_up_row(db, actor=practitioner, follow_up_id=first.follow_up_id)
    assert (moved.bucket, moved.attempts, moved.version) == (Bucket.upcoming, 1, first.version + 1)
    overdue_only = FollowUpFilters(buckets=(Bucket.overdue,))
    assert followups.follow_up_row(db, actor=practitioner, follow_up_id=first.follow_up_id,
                                   filters=overdue_only) is None
    followups.record_all_well(db, actor=practitioner, follow_up_id=first.follow_up_id)
    assert followups.follow_up_row(db, actor=practitioner, follow_up_id=first.follow_up_id) is None


@pytest.mark.parametrize(("arguments", "field"), [
    ({"offset": -1}, "offset"), ({"limit": 0}, "limit"), ({"limit": followups.MAX_PAGE + 1}, "limit"),
    ({"sort": "shoe size"}, "sort"),
])
def test_bad_paging_is_refused_at_its_field(db, practitioner, clinic_list, arguments, field):
    with pytest.raises(ValidationError) as err:
        followups.list_page(db, actor=practitioner, **arguments)
    assert field in err.value.errors


def test_the_list_needs_a_member_who_may_see_patients(db, practitioner, clinic_list):
    practitioner.active = False
    practitioner.role = Role.practitioner
    db.add(practitioner)
    db.commit()
    with pytest.raises(PermissionDenied):
        followups.list_page(db, actor=practitioner)
