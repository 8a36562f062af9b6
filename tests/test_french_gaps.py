"""English left in a French window or terminal: each message below is checked with the French catalogue
loaded (whatever this run's language), then the English run still reads the English text."""

from __future__ import annotations

import pytest

from clinic_desktop.aftercare.protocol import load_bundled_protocols
from clinic_desktop.services.durations import WaitError, parse_wait
from tests.aftercare.conftest import FACIAL, make_inputs


@pytest.mark.parametrize(("typed", "days_field", "french_words"), [
    ("", False, "Tapez le délai"),
    ("5 dayz", True, "n’est pas un délai"),
    ("1 jour 2 jours", True, "jours deux fois"),
    ("2 h 3 h", False, "heures deux fois"),
    ("1,3 h", False, "nombre entier d’heures"),
    ("400 jours", True, "plus d’un an"),
    ("5 et demi", True, "n’est pas un délai"),
])
def test_a_mistyped_wait_is_explained_in_french(french, typed, days_field, french_words):
    with pytest.raises(WaitError) as caught:
        parse_wait(typed, bare_unit_hours=24 if days_field else 1)
    message = str(caught.value)
    assert french_words in message
    assert "type e.g." not in message.lower() and "days" not in message and "hours" not in message
    if typed:
        assert f"«\u00a0{typed}\u00a0»" in message  # French quotes, the typed text unchanged


def test_a_mistyped_wait_is_explained_in_english(english):
    with pytest.raises(WaitError, match="“5 dayz” is not a waiting time: “dayz” is not hours, days or weeks"):
        parse_wait("5 dayz", bare_unit_hours=24)


def test_the_unprintable_character_warning_names_the_field_in_french(french):
    from clinic_desktop.services.checkout import unprintable_warnings

    protocols = load_bundled_protocols()
    protocol = next(p for (pid, _lang), p in protocols.items() if pid == FACIAL)
    warnings = unprintable_warnings(make_inputs([protocol], name="Ana \U00013000"))
    assert len(warnings) == 1
    assert warnings[0].startswith("Nom du patient\u00a0: ")
    assert "U+13000" in warnings[0] and "Patient name" not in warnings[0] and "cannot be printed" not in warnings[0]


def _french_cli(argv: list[str], capsys) -> tuple[int, str, str]:
    from clinic_desktop.cli import main

    code = main(["--language", "fr", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_backup_list_says_why_and_how_big_in_french(db_path, capsys):
    from clinic_desktop.db.engine import open_database

    open_database(db_path).dispose()
    code, out, err = _french_cli(["--db", str(db_path), "backup"], capsys)
    assert code == 0, err
    assert out.startswith("sauvegarde écrite et vérifiée")
    code, out, err = _french_cli(["--db", str(db_path), "backup", "list"], capsys)
    assert code == 0, err
    [line] = out.splitlines()
    shown = line.rsplit(None, 1)[0]  # without the file's path (its name keeps the reason's code)
    assert " ligne de commande " in shown and shown.split()[-1] == "Ko"
    assert "command-line" not in shown and "KB" not in shown


def test_the_demo_says_its_steps_and_roles_in_french(db_path, capsys):
    from clinic_desktop.db.engine import open_database

    open_database(db_path).dispose()
    code, out, err = _french_cli(["--db", str(db_path), "demo", "--no-sheets"], capsys)
    assert code == 0, err
    steps = [line.removeprefix("  … ") for line in err.splitlines() if line.startswith("  … ")]
    assert steps[:4] == ["profil de la clinique", "personnel", "patients", "séances de traitement"]
    assert "(praticien)" in out and "(practitioner)" not in out and "(receptionist)" not in out


def test_a_refusal_names_the_person_role_and_action_in_french(french, db_path):
    from sqlmodel import Session

    from clinic_desktop.db.engine import open_database
    from clinic_desktop.models import Role, StaffMember
    from clinic_desktop.services.errors import PermissionDenied
    from clinic_desktop.services.permissions import Permission, require

    engine = open_database(db_path)
    with Session(engine) as session:
        rita = StaffMember(username="rita", full_name="Rita Reception", role=Role.receptionist)
        session.add(rita)
        session.commit()
        with pytest.raises(PermissionDenied) as refused:
            require(session, rita, Permission.manage_staff)
    engine.dispose()
    assert str(refused.value) == "Rita Reception (réceptionniste) ne peut pas gérer les comptes du personnel."
