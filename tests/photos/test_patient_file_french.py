"""The patient file PDF speaks the language of the person who exports it (issue #15)."""

from __future__ import annotations

import re

from pypdf import PdfReader

from clinic_desktop.services import checkout, messages
from clinic_desktop.services.patient_file import write_patient_file

ENGLISH = ("Summary of events", "Complications in full", "Aftercare sheets as handed", "What was verified",
           "Produced by", "Treatment session", "Audit trail:", "No audit entry", "Patient file for insurer",
           "History:", "Action taken")


def _text(path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def test_the_patient_file_is_french_for_a_french_speaking_manager(db, manager, receptionist, case, tmp_path):
    p, ts, _comp = case
    checkout.save_sheet(db, actor=receptionist, treatment_session_id=ts.id, path=tmp_path / "s.pdf")
    previous = messages.current_language()
    messages.set_language("fr")
    try:
        out = tmp_path / "dossier.pdf"
        write_patient_file(db, actor=manager, patient_id=p.id, out_path=out)
    finally:
        messages.set_language(previous)
    text = _text(out)
    for french in ("Résumé des événements", "Complications en détail", "Fiches de soins remises",
                   "Ce qui a été vérifié", "Produit par", "Séance de traitement", "Historique"):
        assert french in text, french
    for english in ENGLISH:
        assert english not in text, english
    assert " h " in text and not re.search(r"\d:\d\d", text)  # times written the Canadian French way


def test_the_patient_file_stays_english_for_an_english_speaking_manager(db, manager, case, tmp_path):
    p, _ts, _comp = case
    out = tmp_path / "file.pdf"
    previous = messages.current_language()
    messages.set_language("en")  # an English-speaking manager, whatever the run's language
    try:
        write_patient_file(db, actor=manager, patient_id=p.id, out_path=out)
    finally:
        messages.set_language(previous)
    text = _text(out)
    assert "Summary of events" in text and "Produced by" in text and "Résumé" not in text
