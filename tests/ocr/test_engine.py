"""The OCR engine reads real rendered Vietnamese with the real Tesseract; the worker pool keeps order,
survives dead and stuck workers, and stops when cancelled."""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from inspector.errors import CancelledError, InputFileError, MissingDependencyError, OcrError, OcrTimeoutError
from ocr.engine import (
    DIGITS_AND_SLASH,
    PSM_SINGLE_BLOCK,
    EngineConfig,
    OcrEngine,
    check_ocr_available,
    create_engine,
    parse_tsv,
    process_engine,
)
from ocr.pool import init_ocr_worker, map_ordered

DEJAVU = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
NOTO_SERIF = "/usr/share/fonts/truetype/noto/NotoSerif-Regular.ttf"
NAME_LINE = "Họ, chữ đệm, tên: NGUYỄN VĂN ĐỨC"
PLACE_LINE = "Nơi sinh: xã Quỳnh Hưng, huyện Quỳnh Lưu"


def render(lines: list[str], *, font_path: str = DEJAVU, size: int = 36, margin: int = 60,
           line_gap: float = 2.0) -> tuple[np.ndarray, list[list[tuple[str, tuple[int, int, int, int]]]]]:
    """A gray image of ``lines`` and, per line, each word with the box it was drawn in."""
    font = ImageFont.truetype(font_path, size)
    width = margin * 2 + int(max(font.getlength(line) for line in lines))
    height = margin * 2 + int(size * line_gap * len(lines))
    image = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(image)
    boxes = []
    for number, line in enumerate(lines):
        y = margin + int(number * size * line_gap)
        draw.text((margin, y), line, font=font, fill=0)
        words, offset = [], 0
        for word in line.split(" "):
            x = margin + font.getlength(line[:offset])
            left, top, right, bottom = draw.textbbox((x, y), word, font=font)
            words.append((word, (left, top, right - left, bottom - top)))
            offset += len(word) + 1
        boxes.append(words)
    return np.array(image), boxes


def iou(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> float:
    ax, ay, aw, ah = a
    bx, by, bw, bh = b
    ix = max(0, min(ax + aw, bx + bw) - max(ax, bx))
    iy = max(0, min(ay + ah, by + bh) - max(ay, by))
    inter = ix * iy
    return inter / (aw * ah + bw * bh - inter)


@pytest.fixture(scope="module")
def info():
    return check_ocr_available(EngineConfig(backend="tesserocr"))


@pytest.fixture(scope="module", params=["tesserocr", "cli"])
def engine(request, info):
    engine = create_engine(replace(info.config, backend=request.param))
    yield engine
    engine.close()


# --------------------------------------------------------------------------- the engine


def test_startup_check_finds_tesseract_and_vietnamese(info):
    assert info.backend == "tesserocr"
    assert "vie" in info.languages
    assert info.tesseract_version.startswith("5.")
    assert os.path.isfile(os.path.join(info.config.tessdata_dir, "vie.traineddata"))
    assert 0 < info.load_s < 5


def test_reads_a_vietnamese_page_with_words_boxes_and_lines_in_order(engine):
    image, drawn = render([NAME_LINE, PLACE_LINE])
    page = engine.recognize(image, dpi=150)

    assert isinstance(engine, OcrEngine)
    assert (page.width, page.height) == (image.shape[1], image.shape[0])
    assert page.engine == engine.name and page.language == "vie"
    assert [line.text for line in page.lines] == [NAME_LINE, PLACE_LINE]
    for line_index, (line, expected) in enumerate(zip(page.lines, drawn, strict=True)):
        assert [word.text for word in line.words] == [word for word, _ in expected]
        for word, (_, drawn_box) in zip(line.words, expected, strict=True):
            assert word.line_index == line_index
            assert iou(word.box, drawn_box) > 0.5, (word.text, word.box, drawn_box)
            assert 0.5 < word.confidence <= 1.0
            lx, ly, lw, lh = line.box
            x, y, w, h = word.box
            assert lx <= x and ly <= y and x + w <= lx + lw and y + h <= ly + lh
    assert page.lines[0].box[1] < page.lines[1].box[1]


def test_confidences_stay_in_unit_range_on_noisy_input(engine):
    rng = np.random.default_rng(5)
    image, _ = render(["Quê quán: xã Tân Lập, huyện Đan Phượng"])
    noisy = np.clip(image.astype(int) + rng.normal(0, 70, image.shape), 0, 255).astype(np.uint8)
    page = engine.recognize(noisy, psm=PSM_SINGLE_BLOCK, dpi=150)
    assert page.words, "noise at this level still leaves words to read"
    assert all(0.0 <= word.confidence <= 1.0 for word in page.words)


def test_read_line_reads_a_date_with_the_digit_whitelist(engine):
    crop, _ = render(["26/02/2003"], font_path=NOTO_SERIF, size=40, margin=20, line_gap=1.6)
    text, confidence = engine.read_line(crop, whitelist=DIGITS_AND_SLASH)
    assert text == "26/02/2003"
    assert 0.5 < confidence <= 1.0


def test_whitelist_applies_to_one_call_only(engine):
    crop, _ = render(["Ngày 26/02/2003"], size=40, margin=20, line_gap=1.6)
    text, _ = engine.read_line(crop, whitelist=DIGITS_AND_SLASH)
    assert set(text) <= set(DIGITS_AND_SLASH + " ")
    name, _ = render(["NGUYỄN VĂN ĐỨC"], size=40, margin=20, line_gap=1.6)
    text, confidence = engine.read_line(name)
    assert text == "NGUYỄN VĂN ĐỨC" and confidence > 0.5


def test_binary_and_boolean_images_are_read(engine):
    crop, _ = render(["26/02/2003"], size=40, margin=20, line_gap=1.6)
    binary = crop > 128
    assert engine.read_line(binary)[0] == "26/02/2003"
    assert engine.read_line(binary.astype(np.uint8))[0] == "26/02/2003"


def test_a_call_over_its_timeout_raises_ocr_error_and_the_engine_goes_on(engine):
    image, _ = render([NAME_LINE, PLACE_LINE] * 4)
    with pytest.raises(OcrError) as raised:
        engine.recognize(image, dpi=150, timeout_s=0.001)
    assert "quá lâu" in raised.value.message_vi
    assert isinstance(raised.value, OcrTimeoutError), "told apart from a failure: the page can be read smaller"
    assert engine.recognize(image, dpi=150).lines[0].text == NAME_LINE


def test_empty_tessdata_folder_is_a_missing_vietnamese_dependency(tmp_path):
    for backend in ("tesserocr", "cli"):
        with pytest.raises(MissingDependencyError) as raised:
            check_ocr_available(EngineConfig(backend=backend, tessdata_dir=str(tmp_path)))
        assert raised.value.message_vi == "Thiếu dữ liệu tiếng Việt: hãy cài gói tesseract-ocr-vie"
        assert raised.value.exit_code == 4
        with pytest.raises(MissingDependencyError):
            create_engine(EngineConfig(backend=backend, tessdata_dir=str(tmp_path)))


def test_missing_tesseract_program_is_named_with_its_package(tmp_path):
    for command in (str(tmp_path / "tesseract"), "tesseract-not-installed"):
        with pytest.raises(MissingDependencyError) as raised:
            check_ocr_available(EngineConfig(backend="cli", tesseract_cmd=command))
        assert raised.value.message_vi == "Thiếu Tesseract: hãy cài gói tesseract-ocr"


def test_without_tesserocr_auto_falls_back_to_the_cli(monkeypatch):
    monkeypatch.setitem(sys.modules, "tesserocr", None)  # import tesserocr now fails
    assert check_ocr_available(EngineConfig()).backend == "cli"
    with pytest.raises(MissingDependencyError) as raised:
        check_ocr_available(EngineConfig(backend="tesserocr"))
    assert "pip install tesserocr" in raised.value.message_vi


def test_tsv_replay_gives_blocks_lines_and_clamped_confidences():
    # Recorded from `tesseract ... tsv` (header, page/block/paragraph rows, an empty word),
    # with a second block added and a confidence over 100 to check the clamping.
    tsv = (
        "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"
        "1\t1\t0\t0\t0\t0\t0\t0\t1240\t1754\t-1\t\n"
        "2\t1\t1\t0\t0\t0\t100\t118\t983\t90\t-1\t\n"
        "3\t1\t1\t1\t0\t0\t102\t118\t736\t43\t-1\t\n"
        "4\t1\t1\t1\t1\t0\t102\t118\t736\t43\t-1\t\n"
        "5\t1\t1\t1\t1\t1\t102\t120\t103\t41\t93.293297\tCỘNG\n"
        "5\t1\t1\t1\t1\t2\t223\t120\t76\t34\t101.5\tHOÀ\n"
        "4\t1\t1\t1\t2\t0\t100\t189\t502\t36\t-1\t\n"
        "5\t1\t1\t1\t2\t1\t100\t189\t68\t36\t95.0\t \n"
        "2\t1\t2\t0\t0\t0\t100\t400\t300\t40\t-1\t\n"
        "3\t1\t2\t1\t0\t0\t100\t400\t300\t40\t-1\t\n"
        "4\t1\t2\t1\t1\t0\t100\t400\t300\t40\t-1\t\n"
        "5\t1\t2\t1\t1\t1\t100\t400\t140\t40\t88.5\tGIẤY\n"
        "5\t1\t2\t1\t1\t2\t260\t400\t140\t40\t0\tKHAI\n"
    )
    page = parse_tsv(tsv, width=1240, height=1754, engine="replay", language="vie")
    assert [line.text for line in page.lines] == ["CỘNG HOÀ", "GIẤY KHAI"]
    assert [line.block_index for line in page.lines] == [0, 1]
    assert page.lines[0].box == (102, 118, 736, 43)
    assert [word.confidence for word in page.words] == [pytest.approx(0.93293297), 1.0, 0.885, 0.0]
    assert [word.line_index for word in page.words] == [0, 0, 1, 1]
    assert page.words[2].box == (100, 400, 140, 40) and page.words[2].block_index == 1


# --------------------------------------------------------------------------- the pool
# Worker functions live at module level: the spawned workers import them by name.


def echo_after(item: tuple[int, float]) -> int:
    index, delay = item
    time.sleep(delay)
    return index


def misbehave(item):
    if item == "die":
        os.kill(os.getpid(), signal.SIGKILL)
    if item == "hang":
        time.sleep(600)
    if item == "bad file":
        raise InputFileError("scans/bad.jpg", "Tệp hỏng.", "The file is damaged.", detail="truncated")
    if isinstance(item, tuple):  # ("victim", folder): announce our pid, then work a while
        Path(item[1], "victim.tmp").write_text(str(os.getpid()))
        Path(item[1], "victim.tmp").replace(Path(item[1], "victim.pid"))
        time.sleep(1.0)
        return "victim done"
    time.sleep(0.05)
    return item


def thread_settings(_item) -> tuple[str | None, int]:
    import cv2

    return os.environ.get("OMP_THREAD_LIMIT"), cv2.getNumThreads()


def failing_initializer() -> None:
    raise MissingDependencyError("Thiếu Tesseract: hãy cài gói tesseract-ocr", "Tesseract is missing")


def dying_initializer() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def read_crop(task: tuple[np.ndarray, EngineConfig]) -> tuple[int, int, str]:
    crop, config = task
    engine = process_engine(config)
    return os.getpid(), id(engine), engine.read_line(crop, whitelist=DIGITS_AND_SLASH)[0]


def _no_workers_left(timeout_s: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout_s
    while multiprocessing.active_children():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def test_results_come_in_input_order_while_later_items_finish_first():
    items = [(index, 0.4 - 0.05 * index) for index in range(8)]  # later items are faster
    results = list(map_ordered(echo_after, items, jobs=2))
    assert [result.index for result in results] == list(range(8))
    assert [result.unwrap() for result in results] == list(range(8))


def test_workers_run_single_threaded_ocr():
    results = list(map_ordered(thread_settings, range(2), jobs=2))
    assert [result.unwrap() for result in results] == [("1", 1), ("1", 1)]


def test_a_worker_that_dies_fails_its_item_only_and_the_batch_goes_on():
    items = ["a", "b", "die", "c", "d", "e"]
    results = list(map_ordered(misbehave, items, jobs=2, timeout_s=30))
    assert [result.index for result in results] == list(range(6))
    assert isinstance(results[2].error, OcrError)
    assert "dừng đột ngột" in results[2].error.message_vi
    assert [result.value for result in results if result.index != 2] == ["a", "b", "c", "d", "e"]


def test_a_worker_killed_from_outside_mid_task_does_not_stop_the_batch(tmp_path):
    pid_file = tmp_path / "victim.pid"
    killed = []

    def kill_the_victim() -> None:
        deadline = time.monotonic() + 30
        while not pid_file.exists() and time.monotonic() < deadline:
            time.sleep(0.02)
        time.sleep(0.1)
        os.kill(int(pid_file.read_text()), signal.SIGKILL)
        killed.append(True)

    killer = threading.Thread(target=kill_the_victim)
    killer.start()
    items = ["a", ("victim", str(tmp_path)), "b", "c"]
    results = list(map_ordered(misbehave, items, jobs=2, timeout_s=30))
    killer.join()
    assert killed
    # Killed once from outside, the item is run again alone and succeeds; the others are untouched.
    assert [result.unwrap() for result in results] == ["a", "victim done", "b", "c"]


def test_a_stuck_item_times_out_and_the_others_complete():
    started = time.monotonic()
    results = list(map_ordered(misbehave, ["a", "hang", "b", "c"], jobs=2, timeout_s=1.5))
    assert time.monotonic() - started < 15
    assert isinstance(results[1].error, OcrError) and "quá lâu" in results[1].error.message_vi
    assert [results[i].value for i in (0, 2, 3)] == ["a", "b", "c"]
    assert _no_workers_left()


def test_errors_raised_by_the_task_keep_their_type_and_messages():
    [result] = list(map_ordered(misbehave, ["bad file"], jobs=1))
    assert isinstance(result.error, InputFileError)
    assert (result.error.path, result.error.message_vi, result.error.detail) == (
        "scans/bad.jpg", "Tệp hỏng.", "truncated")
    with pytest.raises(InputFileError):
        result.unwrap()


def test_cancel_stops_between_pages_and_stops_the_workers():
    stop = threading.Event()
    seen = []
    with pytest.raises(CancelledError):
        for result in map_ordered(echo_after, [(index, 0.2) for index in range(40)], jobs=2,
                                  cancelled=stop.is_set):
            seen.append(result.index)
            stop.set()
    assert seen == [0]
    assert _no_workers_left()


def test_items_are_taken_lazily_so_memory_does_not_grow_with_the_batch():
    taken = []

    def items():
        for index in range(50):
            taken.append(index)
            yield (index, 0.01)

    stream = map_ordered(echo_after, items(), jobs=2, max_pending=4)
    first = next(stream)
    assert first.index == 0 and len(taken) <= 5
    stream.close()
    assert _no_workers_left()


def test_a_failing_initializer_stops_the_batch_with_its_error():
    with pytest.raises(MissingDependencyError):
        list(map_ordered(echo_after, [(0, 0.0), (1, 0.0)], jobs=2, initializer=failing_initializer))
    assert _no_workers_left()


def test_workers_that_die_before_any_task_stop_the_batch_instead_of_looping():
    started = time.monotonic()
    with pytest.raises(OcrError) as raised:
        list(map_ordered(echo_after, [(index, 0.0) for index in range(20)], jobs=2,
                         initializer=dying_initializer))
    assert "Không khởi động được" in raised.value.message_vi
    assert time.monotonic() - started < 20
    assert _no_workers_left()


def test_ocr_in_the_pool_loads_the_model_once_per_worker(info):
    crop, _ = render(["26/02/2003"], font_path=NOTO_SERIF, size=40, margin=20, line_gap=1.6)
    tasks = [(crop, info.config)] * 6
    results = [result.unwrap() for result in map_ordered(read_crop, tasks, jobs=2, timeout_s=60,
                                                         initializer=init_ocr_worker, initargs=(info.config,))]
    assert [text for _, _, text in results] == ["26/02/2003"] * 6
    engines_per_worker: dict[int, set[int]] = {}
    for pid, engine_id, _ in results:
        engines_per_worker.setdefault(pid, set()).add(engine_id)
    assert all(len(ids) == 1 for ids in engines_per_worker.values())
