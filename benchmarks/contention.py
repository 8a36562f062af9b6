"""Two processes on one database: amendments and follow-up closes race; nothing may be lost. Not a test.

    python benchmarks/contention.py                      # N=200 on a temp SQLite file
    python benchmarks/contention.py -n 1000
    python benchmarks/contention.py --db postgresql+psycopg://postgres@127.0.0.1:5432/contention

The same functions run in the default test suite with a small N (tests/concurrency/test_contention.py).

- amend: two processes amend one complication N times each, every amendment read-then-save with the
  version read (``expected_version``). Each is either accepted (a revision with a distinct number) or
  refused with ConflictError; none lost: every accepted amendment's note is in the history, the revision
  numbers are 1..accepted, and the version counter is accepted + 1.
- close: two processes race to close the same N follow-ups, one with "All well", the other by recording a
  complication found at the follow-up. Each follow-up is closed exactly once; the losers are refused.
- the audit chain verifies afterwards.
"""

from __future__ import annotations

import argparse
import multiprocessing
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


@dataclass
class Outcome:
    """What one worker process did: accepted keys, number refused, unexpected errors (text)."""

    accepted: list[str] = field(default_factory=list)
    refused: int = 0
    errors: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Setup:
    """Ids prepared by :func:`prepare`."""

    complication_id: int
    follow_up_ids: list[int]
    treatment_session_id: int
    practitioner_id: int
    manager_id: int


def _engine(target: str):  # noqa: ANN202
    from clinic_desktop.db.engine import make_engine

    return make_engine(target)


def prepare(target: str, n_follow_ups: int) -> Setup:
    """Staff, a patient, a treatment session with ``n_follow_ups`` open follow-ups and one complication."""
    from sqlmodel import Session

    from clinic_desktop.models import (
        ComplicationKind,
        ComplicationOutcome,
        FollowUp,
        Role,
        StaffMember,
    )
    from clinic_desktop.services import complications as comp
    from clinic_desktop.services.patients import PatientCreate, create_patient
    from clinic_desktop.services.treatments import (
        ProductUseCreate,
        TreatmentSessionCreate,
        record_treatment_session,
    )

    engine = _engine(target)
    try:
        with Session(engine, expire_on_commit=False) as db:
            practitioner = StaffMember(
                full_name="Dr. Élise Tremblay", username="elise-c", role=Role.practitioner
            )
            manager = StaffMember(full_name="Mona Manager", username="mona-c", role=Role.manager)
            db.add_all([practitioner, manager])
            db.commit()
            patient = create_patient(
                db,
                actor=manager,
                data=PatientCreate(
                    given_names="Zoë", family_name="Contention", date_of_birth=date(1990, 5, 17)
                ),
            )
            when = datetime.now(UTC) - timedelta(days=10)
            ts = record_treatment_session(
                db,
                actor=practitioner,
                data=TreatmentSessionCreate(
                    patient_id=patient.id,
                    practitioner_id=practitioner.id,
                    treatment="facial-mesotherapy",
                    performed_at=when,
                    products=[ProductUseCreate(product_name="P", batch_number="LOT-1")],
                ),
            )
            row = comp.record_complication(
                db,
                actor=practitioner,
                data=comp.ComplicationCreate(
                    treatment_session_id=ts.id,
                    kind=ComplicationKind.bruising,
                    onset_date=when.date() + timedelta(days=1),
                    severity_grade=1,
                    outcome=ComplicationOutcome.unknown,
                ),
            )
            ids = []
            for _ in range(n_follow_ups):
                fu = FollowUp(treatment_session_id=ts.id, due_date=when.date() + timedelta(days=3))
                db.add(fu)
                db.flush()
                ids.append(fu.id)
            db.commit()
            return Setup(row.id, ids, ts.id, practitioner.id, manager.id)  # type: ignore[arg-type]
    finally:
        engine.dispose()


def amend_worker(target: str, complication_id: int, actor_id: int, n: int, tag: str, go) -> Outcome:  # noqa: ANN001
    """Amend the complication ``n`` times (notes = "<tag> <i>"), each from a fresh read, with its version."""
    from sqlmodel import Session

    from clinic_desktop.models import StaffMember
    from clinic_desktop.services import complications as comp
    from clinic_desktop.services.errors import ConflictError

    engine = _engine(target)
    out = Outcome()
    go.wait()
    try:
        for i in range(n):
            note = f"{tag} {i}"
            try:
                with Session(engine, expire_on_commit=False) as db:
                    actor = db.get(StaffMember, actor_id)
                    row = comp.get_complication(db, complication_id, actor=actor)
                    form = comp.fields_of(row).model_copy(update={"notes": note, "reason": f"round {i}"})
                    comp.amend_complication(
                        db,
                        actor=actor,
                        complication_id=complication_id,
                        data=form,
                        expected_version=row.version,
                    )
                out.accepted.append(note)
            except ConflictError:
                out.refused += 1
            except Exception as exc:  # noqa: BLE001 - counted and reported: any of these is a failure
                out.errors.append(f"{type(exc).__name__}: {exc}")
    finally:
        engine.dispose()
    return out


def close_worker(target: str, follow_up_ids: list[int], actor_id: int, how: str, go) -> Outcome:  # noqa: ANN001
    """Close each follow-up: ``how`` "all_well" or "complication" (a complication found at it)."""
    from sqlmodel import Session

    from clinic_desktop.models import ComplicationKind, ComplicationOutcome, FollowUp, StaffMember
    from clinic_desktop.services import complications as comp
    from clinic_desktop.services import followups
    from clinic_desktop.services.errors import ConflictError, ValidationError

    engine = _engine(target)
    out = Outcome()
    go.wait()
    try:
        for fu_id in follow_up_ids:
            try:
                with Session(engine, expire_on_commit=False) as db:
                    actor = db.get(StaffMember, actor_id)
                    fu = db.get(FollowUp, fu_id)
                    if how == "all_well":
                        followups.record_all_well(
                            db, actor=actor, follow_up_id=fu_id, expected_version=fu.version
                        )
                    else:
                        comp.record_complication(
                            db,
                            actor=actor,
                            follow_up_version=fu.version,
                            data=comp.ComplicationCreate(
                                treatment_session_id=fu.treatment_session_id,
                                follow_up_id=fu_id,
                                kind=ComplicationKind.swelling,
                                onset_date=fu.due_date,
                                severity_grade=1,
                                outcome=ComplicationOutcome.unknown,
                            ),
                        )
                out.accepted.append(str(fu_id))
            except (ConflictError, ValidationError):
                out.refused += 1
            except Exception as exc:  # noqa: BLE001
                out.errors.append(f"{type(exc).__name__}: {exc}")
    finally:
        engine.dispose()
    return out


def _run_pair(calls: list[tuple]) -> list[Outcome]:
    """Run two worker calls in two spawned processes, released together."""
    ctx = multiprocessing.get_context("spawn")
    with ctx.Manager() as manager:
        go = manager.Barrier(len(calls))  # each worker waits here once imported: they start together
        with ctx.Pool(len(calls)) as pool:
            pending = [pool.apply_async(fn, (*args, go)) for fn, *args in calls]
            return [p.get(timeout=600) for p in pending]


@dataclass
class Figures:
    """The contention run's figures (see :func:`run`)."""

    amend_attempts: int
    amend_accepted: int
    amend_refused: int
    amend_lost: int
    close_attempts: int
    close_accepted: int
    close_refused: int
    closed_twice: int
    never_closed: int
    errors: list[str]
    audit_ok: bool


def run(target: str, n: int) -> Figures:
    """Prepare, race, and check; ``target`` a SQLite path or a database URL. Returns the figures."""
    from sqlmodel import Session, col, select

    from clinic_desktop.models import Complication, ComplicationRevision, FollowUp, FollowUpStatus
    from clinic_desktop.services.audit import verify_chain

    setup = prepare(target, n)
    amend = _run_pair(
        [
            (amend_worker, target, setup.complication_id, setup.practitioner_id, n, "A"),
            (amend_worker, target, setup.complication_id, setup.manager_id, n, "B"),
        ]
    )
    close = _run_pair(
        [
            (close_worker, target, setup.follow_up_ids, setup.manager_id, "all_well"),
            (
                close_worker,
                target,
                list(reversed(setup.follow_up_ids)),
                setup.practitioner_id,
                "complication",
            ),
        ]
    )
    engine = _engine(target)
    try:
        with Session(engine) as db:
            row = db.get(Complication, setup.complication_id)
            revisions = list(
                db.exec(
                    select(ComplicationRevision)
                    .where(ComplicationRevision.complication_id == setup.complication_id)
                    .order_by(col(ComplicationRevision.version))
                )
            )
            accepted = [note for o in amend for note in o.accepted]
            in_history = {rev.changes.get("notes", [None, None])[1] for rev in revisions}
            lost = len([note for note in accepted if note not in in_history])
            numbers_ok = [rev.version for rev in revisions] == list(range(1, len(accepted) + 1))
            counter_ok = row.version == len(accepted) + 1
            if not numbers_ok or not counter_ok:
                lost = max(lost, 1)
            closed = [int(i) for o in close for i in o.accepted]
            states = {
                fu.id: fu.status
                for fu in db.exec(select(FollowUp).where(col(FollowUp.id).in_(setup.follow_up_ids)))
            }
            never = sum(1 for s in states.values() if FollowUpStatus(s) == FollowUpStatus.pending)
            twice = len(closed) - len(set(closed))
            n_complications = len(list(db.exec(select(Complication)))) - 1
            twice += max(0, n_complications - len(close[1].accepted))
            audit_ok = verify_chain(db).ok
    finally:
        engine.dispose()
    return Figures(
        amend_attempts=2 * n,
        amend_accepted=len(accepted),
        amend_refused=sum(o.refused for o in amend),
        amend_lost=lost,
        close_attempts=2 * n,
        close_accepted=len(closed),
        close_refused=sum(o.refused for o in close),
        closed_twice=twice,
        never_closed=never,
        errors=[e for o in (*amend, *close) for e in o.errors],
        audit_ok=audit_ok,
    )


def main(argv: list[str] | None = None) -> int:
    """Command line: ``-n`` rounds per process, ``--db`` a database URL (default: a temp SQLite file)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "-n", type=int, default=200, help="amendments and follow-ups per process (default 200)"
    )
    parser.add_argument("--db", help="an empty database: SQLite path or postgresql+psycopg:// URL")
    args = parser.parse_args(argv)
    from clinic_desktop.db import open_database

    with tempfile.TemporaryDirectory() as tmp:
        target = args.db or str(Path(tmp) / "contention.sqlite3")
        open_database(target, backup_before_migrating=False).dispose()
        started = time.perf_counter()
        figures = run(target, args.n)
        seconds = time.perf_counter() - started
    print(
        f"engine: {'postgresql' if '://' in target and target.startswith('postgres') else 'sqlite'}, "
        f"N={args.n} per process, {seconds:.1f} s"
    )
    print(
        f"amend: attempts {figures.amend_attempts}, accepted {figures.amend_accepted}, "
        f"refused {figures.amend_refused}, lost {figures.amend_lost}"
    )
    print(
        f"close: attempts {figures.close_attempts}, accepted {figures.close_accepted}, "
        f"refused {figures.close_refused}, closed twice {figures.closed_twice}, "
        f"never closed {figures.never_closed}"
    )
    print(
        f"audit chain: {'intact' if figures.audit_ok else 'BROKEN'}; unexpected errors: {len(figures.errors)}"
    )
    for error in figures.errors[:10]:
        print("  ", error)
    bad = (
        figures.amend_lost
        or figures.closed_twice
        or figures.never_closed
        or figures.errors
        or not figures.audit_ok
    )
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
