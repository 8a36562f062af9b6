"""A writer killed with SIGKILL in the middle of many transactions loses no committed record (issue #6)."""

from __future__ import annotations

import os
import random

import pytest

from tests.security.kill_writer import kill_round

ROUNDS = 20


@pytest.mark.slow
@pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")
def test_sigkill_during_writes_loses_no_committed_record(engine, db_path):
    engine.dispose()  # the writer processes own the file during the rounds
    rng = random.Random(20261130)
    total_reported = 0
    for round_no in range(ROUNDS):
        result = kill_round(db_path, rng)
        assert result.missing == 0, f"round {round_no}: {result.missing} committed records lost"
        assert result.integrity == "ok", f"round {round_no}: {result.integrity}"
        assert result.chain_ok, f"round {round_no}: audit chain broken"
        total_reported += result.reported
    assert total_reported > ROUNDS  # the rounds really wrote something
