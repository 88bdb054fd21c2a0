"""Writing a workspace's content into an open case file, changed parts only (the photos,
parsings, burn masks, clothing marks, body chart and assessment settings); a mixin of
burnmap.casefile.case.CaseFile, run inside its transactions."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC

from burnmap.casefile.chart_entries import entries_text, write_chart
from burnmap.casefile.codec import (
    SETTING_KEYS,
    encode_png,
    parsing_rows,
    settings_rows,
)
from burnmap.casefile.sqlite_file import audit, now_utc
from burnmap.model.workspace import PhotoState, Workspace


@dataclass
class _Saved:
    """What the file holds for one photo, so a save writes only what changed."""
    photo_id: int
    burn_revision: int
    parsing: object
    clothed: frozenset = frozenset()


class ContentWriter:
    """What CaseFile writes; it holds `conn`, `_saved`, `_chart_revision` and `stored_patient`."""

    def _write(self, workspace: Workspace, who: str) -> None:
        c = self.conn
        self._write_patient(workspace.patient, who)
        keep = set()
        for position, state in enumerate(workspace.photos):
            keep.add(self._write_photo(state, position, who))
        for (pid, name) in c.execute("SELECT id, name FROM photo").fetchall():
            if pid not in keep:
                c.execute("DELETE FROM photo WHERE id = ?", (pid,))
                c.execute("DELETE FROM meta WHERE key = ?", (f"clothed:{pid}",))
                audit(c, who, "photo removed", name)
        self._write_settings(workspace, who)
        chart = workspace.chart
        if chart is not None and chart.revision != self._chart_revision and (
                chart.has_entries() or self._chart_revision is not None):  # not a blank first
            write_chart(c, chart)
            audit(c, who, "body chart saved", entries_text(chart.values))
            self._chart_revision = chart.revision
        c.execute("INSERT OR REPLACE INTO meta VALUES ('saved_at', ?)", (now_utc(),))
        if workspace.edited_at is not None:
            c.execute("INSERT OR REPLACE INTO meta VALUES ('edited_at', ?)",
                      (workspace.edited_at.astimezone(UTC).isoformat(),))
        self._saved = {k: v for k, v in self._saved.items() if v.photo_id in keep}

    def _write_settings(self, workspace: Workspace, who: str) -> None:
        rows = settings_rows(workspace)
        stored = dict(self.conn.execute("SELECT key, value FROM meta WHERE key IN (?, ?)",
                                        SETTING_KEYS).fetchall())
        if rows and dict(rows) != stored:
            self.conn.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", rows)
            audit(self.conn, who, "assessment settings", ", ".join(f"{k}={v}" for k, v in rows))

    def _write_photo(self, state: PhotoState, position: int, who: str) -> int:
        c = self.conn
        saved = self._saved.get(state.uid)
        joints = json.dumps(state.joints.points)
        if saved is None:
            data = state.source if state.source is not None else encode_png_rgb(state)
            cur = c.execute(
                "INSERT INTO photo (position, name, sha256, data, view, view_confirmed, "
                "person_index, joints, joints_source, added_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
                (position, state.photo.name, hashlib.sha256(data).hexdigest(), data, state.view,
                 int(state.view_confirmed), state.person_index, joints, state.joints.source,
                 now_utc()))
            saved = _Saved(int(cur.lastrowid), -1, None)
            audit(c, who, "photo added", state.photo.name)
        else:
            c.execute("UPDATE photo SET position=?, view=?, view_confirmed=?, person_index=?, "
                      "joints=?, joints_source=? WHERE id = ?",
                      (position, state.view, int(state.view_confirmed), state.person_index,
                       joints, state.joints.source, saved.photo_id))
        if state.parsing is not None and state.parsing is not saved.parsing:
            self._write_parsing(saved.photo_id, state)
            audit(c, who, "parsing stored", f"{state.photo.name}: {state.parsing.model.parser}")
        if state.burn.revision != saved.burn_revision:
            c.execute("INSERT OR REPLACE INTO burn (photo_id, mask_png) VALUES (?, ?)",
                      (saved.photo_id, encode_png(state.burn.values)))
            audit(c, who, "burn mask saved", state.photo.name)
        if state.clothed != saved.clothed:
            c.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)",
                      (f"clothed:{saved.photo_id}", json.dumps(sorted(state.clothed))))
            audit(c, who, "regions marked as clothed",
                   f"{state.photo.name}: {', '.join(sorted(state.clothed)) or 'none'}")
        self._saved[state.uid] = _Saved(saved.photo_id, state.burn.revision, state.parsing,
                                        state.clothed)
        return saved.photo_id

    def _write_parsing(self, photo_id: int, state: PhotoState) -> None:
        row, persons = parsing_rows(state.parsing)
        self.conn.execute("DELETE FROM parsing WHERE photo_id = ?", (photo_id,))
        self.conn.execute("INSERT INTO parsing VALUES (?, ?, ?, ?, ?, ?, ?)", (photo_id, *row))
        self.conn.executemany("INSERT INTO person VALUES (?, ?, ?, ?, ?, ?)",
                              [(photo_id, *p) for p in persons])


def encode_png_rgb(state: PhotoState) -> bytes:
    """A photo that came without its file (e.g. made in memory) is kept as a lossless PNG."""
    import cv2
    _ok, data = cv2.imencode(".png", state.photo.pixels[:, :, ::-1])
    return data.tobytes()
