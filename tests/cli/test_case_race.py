"""Two `assess --case` creating the same new case at once (issue 22): the one that comes second
either waits for the case to be finished and adds to it, or, if both started before the case
existed, says that another process created it meanwhile and stores nothing. Never "is not a
BurnMap case file" about a healthy case, never an assessment that misses the other's photo."""
from __future__ import annotations

import os
import shutil
import sqlite3
import threading
import time

import pytest

import burnmap.cli.assess
from burnmap.casefile.case import CaseFile
from burnmap.casefile.lock import CaseLock
from burnmap.cli.assess import main as assess_main
from tests.helpers.assess_inputs import assess_args, assess_inputs


@pytest.fixture
def case(tmp_path):
    return assess_inputs(tmp_path)


def _photos(path) -> int:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT COUNT(*) FROM photo").fetchone()[0]
    finally:
        conn.close()


def test_a_case_created_meanwhile_by_another_process_is_not_added_to(case, tmp_path,
                                                                     monkeypatch, capsys):
    target = tmp_path / "new.burncase"
    real = burnmap.cli.assess._new_photo

    def other_process_creates_it_first(args, provider):
        CaseFile.create(target, "someone else").close()
        return real(args, provider)
    monkeypatch.setattr(burnmap.cli.assess, "_new_photo", other_process_creates_it_first)
    assert assess_main(assess_args(case, "--case", str(target))) == 2
    assert "another process created the case 'new.burncase'" in capsys.readouterr().err
    assert _photos(target) == 0
    assert not case["json"].exists()


def test_a_case_being_created_is_waited_for_then_added_to(case, tmp_path, capsys):
    template = tmp_path / "template.burncase"
    CaseFile.create(template, "someone else").close()
    target = tmp_path / "new.burncase"
    os.close(os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY))   # as CaseFile.create does
    lock = CaseLock(target)
    assert lock.acquire()
    result = {}
    worker = threading.Thread(target=lambda: result.update(
        code=assess_main(assess_args(case, "--case", str(target)))))
    worker.start()
    time.sleep(1.0)                                    # the command is waiting meanwhile
    assert worker.is_alive()
    shutil.copyfile(template, tmp_path / "made.tmp")   # the other process finishes the case
    os.replace(tmp_path / "made.tmp", target)
    lock.release()
    worker.join(60)
    assert result == {"code": 0}, capsys.readouterr().err
    assert "not a BurnMap case file" not in capsys.readouterr().err
    assert _photos(target) == 1
