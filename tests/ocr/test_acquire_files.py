"""Files that lie are refused with a clear reason; real pages of every format are read."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from PIL import Image

from inspector.errors import InputFileError
from ocr.acquire import decode_page_image, expand_inputs, read_source
from tests.conftest import render_text_page


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def huge_png(width: int = 40_000, height: int = 40_000) -> bytes:
    """A valid 1-bit PNG of 40,000 × 40,000 pixels that compresses to a few hundred kB."""
    compressor = zlib.compressobj(9)
    row = b"\x00" + b"\x00" * ((width + 7) // 8)
    body = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header) + _png_chunk(b"IDAT", body)
            + _png_chunk(b"IEND", b""))


@pytest.mark.parametrize("name, content, words", [
    ("empty.jpg", b"", "rỗng"),
    ("notes.jpg", "Đây là văn bản, không phải ảnh".encode(), "không phải là ảnh"),
    ("fake.pdf", b"%PDF-1.7\nnot really a pdf", "PDF bị hỏng"),
])
def test_lying_files_are_refused_with_vietnamese_reason(tmp_path, name, content, words):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputFileError) as info:
        list(read_source(path))
    assert words in info.value.message_vi
    assert info.value.message_vi.startswith(name)
    assert info.value.path == str(path)


def test_huge_image_is_refused_before_decoding(tmp_path):
    path = tmp_path / "huge.png"
    path.write_bytes(huge_png())
    with pytest.raises(InputFileError) as info:
        list(read_source(path))
    assert "quá lớn" in info.value.message_vi


def test_truncated_jpeg_is_refused(tmp_path):
    data = render_text_page(["Giấy khai sinh"], fmt="JPEG")
    path = tmp_path / "half.jpg"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(InputFileError) as info:
        list(read_source(path))
    assert "hỏng" in info.value.message_vi


def test_single_image_keeps_original_bytes(tmp_path):
    data = render_text_page(["Giấy khai sinh"], fmt="JPEG")
    path = tmp_path / "page.jpg"
    path.write_bytes(data)
    [page] = read_source(path)
    assert page.data == data and page.media_type == "image/jpeg"
    assert (page.width, page.height) == (1240, 1754)


def test_png_named_jpg_is_read_by_content(tmp_path):
    path = tmp_path / "mislabelled.jpg"
    path.write_bytes(render_text_page(["Trang"], fmt="PNG"))
    [page] = read_source(path)
    assert page.media_type == "image/png"


def test_multipage_tiff_yields_each_page(tmp_path):
    frames = [Image.open(io.BytesIO(render_text_page([f"Trang {i}"], seed=i))).convert("L") for i in range(3)]
    path = tmp_path / "book.tif"
    frames[0].save(path, save_all=True, append_images=frames[1:], compression="tiff_deflate", dpi=(300, 300))
    pages = list(read_source(path))
    assert [p.page_number for p in pages] == [1, 2, 3]
    assert all(p.dpi == 300 for p in pages)
    assert len({p.data for p in pages}) == 3


def test_pdf_pages_are_rendered_at_300_dpi(tmp_path):
    images = [Image.open(io.BytesIO(render_text_page([f"Trang {i}"], seed=i))).convert("RGB") for i in range(2)]
    path = tmp_path / "dossier.pdf"
    images[0].save(path, save_all=True, append_images=images[1:], resolution=150)
    pages = list(read_source(path))
    assert len(pages) == 2
    # 1240 px at 150 dpi is 8.27 in: 2480 px at 300 dpi.
    assert abs(pages[0].width - 2480) <= 2 and pages[0].dpi == 300
    assert decode_page_image(pages[1].data).shape[:2] == (pages[1].height, pages[1].width)


def test_exif_rotated_phone_photo_is_stored_upright(tmp_path):
    image = Image.open(io.BytesIO(render_text_page(["Ảnh chụp"], size=(400, 300)))).convert("RGB")
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to display
    path = tmp_path / "phone.jpg"
    image.save(path, exif=exif.tobytes())
    [page] = read_source(path)
    assert (page.width, page.height) == (300, 400)


def test_folders_expand_in_name_order_and_skip_other_files(tmp_path):
    for name in ["b.png", "a.jpg", "notes.txt", ".hidden.png", "c.PDF"]:
        (tmp_path / name).write_bytes(b"x")
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "d.png").write_bytes(b"x")
    assert [p.name for p in expand_inputs([tmp_path])] == ["a.jpg", "b.png", "c.PDF"]
    assert [p.name for p in expand_inputs([tmp_path], recursive=True)][-1] == "d.png"


@pytest.mark.parametrize("fmt, mode", [("JPEG", "RGB"), ("JPEG", "L"), ("PNG", "RGB"), ("PNG", "L"),
                                       ("PNG", "RGBA"), ("PNG", "1"), ("TIFF", "RGB")])
def test_a_stored_page_decodes_to_the_pixels_pillow_reads(fmt, mode):
    """Whichever decoder takes a page, OCR gets the same pixels (BGR, or gray for a gray page)."""
    import numpy as np

    picture = Image.open(io.BytesIO(render_text_page(["Giấy khai sinh", "Họ và tên: LÊ THỊ HOA"])))
    picture = picture.convert(mode)
    if mode in ("RGB", "RGBA"):
        picture.paste((200, 30, 30) + ((255,) if mode == "RGBA" else ()), (10, 10, 60, 40))  # a red stamp
    buffer = io.BytesIO()
    picture.save(buffer, format=fmt)
    decoded = decode_page_image(buffer.getvalue())
    pillow = np.asarray(Image.open(io.BytesIO(buffer.getvalue())).convert("RGB" if mode in ("RGB", "RGBA") else "L"))
    expected = pillow[:, :, ::-1] if pillow.ndim == 3 else pillow
    assert decoded.dtype == np.uint8 and decoded.shape == expected.shape
    assert np.array_equal(decoded, expected)
