"""A PostgreSQL server older than the supported minimum is refused in plain words, before any migration."""

from __future__ import annotations

import pytest

from clinic_desktop.db.engine import (
    MIN_POSTGRES_VERSION,
    DatabaseServerTooOldError,
    check_server_version,
    display_target,
)
from tests.language import msg_text


@pytest.mark.postgres_only
def test_too_old_a_server_is_refused_and_the_supported_one_passes(engine, monkeypatch):
    check_server_version(engine)  # this server (the CI's, 13 or newer) passes
    assert engine.dialect.server_version_info[0] >= MIN_POSTGRES_VERSION
    monkeypatch.setattr(engine.dialect, "server_version_info", (12, 17))
    with pytest.raises(DatabaseServerTooOldError) as caught:
        check_server_version(engine)
    assert str(caught.value) == msg_text(
        "The database server {server} runs PostgreSQL {version}; Clinic Desktop needs PostgreSQL {minimum} or "
        "newer. Ask whoever looks after the server to upgrade it. Nothing was changed.").format(
        server=display_target(engine), version="12.17", minimum=13)

