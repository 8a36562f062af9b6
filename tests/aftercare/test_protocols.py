"""Protocol files: the bundled ones load and pass every check; each check fires on a crafted bad file."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from clinic_desktop import paths
from clinic_desktop.aftercare.protocol import (
    SUPPORTED_LANGUAGES,
    ProtocolError,
    check_protocols,
    load_bundled_protocols,
    load_protocol_file,
    parse_protocol,
    protocol_text,
)
from clinic_desktop.aftercare.strings import STRINGS
from clinic_desktop.services import messages
from tests.language import speaking

FACIAL_EN = "facial-mesotherapy.en.toml"
FACIAL_FR = "facial-mesotherapy.fr.toml"


@pytest.fixture(autouse=True)
def _english_findings():
    """The checker's findings are read in their English wording here ("unknown key", "gap", "not valid
    TOML"), whatever the run's language; the last test checks the French ones on purpose."""
    with speaking("en"):
        yield


def test_bundled_protocols_load_and_pass_every_check():
    protocols = load_bundled_protocols()
    assert set(protocols) == {
        ("facial-mesotherapy", "en"),
        ("facial-mesotherapy", "fr"),
        ("hair-mesotherapy", "en"),
        ("hair-mesotherapy", "fr"),
    }
    findings = check_protocols()
    assert findings == [], "\n".join(map(str, findings))
    for path in paths.protocols_dir().glob("*.toml"):
        assert load_protocol_file(path).language in SUPPORTED_LANGUAGES


def test_facial_is_approved_and_hair_is_a_draft_needing_review():
    protocols = load_bundled_protocols()
    for lang in SUPPORTED_LANGUAGES:
        facial = protocols[("facial-mesotherapy", lang)]
        hair = protocols[("hair-mesotherapy", lang)]
        assert facial.claims_approval and facial.review.reviewed_by and facial.review.approved_on
        assert not hair.claims_approval and hair.review.status == "draft"


def test_facial_protocol_carries_the_domain_facts():
    facial = load_bundled_protocols()[("facial-mesotherapy", "en")]
    # Day 0, days 1–2, days 3–6 (day-6 gap closed on the stricter side), day 7 onward.
    assert [(p.start_day, p.end_day) for p in facial.phases] == [(0, 0), (1, 2), (3, 6), (7, None)]
    hours = {r.key: (r.min_hours, r.default_hours) for r in facial.restrictions}
    assert hours["washing"] == (12, 12)
    assert hours["makeup"] == (24, 48)
    assert hours["sun"][0] >= 72
    assert {"heat", "exercise"} <= hours.keys()
    tags = {t for item in facial.avoid for t in item.tags}
    assert {"retinoid", "acid", "exfoliant", "alcohol", "fragrance", "scrub"} <= tags
    assert facial.follow_up_schedule == [(2, "phone_check"), (14, "review")]
    assert len(facial.red_flags.call_clinic) >= 5 and len(facial.red_flags.call_emergency) >= 2
    assert "day 6" in protocol_text(paths.protocols_dir() / FACIAL_EN)  # the gap is explained in a comment


def test_every_language_has_every_sheet_string():
    keys = set(STRINGS["en"])
    for lang in SUPPORTED_LANGUAGES:
        assert set(STRINGS[lang]) == keys


# ------------------------------------------------------------------------------ crafted bad files


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    for name in (FACIAL_EN, FACIAL_FR):
        shutil.copy(paths.protocols_dir() / name, tmp_path / name)
    return tmp_path


def _edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= count, old
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def _errors(directory: Path) -> list[tuple[str, str, str]]:
    return [(f.file, f.field, f.message) for f in check_protocols(directory) if f.level == "error"]


def test_copies_are_clean(workdir):
    assert check_protocols(workdir) == []


def test_gap_between_phases_is_an_error(workdir):
    _edit(workdir / FACIAL_EN, "start_day = 3", "start_day = 4")
    errors = _errors(workdir)
    assert (FACIAL_EN, "phases[2].start_day") in [(f, fld) for f, fld, _ in errors]
    assert any("gap" in m and "day 3" in m for _, _, m in errors)


def test_overlapping_phases_are_an_error(workdir):
    _edit(workdir / FACIAL_EN, "start_day = 3", "start_day = 2")
    errors = _errors(workdir)
    assert any(f == FACIAL_EN and fld == "phases[2].start_day" and "overlap" in m for f, fld, m in errors)


def test_first_phase_must_start_on_day_zero_and_only_the_last_is_open_ended():
    text = (paths.protocols_dir() / FACIAL_EN).read_text(encoding="utf-8")
    with pytest.raises(ProtocolError) as exc:
        parse_protocol(text.replace("start_day = 0", "start_day = 1"), source="x.toml")
    assert exc.value.field == "phases[0].start_day"
    with pytest.raises(ProtocolError) as exc:
        parse_protocol(text.replace("end_day = 6\n", ""), source="x.toml")
    assert exc.value.field == "phases[2].end_day"


def test_unknown_key_is_an_error_naming_the_field(workdir):
    _edit(workdir / FACIAL_EN, 'key = "early"', 'key = "early"\ncolour = "red"')
    errors = _errors(workdir)
    assert (FACIAL_EN, "phases[1].colour") in [(f, fld) for f, fld, _ in errors]
    with pytest.raises(ProtocolError) as exc:
        load_protocol_file(workdir / FACIAL_EN)
    assert exc.value.file == FACIAL_EN and exc.value.field == "phases[1].colour"
    assert str(exc.value).startswith(f"{FACIAL_EN}: phases[1].colour: unknown key")


def test_missing_field_is_an_error_naming_the_field(workdir):
    _edit(workdir / FACIAL_EN, 'title = "Early recovery"\n', "")
    errors = _errors(workdir)
    assert any(fld == "phases[1].title" and "missing" in m for _, fld, m in errors)


def test_languages_with_different_phases_or_versions_are_errors(workdir):
    _edit(workdir / FACIAL_FR, "end_day = 6", "end_day = 5")
    _edit(workdir / FACIAL_FR, "start_day = 7", "start_day = 6")
    _edit(workdir / FACIAL_FR, 'version = "1.1.0"', 'version = "1.0.1"')
    errors = _errors(workdir)
    assert any(f == FACIAL_FR and fld == "phases" for f, fld, _ in errors)
    assert any(f == FACIAL_FR and fld == "version" for f, fld, _ in errors)


def test_recommended_product_contradicting_the_avoid_list_is_a_warning(workdir):
    with (workdir / FACIAL_EN).open("a", encoding="utf-8") as fh:
        fh.write(
            '\n[[recommended_products]]\nname = "Exfoliating peel"\n'
            'tags = ["peel", "exfoliant"]\nfrom_day = 5\n'
        )
    findings = check_protocols(workdir)
    assert [f.level for f in findings] == ["warning"]
    warning = findings[0]
    assert warning.file == FACIAL_EN and warning.field == "recommended_products[2]"
    assert "Exfoliating peel" in warning.message and "acids" in warning.message


def test_product_after_the_avoid_window_is_fine(workdir):
    with (workdir / FACIAL_EN).open("a", encoding="utf-8") as fh:
        fh.write('\n[[recommended_products]]\nname = "Gentle peel"\ntags = ["peel"]\nfrom_day = 30\n')
    assert check_protocols(workdir) == []


def test_broken_toml_is_an_error(workdir):
    _edit(workdir / FACIAL_EN, 'id = "facial-mesotherapy"', 'id = "facial-mesotherapy')
    errors = _errors(workdir)
    assert len(errors) == 1
    file, field, message = errors[0]
    # the whole file is refused: no field, the place (line and column) is in the sentence
    assert file == FACIAL_EN and field == ""
    # English (this module's fixture): "the file is not valid TOML at line 16, column 25 (…)"
    assert re.fullmatch(r"the file is not valid TOML at line \d+, column \d+ \(.+\)", message), message


def test_file_name_must_match_id_and_language(workdir):
    (workdir / FACIAL_EN).rename(workdir / "facial.en.toml")
    errors = _errors(workdir)
    assert any(f == "facial.en.toml" and fld == "id" for f, fld, _ in errors)


def test_restriction_template_and_hours_are_checked():
    text = (paths.protocols_dir() / FACIAL_EN).read_text(encoding="utf-8")
    with pytest.raises(ProtocolError) as exc:
        parse_protocol(text.replace("for {hours} hours.", "for {hour} hours.", 1), source="x.toml")
    assert exc.value.field == "restrictions[0].text"
    with pytest.raises(ProtocolError) as exc:
        parse_protocol(
            text.replace("min_hours = 24\ndefault_hours = 48", "min_hours = 60\ndefault_hours = 48"),
            source="x.toml",
        )
    assert exc.value.field == "restrictions[1].default_hours"


def test_approved_protocol_must_name_the_reviewer():
    text = (paths.protocols_dir() / FACIAL_EN).read_text(encoding="utf-8")
    with pytest.raises(ProtocolError) as exc:
        parse_protocol(
            text.replace('reviewed_by = "Clinical lead (sample)"', 'reviewed_by = ""'), source="x.toml"
        )
    assert exc.value.field == "review.reviewed_by"


def test_unsupported_language_is_refused():
    text = (paths.protocols_dir() / FACIAL_EN).read_text(encoding="utf-8")
    with pytest.raises(ProtocolError) as exc:
        parse_protocol(text.replace('language = "en"', 'language = "de"'), source="x.toml")
    assert exc.value.field == "language"


def test_checking_a_missing_or_empty_folder_is_an_error_not_a_pass(tmp_path):
    """Fresh-user trial: `protocols check --dir /nonexistent` said "All protocols … passed" with exit 0."""
    from clinic_desktop.aftercare.protocol import check_protocols

    [missing] = check_protocols(tmp_path / "nowhere")
    assert missing.level == "error" and "no folder" in missing.message
    [empty] = check_protocols(tmp_path)
    assert empty.level == "error" and "no protocol files" in empty.message


def test_a_wrongly_typed_value_is_explained_in_the_editors_words_and_language(workdir):
    """A number where text belongs, text where a number belongs: pydantic's kinds become the checker's
    own sentences, translated (French when the services speak French), never pydantic's English."""
    _edit(workdir / FACIAL_EN, 'title = "Early recovery"', "title = 12")
    _edit(workdir / FACIAL_EN, "start_day = 3", 'start_day = "three"')
    errors = {fld: m for _, fld, m in _errors(workdir)}
    assert errors["phases[1].title"] == "must be text in quotes"
    assert errors["phases[2].start_day"] == "must be a whole number"
    previous = messages.current_language()
    try:
        messages.set_language("fr")
        errors = {fld: m for _, fld, m in _errors(workdir)}
        assert errors["phases[1].title"] == "doit être un texte entre guillemets"
        assert errors["phases[2].start_day"] == "doit être un nombre entier"
    finally:
        messages.set_language(previous)
