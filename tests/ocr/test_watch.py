"""The watch folder's own side: which files have settled, PDF completeness, the journal, moving aside."""

from __future__ import annotations

import io
import os

import pytest
from PIL import Image

from inspector.errors import InputFileError
from ocr.acquire.watch import (
    FileStamp,
    WatchJournal,
    check_whole,
    is_candidate,
    move_into,
    next_settling,
    observe,
    refuse_file,
    settled,
    snapshot_folder,
)


def test_a_file_is_taken_only_after_it_stopped_changing_for_the_settling_time():
    seen = observe({}, {"b.jpg": FileStamp(10, 1), "a.jpg": FileStamp(5, 1)}, now=0.0)
    assert settled(seen, 1.0, settle_s=2.0) == []
    assert next_settling(seen, 1.0, settle_s=2.0) == pytest.approx(1.0)
    # b.jpg grows (the scanner is still writing): its clock starts again.
    seen = observe(seen, {"b.jpg": FileStamp(20, 2), "a.jpg": FileStamp(5, 1)}, now=1.5)
    assert settled(seen, 2.5, settle_s=2.0) == ["a.jpg"]
    seen = observe(seen, {"b.jpg": FileStamp(20, 2), "a.jpg": FileStamp(5, 1), "c.jpg": FileStamp(1, 1)}, now=3.5)
    assert settled(seen, 3.5, settle_s=2.0) == ["a.jpg", "b.jpg"]  # name order: the scanner's page order
    # A file touched without a size change (mtime only) also starts again.
    seen = observe(seen, {"a.jpg": FileStamp(5, 9)}, now=4.0)
    assert settled(seen, 5.0, settle_s=2.0) == [] and set(seen) == {"a.jpg"}
    assert next_settling({}, 0.0, 2.0) is None


def test_hidden_temporary_and_housekeeping_files_are_not_pages(tmp_path):
    for name in ["scan001.jpg", ".hidden.jpg", "scan002.jpg.part", "x.tmp", "Thumbs.db", "desktop.ini",
                 "~$lock.pdf", "notes.docx"]:
        (tmp_path / name).write_bytes(b"x")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "inner.jpg").write_bytes(b"x")
    assert sorted(snapshot_folder(tmp_path)) == ["notes.docx", "scan001.jpg"]
    assert not is_candidate("scan.JPG.crdownload")


def _pdf_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("L", (200, 300), 255).save(buffer, format="PDF")
    return buffer.getvalue()


def test_a_pdf_cut_short_is_not_whole_yet_and_images_are_left_to_the_reader(tmp_path):
    whole = tmp_path / "whole.pdf"
    whole.write_bytes(_pdf_bytes())
    check_whole(whole)
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(_pdf_bytes()[: len(_pdf_bytes()) // 2])
    with pytest.raises(InputFileError, match="incomplete") as caught:
        check_whole(cut)
    assert "chưa trọn vẹn" in caught.value.message_vi
    image = tmp_path / "page.png"
    image.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 10)
    check_whole(image)  # read_source refuses it when it reads it


def test_journal_survives_a_restart_and_a_torn_last_line(tmp_path):
    path = tmp_path / ".journal.jsonl"
    journal = WatchJournal(path)
    journal.append("a.jpg", "d" * 64, "book-1", "imported", 1)
    journal.append("b.jpg", "e" * 64, "book-1", "refused", 0)
    with path.open("a", encoding="utf-8") as handle:
        handle.write('{"file": "c.jpg", "sha2')  # killed mid-write
    reopened = WatchJournal(path)
    assert reopened.imported("d" * 64, "book-1").file == "a.jpg"
    assert reopened.imported("d" * 64, "book-2") is None  # another book has not got it
    assert reopened.imported("e" * 64, "book-1") is None  # refused is not imported
    reopened.append("c.jpg", "f" * 64, "book-1", "imported", 2)
    assert WatchJournal(path).imported("f" * 64, "book-1").pages == 2


def test_moving_aside_never_overwrites_and_a_refusal_says_why(tmp_path):
    target = tmp_path / "da-nhap"
    for _ in range(3):
        source = tmp_path / "scan.jpg"
        source.write_bytes(os.urandom(8))
        move_into(source, target)
    assert sorted(p.name for p in target.iterdir()) == ["scan (2).jpg", "scan (3).jpg", "scan.jpg"]

    bad = tmp_path / "hong.jpg"
    bad.write_text("không phải ảnh")
    moved = refuse_file(bad, tmp_path / "loi", "hong.jpg: không phải là ảnh hay PDF.", "not an image")
    assert moved == tmp_path / "loi" / "hong.jpg" and not bad.exists()
    reason = (tmp_path / "loi" / "hong.jpg.txt").read_bytes()
    assert reason.startswith(b"\xef\xbb\xbf")  # BOM: old Windows Notepad shows the accents
    assert "Lý do: hong.jpg: không phải là ảnh hay PDF." in reason.decode("utf-8-sig")
