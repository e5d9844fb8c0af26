"""Synthetic scans and phone photos of Vietnamese pages with known geometry, for the preprocessing tests.

A page is rendered with PIL (DejaVu Sans, Vietnamese text) at a given resolution and
carries round fiducial marks at known places. Every distortion applied afterwards
(rotation, perspective onto a background, a book spread, scanner borders) returns
the 3×3 matrix from page pixels to image pixels, so a test knows where each mark
(and each text line) ends up in the "original" image the preprocessor receives.
Pixel centres are on integer coordinates, as in OpenCV's warps.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
FONT_BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"

NAME_LINE = "Họ, chữ đệm, tên: NGUYỄN VĂN ĐỨC"
FORM_LINES = (
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "",
    "GIẤY KHAI SINH",
    "",
    NAME_LINE,
    "Ngày, tháng, năm sinh: 26/02/2003",
    "ghi bằng chữ: Ngày hai mươi sáu, tháng hai, năm hai nghìn không trăm linh ba",
    "Giới tính: Nam        Dân tộc: Kinh        Quốc tịch: Việt Nam",
    "Nơi sinh: Trạm y tế xã Quỳnh Hưng, huyện Quỳnh Lưu, tỉnh Nghệ An",
    "Quê quán: xã Nghi Liên, thành phố Vinh, tỉnh Nghệ An",
    "Số định danh cá nhân: 040203001234",
    "Họ, chữ đệm, tên người mẹ: TRẦN THỊ HƯƠNG",
    "Năm sinh: 1978        Dân tộc: Kinh        Quốc tịch: Việt Nam",
    "Nơi cư trú: xóm 3, xã Quỳnh Hưng, huyện Quỳnh Lưu, tỉnh Nghệ An",
    "Họ, chữ đệm, tên người cha: NGUYỄN VĂN HÙNG",
    "Năm sinh: 1975        Dân tộc: Kinh        Quốc tịch: Việt Nam",
    "Nơi cư trú: xóm 3, xã Quỳnh Hưng, huyện Quỳnh Lưu, tỉnh Nghệ An",
    "Nơi đăng ký khai sinh: Ủy ban nhân dân xã Quỳnh Hưng",
    "Ngày, tháng, năm đăng ký: 03/03/2003",
    "",
    "NGƯỜI KÝ GIẤY KHAI SINH",
    "(Ký, ghi rõ họ, chữ đệm, tên, chức vụ)",
)


@dataclass
class Scene:
    """An image as the loader would decode it, and what is known about it."""

    image: np.ndarray                      # gray or BGR uint8
    page_to_image: np.ndarray              # 3×3: page pixels → image pixels (first page of a spread)
    marks: dict[str, tuple[float, float]]  # fiducial marks, in page pixels
    lines: dict[str, tuple[int, int, int, int]] = field(default_factory=dict)  # text line boxes, page px
    page_size: tuple[int, int] = (0, 0)
    extra: dict = field(default_factory=dict)

    def mark_in_image(self, name: str, matrix: np.ndarray | None = None) -> tuple[float, float]:
        """Where a mark of the page lies in the image."""
        return apply(self.page_to_image if matrix is None else matrix, [self.marks[name]])[0]


def apply(matrix: np.ndarray, points) -> np.ndarray:
    """Map ``N×2`` points through a homography."""
    points = np.asarray(points, dtype=np.float64).reshape(-1, 2)
    mapped = np.hstack([points, np.ones((len(points), 1))]) @ matrix.T
    return mapped[:, :2] / mapped[:, 2:3]


# --------------------------------------------------------------------------- pages


def render_page(*, dpi: int = 300, lines=FORM_LINES, font_pt: float = 12.0, width_in: float = 8.27,
                height_in: float = 11.69, marks: bool = True, ink: int = 20, paper: int = 255,
                top_in: float = 1.0, left_in: float = 0.9) -> Scene:
    """A portrait A4 page of Vietnamese form text (gray), with three round marks of 1.6 mm radius."""
    width, height = int(round(width_in * dpi)), int(round(height_in * dpi))
    image = Image.new("L", (width, height), paper)
    draw = ImageDraw.Draw(image)
    size = max(6, int(round(font_pt / 72 * dpi)))
    font, bold = ImageFont.truetype(FONT, size), ImageFont.truetype(FONT_BOLD, size)
    y = top_in * dpi
    boxes = {}
    for text in lines:
        if text:
            heading = text.isupper() and ":" not in text
            used = bold if heading else font
            x = (width - used.getlength(text)) / 2 if heading or text.startswith("(") else left_in * dpi
            draw.text((x, y), text, font=used, fill=ink)
            left, top, right, bottom = draw.textbbox((x, y), text, font=used)
            boxes[text] = (left, top, right - left, bottom - top)
        y += size * 1.75
    found = {}
    if marks:
        radius = 1.6 / 25.4 * dpi
        for name, (mx, my) in {"top_left": (0.55, 0.55), "right": (7.4, 5.2), "bottom": (3.0, 10.9)}.items():
            cx, cy = mx * dpi, my * dpi
            draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), fill=ink)
            # PIL's ellipse spans the pixels x0..x1 inclusive: its centre is pixel (cx, cy).
            found[name] = (cx, cy)
    return Scene(image=np.array(image), page_to_image=np.eye(3), marks=found, lines=boxes,
                 page_size=(width, height))


def text_line_page(text: str, *, dpi: int = 200, font_pt: float = 12.0, repeat: int = 1) -> Scene:
    """A small page holding one line of ``text`` (repeated on ``repeat`` lines)."""
    return render_page(dpi=dpi, lines=(text,) * repeat, font_pt=font_pt, width_in=6.0, height_in=2.0 + repeat * 0.4,
                       marks=False, top_in=0.8)


# --------------------------------------------------------------------------- distortions


def _moved_extra(scene: Scene, matrix: np.ndarray) -> dict:
    extra = dict(scene.extra)
    if "right_to_image" in extra:
        extra["right_to_image"] = matrix @ extra["right_to_image"]
    return extra


def warp(scene: Scene, matrix: np.ndarray, size: tuple[int, int], *, fill=255,
         interpolation: int = cv2.INTER_CUBIC) -> Scene:
    """Apply ``matrix`` (image → new image) to the scene's image."""
    width, height = size
    if scene.image.ndim == 3 and not isinstance(fill, tuple):
        fill = (fill, fill, fill)
    if abs(matrix[2, 0]) < 1e-12 and abs(matrix[2, 1]) < 1e-12:
        image = cv2.warpAffine(scene.image, matrix[:2], (width, height), flags=interpolation,
                               borderMode=cv2.BORDER_CONSTANT, borderValue=fill)
    else:
        image = cv2.warpPerspective(scene.image, matrix, (width, height), flags=interpolation,
                                    borderMode=cv2.BORDER_CONSTANT, borderValue=fill)
    return Scene(image=image, page_to_image=matrix @ scene.page_to_image, marks=scene.marks, lines=scene.lines,
                 page_size=scene.page_size, extra=_moved_extra(scene, matrix))


def rotate(scene: Scene, angle_deg: float, *, fill=255) -> Scene:
    """Rotate counter-clockwise (on screen) by ``angle_deg``, growing the canvas to hold the page."""
    height, width = scene.image.shape[:2]
    centre = ((width - 1) / 2.0, (height - 1) / 2.0)
    matrix = np.eye(3)
    matrix[:2] = cv2.getRotationMatrix2D(centre, angle_deg, 1.0)
    radians = np.deg2rad(angle_deg)
    new_w = int(np.ceil(width * abs(np.cos(radians)) + height * abs(np.sin(radians))))
    new_h = int(np.ceil(width * abs(np.sin(radians)) + height * abs(np.cos(radians))))
    matrix[0, 2] += (new_w - width) / 2.0
    matrix[1, 2] += (new_h - height) / 2.0
    return warp(scene, matrix, (new_w, new_h), fill=fill)


def turn(scene: Scene, quarters_clockwise: int) -> Scene:
    """Turn the image clockwise by quarter turns (exact)."""
    quarters = quarters_clockwise % 4
    height, width = scene.image.shape[:2]
    matrices = {
        0: (np.eye(3), (width, height)),
        1: (np.array([[0, -1, height - 1], [1, 0, 0], [0, 0, 1]], float), (height, width)),
        2: (np.array([[-1, 0, width - 1], [0, -1, height - 1], [0, 0, 1]], float), (width, height)),
        3: (np.array([[0, 1, 0], [-1, 0, width - 1], [0, 0, 1]], float), (height, width)),
    }
    matrix, size = matrices[quarters]
    return warp(scene, matrix, size, interpolation=cv2.INTER_NEAREST)


def scale(scene: Scene, factor: float) -> Scene:
    """Resize by ``factor`` (area average when shrinking), like a scan at another resolution."""
    height, width = scene.image.shape[:2]
    size = (int(round(width * factor)), int(round(height * factor)))
    fx, fy = size[0] / width, size[1] / height
    image = cv2.resize(scene.image, size, interpolation=cv2.INTER_AREA if factor < 1 else cv2.INTER_CUBIC)
    matrix = np.array([[fx, 0, 0.5 * (fx - 1)], [0, fy, 0.5 * (fy - 1)], [0, 0, 1]])
    return Scene(image=image, page_to_image=matrix @ scene.page_to_image, marks=scene.marks, lines=scene.lines,
                 page_size=scene.page_size, extra=_moved_extra(scene, matrix))


def textured_background(size: tuple[int, int], seed: int = 0, *, level: int = 95) -> np.ndarray:
    """A darker wood-like desk texture, BGR."""
    width, height = size
    rng = np.random.default_rng(seed)
    grain = rng.normal(0, 1, (height // 8 + 1, width // 2 + 1)).astype(np.float32)
    grain = cv2.resize(cv2.GaussianBlur(grain, (0, 0), 3), (width, height))
    base = np.full((height, width, 3), (level * 0.55, level * 0.8, level), np.float32)
    noise = rng.normal(0, 6, (height, width, 1)).astype(np.float32)
    texture = base + grain[:, :, None] * 18 + noise
    return np.clip(texture, 0, 255).astype(np.uint8)


def camera_corners(page_size: tuple[int, int], image_size: tuple[int, int], *, tilt_x: float = 0.0,
                   tilt_y: float = 0.0, roll: float = 0.0, fill: float = 0.8, focal: float = 1.0,
                   shift: tuple[float, float] = (0.0, 0.0)) -> list[tuple[float, float]]:
    """Where a pinhole camera sees the page's corners (TL, TR, BR, BL) for a given pose.

    The page lies in a plane tilted by ``tilt_x``/``tilt_y`` degrees about its axes and
    turned by ``roll``; the camera's focal length is ``focal`` × the image's long side and
    its principal point the image centre; the distance is chosen so that the page spans
    about ``fill`` of the image height; ``shift`` moves it (share of the image size).
    """
    width, height = page_size
    half = np.array([[-width / 2, -height / 2, 0], [width / 2, -height / 2, 0], [width / 2, height / 2, 0],
                     [-width / 2, height / 2, 0]], float)
    ax, ay, az = np.deg2rad([tilt_x, tilt_y, roll])
    rx = np.array([[1, 0, 0], [0, np.cos(ax), -np.sin(ax)], [0, np.sin(ax), np.cos(ax)]])
    ry = np.array([[np.cos(ay), 0, np.sin(ay)], [0, 1, 0], [-np.sin(ay), 0, np.cos(ay)]])
    rz = np.array([[np.cos(az), -np.sin(az), 0], [np.sin(az), np.cos(az), 0], [0, 0, 1]])
    points = half @ (rz @ ry @ rx).T
    f = focal * max(image_size)
    distance = f * height / (fill * image_size[1])
    cx = (image_size[0] - 1) / 2 + shift[0] * image_size[0]
    cy = (image_size[1] - 1) / 2 + shift[1] * image_size[1]
    z = points[:, 2] + distance
    u = f * points[:, 0] / z + cx
    v = f * points[:, 1] / z + cy
    # Principal point at the image centre: the shift moves the page, not the camera axis.
    return [(float(x), float(y)) for x, y in zip(u, v, strict=True)]


def photograph(scene: Scene, corners: list[tuple[float, float]], size: tuple[int, int], *, seed: int = 0,
               shading: float = 0.25, noise: float = 4.0, blur: float = 0.8, paper_tint=(232, 240, 245)) -> Scene:
    """A phone photo: the page warped to ``corners`` (TL, TR, BR, BL) on a desk, with uneven light.

    Returns a BGR image.
    """
    height, width = scene.image.shape[:2]
    page = scene.image if scene.image.ndim == 3 else cv2.cvtColor(scene.image, cv2.COLOR_GRAY2BGR)
    tint = np.array(paper_tint, np.float32) / 255.0
    page = (page.astype(np.float32) * tint).astype(np.uint8)
    source = np.array([[-0.5, -0.5], [width - 0.5, -0.5], [width - 0.5, height - 0.5], [-0.5, height - 0.5]],
                      np.float32)
    matrix = cv2.getPerspectiveTransform(source, np.array(corners, np.float32)).astype(np.float64)
    out_w, out_h = size
    warped = cv2.warpPerspective(page, matrix, (out_w, out_h), flags=cv2.INTER_AREA | cv2.INTER_LINEAR,
                                 borderMode=cv2.BORDER_CONSTANT, borderValue=(0, 0, 0))
    mask = cv2.warpPerspective(np.full((height, width), 255, np.uint8), matrix, (out_w, out_h),
                               flags=cv2.INTER_LINEAR)
    alpha = (mask.astype(np.float32) / 255.0)[:, :, None]
    desk = textured_background(size, seed)
    photo = warped.astype(np.float32) * alpha + desk.astype(np.float32) * (1 - alpha)
    # Light falling off from one corner.
    yy, xx = np.mgrid[0:out_h, 0:out_w].astype(np.float32)
    light = 1.0 - shading * (xx / out_w * 0.6 + yy / out_h * 0.4)
    photo *= light[:, :, None]
    rng = np.random.default_rng(seed + 1)
    photo += rng.normal(0, noise, photo.shape).astype(np.float32)
    photo = np.clip(photo, 0, 255).astype(np.uint8)
    if blur > 0:
        photo = cv2.GaussianBlur(photo, (0, 0), blur)
    extra = _moved_extra(scene, matrix)
    return Scene(image=photo, page_to_image=matrix @ scene.page_to_image, marks=scene.marks, lines=scene.lines,
                 page_size=scene.page_size, extra=extra)


def book_spread(left: Scene, right: Scene, *, gutter_shadow: float = 0.45, shadow_width: float = 0.05,
                seed: int = 0) -> Scene:
    """Two gray pages side by side with the binding's shadow between them (one landscape image).

    ``page_to_image`` is the left page's; ``extra['right_to_image']`` the right page's.
    """
    height = max(left.image.shape[0], right.image.shape[0])
    lw, rw = left.image.shape[1], right.image.shape[1]
    canvas = np.full((height, lw + rw), 255, np.uint8)
    canvas[:left.image.shape[0], :lw] = left.image
    canvas[:right.image.shape[0], lw:] = right.image
    xx = np.arange(lw + rw, dtype=np.float32)
    sigma = shadow_width * (lw + rw) / 2
    shade = 1.0 - gutter_shadow * np.exp(-0.5 * ((xx - lw + 0.5) / sigma) ** 2)
    spread = np.clip(canvas.astype(np.float32) * shade[None, :], 0, 255).astype(np.uint8)
    shift = np.array([[1, 0, lw], [0, 1, 0], [0, 0, 1]], float)
    extra = dict(left.extra, right_to_image=shift @ right.page_to_image, right_marks=right.marks)
    return Scene(image=spread, page_to_image=left.page_to_image, marks=left.marks, lines=left.lines,
                 page_size=left.page_size, extra=extra)


def scanner_borders(scene: Scene, *, top: int = 60, left: int = 40, right: int = 25, bottom: int = 0,
                    level: int = 15) -> Scene:
    """Dark bands around the page, as a flatbed scan with the lid open gives."""
    image = cv2.copyMakeBorder(scene.image, top, bottom, left, right, cv2.BORDER_CONSTANT, value=level)
    shift = np.array([[1, 0, left], [0, 1, top], [0, 0, 1]], float)
    return Scene(image=image, page_to_image=shift @ scene.page_to_image, marks=scene.marks, lines=scene.lines,
                 page_size=scene.page_size, extra=_moved_extra(scene, shift))


def degrade(scene: Scene, *, blur: float = 0.0, noise: float = 0.0, ink: int | None = None,
            paper: int | None = None, jpeg: int | None = None, seed: int = 0) -> Scene:
    """Blur (Gaussian sigma, px), noise, contrast (gray levels of ink and paper) and JPEG compression."""
    image = scene.image.astype(np.float32)
    if ink is not None or paper is not None:
        low, high = (ink if ink is not None else 0), (paper if paper is not None else 255)
        image = low + image * (high - low) / 255.0
    if blur > 0:
        image = cv2.GaussianBlur(image, (0, 0), blur)
    if noise > 0:
        image += np.random.default_rng(seed).normal(0, noise, image.shape).astype(np.float32)
    image = np.clip(image, 0, 255).astype(np.uint8)
    if jpeg:
        buffer = io.BytesIO()
        Image.fromarray(image).save(buffer, format="JPEG", quality=jpeg)
        image = np.array(Image.open(io.BytesIO(buffer.getvalue())))
    return Scene(image=image, page_to_image=scene.page_to_image, marks=scene.marks, lines=scene.lines,
                 page_size=scene.page_size, extra=dict(scene.extra))


def red_stamp(scene: Scene, centre: tuple[float, float], radius: float, *, seed: int = 0) -> Scene:
    """A red round stamp (rings, star, lettering) overprinted on the page (page coordinates); BGR."""
    image = scene.image if scene.image.ndim == 3 else cv2.cvtColor(scene.image, cv2.COLOR_GRAY2BGR)
    centre_px = apply(scene.page_to_image, [centre])[0]
    stamp = Image.new("L", image.shape[1::-1], 0)
    draw = ImageDraw.Draw(stamp)
    cx, cy = centre_px
    for ring, width in ((radius, max(3, int(radius * 0.05))), (radius * 0.72, max(2, int(radius * 0.025)))):
        draw.ellipse((cx - ring, cy - ring, cx + ring, cy + ring), outline=255, width=width)
    font = ImageFont.truetype(FONT_BOLD, max(10, int(radius * 0.17)))
    text = "ỦY BAN NHÂN DÂN XÃ QUỲNH HƯNG * "
    for index, char in enumerate(text):
        angle = -np.pi / 2 + 2 * np.pi * index / len(text)
        x, y = cx + radius * 0.86 * np.cos(angle), cy + radius * 0.86 * np.sin(angle)
        draw.text((x, y), char, font=font, fill=255, anchor="mm")
    star = [(cx + radius * (0.3 if k % 2 else 0.12) * np.cos(-np.pi / 2 + k * np.pi / 5),
             cy + radius * (0.3 if k % 2 else 0.12) * np.sin(-np.pi / 2 + k * np.pi / 5)) for k in range(10)]
    draw.polygon(star, fill=255)
    coverage = np.asarray(stamp, np.float32)[:, :, None] / 255.0 * 0.85
    red_ink = np.array([40, 30, 215], np.float32)   # BGR
    # Ink multiplies: black print under the stamp stays black.
    blended = image.astype(np.float32) * (1 - coverage + coverage * red_ink / 255.0)
    return Scene(image=np.clip(blended, 0, 255).astype(np.uint8), page_to_image=scene.page_to_image,
                 marks=scene.marks, lines=scene.lines, page_size=scene.page_size, extra=dict(scene.extra))


def find_marks(gray: np.ndarray, expected_radius_px: float) -> list[tuple[float, float]]:
    """Centres of the round fiducial marks in an image: solid discs of about the expected radius."""
    binary = (gray < 128).astype(np.uint8)
    count, _, stats, centroids = cv2.connectedComponentsWithStats(binary, connectivity=8)
    found = []
    for index in range(1, count):
        w, h, area = stats[index, 2], stats[index, 3], stats[index, 4]
        disc = np.pi * expected_radius_px ** 2
        if 0.6 * disc <= area <= 1.5 * disc and 0.75 <= w / max(h, 1) <= 1.33 and area / (w * h) > 0.68:
            found.append((float(centroids[index][0]), float(centroids[index][1])))
    return found
