"""The complication report's figures on the small clinic, each worked out by hand (see conftest)."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime

import pytest

from clinic_desktop.models import ClinicProfile, ComplicationOutcome, Patient
from clinic_desktop.reporting.query import ReportFilters, drain, iter_line_list, period_preset
from clinic_desktop.services import messages, reports
from clinic_desktop.services.errors import PermissionDenied, ValidationError
from tests.language import msg_like, msg_plural, msg_text
from tests.reporting.conftest import PERIOD, add_complication, add_session


def _wilson_per_1000(x: int, n: int) -> tuple[float, float]:
    z = 1.959963984540054
    p = x / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return 1000 * (centre - half), 1000 * (centre + half)


def test_overall_figures_by_hand(db, manager, small_clinic):
    report = reports.run_report(db, actor=manager, filters=PERIOD)
    assert report.treatment_sessions == 15  # archived and March sessions left out
    assert report.complications == 4  # c1-c4; c5 entered in error, c6 March, c7 archived
    assert report.overall.affected_sessions == 3  # s1 (twice), s7, s12
    assert report.patients_affected == 2  # s1 and s7: patients[1]; s12: patients[2]
    assert report.overall.rate_per_1000 == pytest.approx(200.0)
    assert report.overall.ci_per_1000 == pytest.approx(_wilson_per_1000(3, 15))
    assert report.serious_complications == 1
    assert report.open_complications == 2  # c2 resolving, c4 not resolved
    assert report.by_grade == [(1, 2), (2, 1), (3, 1), (4, 0), (5, 0)]
    assert dict(report.by_kind) == {"bruising": 1, "swelling": 1, "infection": 1, "hair_shedding": 1}
    assert report.median_days_to_onset == 1.5  # onsets 1, 2, 0, 3 days
    assert report.median_days_to_resolution == 7  # 4 and 10 days
    assert report.empty_reason is None


def test_rates_per_treatment_practitioner_month_and_batch(db, manager, small_clinic):
    report = reports.run_report(db, actor=manager, filters=PERIOD)
    by_t = {r.key: (r.sessions, r.affected_sessions, r.complications) for r in report.by_treatment}
    assert by_t == {"facial-mesotherapy": (10, 2, 3), "hair-mesotherapy": (5, 1, 1)}
    facial = next(r for r in report.by_treatment if r.key == "facial-mesotherapy")
    assert facial.rate_per_1000 == pytest.approx(200.0)
    assert facial.ci_per_1000 == pytest.approx(_wilson_per_1000(2, 10))
    by_p = {r.label: (r.sessions, r.affected_sessions) for r in report.by_practitioner}
    assert by_p == {"Dr. Élise Tremblay": (10, 2), "Dr. Björn Ødegaard": (5, 1)}
    assert [(m.key, m.sessions, m.affected_sessions, m.complications) for m in report.monthly] == [
        ("2026-01", 8, 2, 3),
        ("2026-02", 7, 1, 1),
    ]
    by_b = {
        (b.product_name, b.batch_number): (b.sessions, b.affected_sessions, b.complications)
        for b in report.by_batch
    }
    # c4 has no product use recorded: it counts for every batch of its session (Y1)
    assert by_b == {("Prod X", "B1"): (5, 1, 2), ("Prod X", "B2"): (5, 1, 1), ("Prod Y", "Y1"): (5, 1, 1)}
    assert report.batch_signals == []  # fewer than 3 events anywhere


@pytest.mark.parametrize(
    ("extra", "sessions", "complications", "affected"),
    [
        ({"min_grade": 2}, 15, 2, 2),  # c2, c3
        ({"serious_only": True}, 15, 1, 1),  # c3
        ({"outcome": ComplicationOutcome.not_resolved}, 15, 1, 1),  # c4
        ({"treatment": "hair-mesotherapy"}, 5, 1, 1),
        ({"product_name": "Prod X", "batch_number": "B1"}, 5, 2, 1),
        ({"product_name": "Prod X"}, 10, 3, 2),
        ({"batch_number": "Y1"}, 5, 1, 1),
    ],
)
def test_filters(db, manager, small_clinic, extra, sessions, complications, affected):
    report = reports.run_report(db, actor=manager, filters={**PERIOD, **extra})
    assert (report.treatment_sessions, report.complications, report.overall.affected_sessions) == (
        sessions,
        complications,
        affected,
    )


def test_practitioner_filter(db, manager, small_clinic):
    report = reports.run_report(
        db, actor=manager, filters={**PERIOD, "practitioner_id": small_clinic.prac_b.id}
    )
    assert (report.treatment_sessions, report.complications) == (5, 1)
    assert [r.label for r in report.by_practitioner] == ["Dr. Björn Ødegaard"]
    assert (msg_text("Practitioner"), "Dr. Björn Ødegaard") in report.filter_labels


def test_filter_matching_nothing_gives_an_empty_report_with_the_reason(db, manager, small_clinic):
    report = reports.run_report(db, actor=manager, filters={**PERIOD, "treatment": "laser-peel"})
    assert report.treatment_sessions == 0 and report.overall.rate_per_1000 is None
    assert report.empty_reason == msg_text(
        "No treatment session matches: none was recorded in this period with these filters.")
    report = reports.run_report(db, actor=manager, filters={**PERIOD, "min_grade": 5})
    assert report.treatment_sessions == 15 and report.complications == 0
    assert report.empty_reason == msg_plural(
        "No complication matches the filters after the {n} treatment session of this period.",
        "No complication matches the filters after the {n} treatment sessions of this period.",
        15).format(n=15)
    report = reports.run_report(
        db, actor=manager, filters={"date_from": date(2020, 1, 1), "date_to": date(2020, 1, 1)}
    )
    assert report.empty_reason == msg_text("No treatment session was recorded in this period.")
    assert [m.key for m in report.monthly] == ["2020-01"]


def test_to_before_from_and_missing_dates_are_validation_errors(db, manager):
    with pytest.raises(ValidationError) as err:
        reports.run_report(
            db, actor=manager, filters={"date_from": date(2026, 2, 1), "date_to": date(2026, 1, 1)}
        )
    end_before_start = msg_text("The end date ({end}) is before the start date ({start}).")
    assert err.value.errors["date_to"] == end_before_start.format(end="2026-01-01", start="2026-02-01")
    with pytest.raises(ValidationError) as err:
        reports.run_report(db, actor=manager, filters={"date_from": date(2026, 2, 1)})
    assert "date_to" in err.value.errors
    with pytest.raises(ValidationError) as err:
        reports.run_report(db, actor=manager, filters={**PERIOD, "min_grade": 7})
    assert "min_grade" in err.value.errors


def test_reports_need_view_reports(db, practitioner, receptionist):
    for actor in (practitioner, receptionist):
        with pytest.raises(PermissionDenied):
            reports.run_report(db, actor=actor, filters=PERIOD)


def test_clinic_time_zone_decides_the_day_and_month(db, manager, practitioner):
    db.add(ClinicProfile(id=1, timezone="America/Toronto"))
    patient = Patient(given_names="Jean", family_name="Roy", date_of_birth=date(1980, 1, 1))
    db.add(patient)
    db.flush()
    # 2026-02-01 03:00 UTC is 2026-01-31 22:00 in Toronto
    ts, use = add_session(
        db,
        patient=patient,
        prac=practitioner,
        treatment="facial-mesotherapy",
        at=datetime(2026, 2, 1, 3, tzinfo=UTC),
        product="P",
        batch="L1",
    )
    add_complication(db, ts, recorder=practitioner, onset=date(2026, 2, 1), use=use)
    db.commit()
    jan = reports.run_report(
        db, actor=manager, filters={"date_from": date(2026, 1, 1), "date_to": date(2026, 1, 31)}
    )
    feb = reports.run_report(
        db, actor=manager, filters={"date_from": date(2026, 2, 1), "date_to": date(2026, 2, 28)}
    )
    assert (jan.treatment_sessions, jan.complications, feb.treatment_sessions) == (1, 1, 0)
    assert jan.median_days_to_onset == 1
    two = reports.run_report(
        db, actor=manager, filters={"date_from": date(2026, 1, 1), "date_to": date(2026, 2, 28)}
    )
    assert [(m.key, m.sessions) for m in two.monthly] == [("2026-01", 1), ("2026-02", 0)]
    rows = drain(iter_line_list(db, two.filters, identified=False))
    assert rows[0].treatment_date == date(2026, 1, 31) and rows[0].days_to_onset == 1


def _batches(db, practitioner, *, product: str, counts: dict[str, tuple[int, int]]) -> None:
    patient = Patient(given_names="Batch", family_name="Test", date_of_birth=date(1985, 5, 5))
    db.add(patient)
    db.flush()
    for batch, (n_sessions, n_events) in counts.items():
        for i in range(n_sessions):
            ts, use = add_session(
                db,
                patient=patient,
                prac=practitioner,
                treatment="facial-mesotherapy",
                at=datetime(2026, 1, 1 + i % 28, 10, tzinfo=UTC),
                product=product,
                batch=batch,
            )
            if i < n_events:
                add_complication(db, ts, recorder=practitioner, onset=date(2026, 1, 2 + i % 27), use=use)
    db.commit()


def test_batch_signal_fires_on_a_seeded_bad_batch(db, manager, practitioner):
    _batches(
        db,
        practitioner,
        product="Glow",
        counts={"G1": (80, 1), "G2": (80, 2), "G3": (80, 1), "BAD": (80, 9), "G5": (80, 1)},
    )
    report = reports.run_report(
        db, actor=manager, filters={"date_from": date(2026, 1, 1), "date_to": date(2026, 1, 31)}
    )
    assert [b.batch_number for b in report.batch_signals] == ["BAD"]
    bad = report.batch_signals[0]
    assert (bad.sessions, bad.affected_sessions, bad.other_sessions, bad.other_affected) == (80, 9, 320, 5)
    # 9/80 against 5/320: by hand, a one-sided hypergeometric tail
    by_hand = sum(math.comb(14, k) * math.comb(386, 80 - k) for k in range(9, 15)) / math.comb(400, 80)
    assert bad.p_value == pytest.approx(by_hand, rel=1e-9)
    assert bad.p_adjusted == pytest.approx(by_hand)  # the only batch with >= 3 events: one test
    assert bad.p_adjusted < 0.05


def test_batch_signal_stays_quiet_on_fair_batches(db, manager, practitioner):
    _batches(
        db, practitioner, product="Fair", counts={"F1": (80, 4), "F2": (80, 3), "F3": (80, 5), "F4": (80, 4)}
    )
    report = reports.run_report(
        db, actor=manager, filters={"date_from": date(2026, 1, 1), "date_to": date(2026, 1, 31)}
    )
    assert report.batch_signals == []
    assert all(b.p_value is not None and b.p_value > 0.05 for b in report.by_batch)


def test_line_list_rows_codes_and_identity(db, manager, small_clinic):
    filters = ReportFilters(**PERIOD)
    rows = drain(iter_line_list(db, filters, identified=False))
    assert [r.complication_id for r in rows] == [
        small_clinic.complications[c].id for c in ("c1", "c2", "c4", "c3")
    ]
    assert all(r.patient_name is None and r.date_of_birth is None for r in rows)
    codes = {r.complication_id: r.patient_code for r in rows}
    c = small_clinic.complications
    assert codes[c["c1"].id] == codes[c["c2"].id] == "P0001"  # same patient, same code
    assert codes[c["c3"].id] == "P0001" and codes[c["c4"].id] == "P0002"  # in order of first appearance
    c4 = next(r for r in rows if r.complication_id == c["c4"].id)
    assert (c4.product_name, c4.batch_number) == ("Prod Y", "Y1")  # from the session's product use
    assert c4.age_at_reaction == 35 and c4.days_to_onset == 3
    named = drain(iter_line_list(db, filters, identified=True))
    assert {r.patient_name for r in named} == {"Suharti", "Ксения Павлова"}


def test_period_presets():
    today = date(2026, 5, 14)
    assert period_preset("last_month", today) == (date(2026, 4, 1), date(2026, 4, 30))
    assert period_preset("last_quarter", today) == (date(2026, 1, 1), date(2026, 3, 31))
    assert period_preset("last_12_months", today) == (date(2025, 5, 1), date(2026, 4, 30))
    assert period_preset("last_quarter", date(2026, 1, 3)) == (date(2025, 10, 1), date(2025, 12, 31))
    assert period_preset("last_month", date(2026, 3, 31)) == (date(2026, 2, 1), date(2026, 2, 28))


def test_a_period_centuries_before_the_data_is_refused_in_plain_words_not_counted(db, manager, small_clinic):
    """Fresh-user trial: on SQLite a report for December 0202 counted all of 2026 (strftime does not pad
    years below 1000, so stored "2026-…" sorted inside "202-12-01" … "202-12-31"). Such a year is refused at
    the field; and the instants compared are zero-padded ISO text whatever the year."""
    with pytest.raises(ValidationError) as info:
        reports.run_report(db, actor=manager, filters={"date_from": date(202, 12, 1), "date_to": date(202, 12, 31)})
    assert msg_like("{date} cannot be right; check the year (between {earliest} and {latest}).",
                    date=messages.short_date(date(202, 12, 1))).search(str(info.value))
    from clinic_desktop.reporting.query import _Sql

    sql = _Sql.__new__(_Sql)  # only ts() is exercised: the dialect decides the stored form
    sql.dialect = "sqlite"
    assert sql.ts(datetime(202, 12, 1, tzinfo=UTC)) == "0202-12-01 00:00:00.000000"
    assert sql.ts(datetime(202, 12, 1, tzinfo=UTC)) < sql.ts(datetime(2026, 1, 1, tzinfo=UTC))


def test_grouping_by_code_equals_grouping_by_text(db, manager, practitioner, monkeypatch):
    """Treatments, kinds and outcomes are grouped by their position in a list; one outside the list (a
    treatment no session of the period counts, a kind or outcome a newer version may add) by its text.
    Both give the same report; an unattributed complication counts once for a batch its treatment session
    used twice."""
    from clinic_desktop.models import ComplicationKind, ProductUse
    from clinic_desktop.reporting import query
    from clinic_desktop.reporting.query import build_report

    patient = Patient(given_names="Zoë", family_name="Ødegaard", date_of_birth=date(1990, 1, 1))
    db.add(patient)
    db.flush()
    kinds = list(ComplicationKind)
    outcomes = list(ComplicationOutcome)
    for i in range(12):
        treatment = ["facial-mesotherapy", "hair-mesotherapy"][i % 2]
        ts, use = add_session(db, patient=patient, prac=practitioner, treatment=treatment,
                              at=datetime(2026, 1, 3 + i, 10, tzinfo=UTC), product="Prod X", batch="B1")
        if i == 0:  # the same batch twice in one session, the complication attributed to neither use
            db.add(ProductUse(treatment_session_id=ts.id, product_name="Prod X", batch_number="B1",
                              quantity=0.5, unit="ml"))
            db.flush()
        add_complication(db, ts, recorder=manager, onset=date(2026, 1, 4 + i), grade=1 + i % 5,
                         kind=kinds[i % len(kinds)], outcome=outcomes[i % len(outcomes)],
                         serious=i % 4 == 0, use=None if i == 0 else use)
    db.commit()
    filters = ReportFilters(date_from=date(2026, 1, 1), date_to=date(2026, 1, 31))
    coded = build_report(db, filters)
    db.rollback()
    b1 = next(b for b in coded.by_batch if b.batch_number == "B1")
    assert (b1.sessions, b1.affected_sessions, b1.complications) == (12, 12, 12)
    assert dict(coded.by_kind) == {k.value: sum(1 for i in range(12) if kinds[i % len(kinds)] == k)
                                   for k in kinds[:12]}
    real = query._complication_figures
    monkeypatch.setattr(query, "_KINDS", query._KINDS[:3])
    monkeypatch.setattr(query, "_OUTCOMES", query._OUTCOMES[1:2])
    monkeypatch.setattr(query, "_complication_figures", lambda session, q, **kw: real(
        session, q, **{**kw, "treatments": ["hair-mesotherapy"]}))
    assert build_report(db, filters) == coded
    db.rollback()
    assert build_report(db, filters, plain=True) == coded
