"""Degradation levels: how a clean rendering becomes a scan, a poor copy, a phone photo or a book spread.

Every geometric change is one 3×3 matrix per page, so the ground-truth boxes
are carried through exactly: a box's four corners go through the same matrix
and the truth keeps their bounding box. Photometric changes (ink fading,
yellowing, light, noise, blur, JPEG) never move anything.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np

LEVELS = ("clean", "scan", "poor", "phone", "spread")


@dataclass(frozen=True)
class Degraded:
    """The final image (BGR, as OpenCV reads files), one matrix per source page, and what was drawn."""

    image: np.ndarray
    matrices: tuple[np.ndarray, ...]
    params: dict
    jpeg: bytes | None
    dpi: int


def draw_params(level: str, rng: np.random.Generator) -> dict:
    """Draw the parameters of one level (before rendering: the scan resolution decides the page size)."""
    if level not in LEVELS:
        raise ValueError(f"unknown degradation level {level!r}; one of {', '.join(LEVELS)}")
    u = lambda low, high: round(float(rng.uniform(low, high)), 3)  # noqa: E731 - short local helper
    if level == "clean":
        return {"level": "clean", "dpi": 300}
    if level == "scan":
        return {"level": "scan", "dpi": int(rng.choice((200, 240, 300, 300))), "skew_deg": u(-3, 3),
                "noise_sigma": u(1.0, 4.0), "blur_sigma": u(0.3, 0.9), "jpeg_quality": int(rng.integers(75, 93)),
                "yellowing": u(0.0, 0.08), "ink_fade": u(0.85, 1.0)}
    if level == "poor":
        rotation = int(rng.choice((0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 90, 180, 270)))
        return {"level": "poor", "dpi": int(rng.choice((150, 200, 200, 300))), "skew_deg": u(-8, 8),
                "rotation_deg": rotation, "noise_sigma": u(5, 13), "blur_sigma": u(0.7, 1.6),
                "jpeg_quality": int(rng.integers(50, 80)), "yellowing": u(0.05, 0.2), "ink_fade": u(0.4, 0.8),
                "contrast": u(0.55, 0.85), "illumination": u(0.12, 0.35), "speckles": int(rng.integers(200, 2500)),
                "fold": bool(rng.random() < 0.6), "fold_position": u(0.3, 0.7),
                "fold_vertical": bool(rng.random() < 0.4)}
    if level == "phone":
        return {"level": "phone", "dpi": 300, "frame": str(rng.choice(("3024x4032", "2250x3000", "3000x4000"))),
                "fill": u(0.72, 0.93), "corner_jitter": u(0.01, 0.07), "rotate_deg": u(-7, 7),
                "noise_sigma": u(2, 7), "blur_sigma": u(0.6, 1.6), "jpeg_quality": int(rng.integers(68, 91)),
                "light_gradient": u(0.1, 0.4), "shadow": bool(rng.random() < 0.6), "shadow_strength": u(0.15, 0.4),
                "background": str(rng.choice(("wood", "dark", "cloth", "desk")))}
    return {"level": "spread", "dpi": int(rng.choice((200, 240, 300))), "skew_deg": u(-2, 2),
            "gutter_shadow": u(0.3, 0.65), "gutter_width": u(0.03, 0.08), "edge_shadow": u(0.05, 0.25),
            "noise_sigma": u(2, 6), "blur_sigma": u(0.4, 1.0), "jpeg_quality": int(rng.integers(72, 91)),
            "yellowing": u(0.03, 0.15), "lid": str(rng.choice(("dark", "white")))}


# --------------------------------------------------------------------------- helpers
# Pages stay uint8 throughout: per-pixel colour changes are lookup tables, light changes one multiply by an
# 8-bit field, so a 300 dpi A4 page degrades in a few tenths of a second on one core.

def _translate(dx: float, dy: float) -> np.ndarray:
    return np.array([[1, 0, dx], [0, 1, dy], [0, 0, 1]], dtype=np.float64)


def _rotate(angle_deg: float, cx: float, cy: float) -> np.ndarray:
    matrix = np.eye(3)
    matrix[:2] = cv2.getRotationMatrix2D((cx, cy), angle_deg, 1.0)
    return matrix


def _tone_lut(fade: float = 1.0, yellowing: float = 0.0, contrast: float = 1.0, pivot: float = 200.0) -> np.ndarray:
    """One lookup table (256×1×3, BGR) for faded ink, aged paper and low contrast."""
    level = np.arange(256, dtype=np.float32)
    level = 255.0 - (255.0 - level) * fade                 # ink moves toward the paper
    level = pivot + (level - pivot) * contrast               # flatter tones
    factors = np.array([1 - yellowing * 1.6, 1 - yellowing * 0.5, 1.0], dtype=np.float32)   # B, G, R
    table = np.clip(level[:, None] * factors[None, :], 0, 255).astype(np.uint8)
    return table.reshape(256, 1, 3)


def _apply_lut(image: np.ndarray, table: np.ndarray) -> np.ndarray:
    return cv2.LUT(image, table)


def _light(image: np.ndarray, field: np.ndarray) -> np.ndarray:
    """Multiply by a light field (float, around 1, any size; resized to the image)."""
    h, w = image.shape[:2]
    if field.shape[:2] != (h, w):
        field = cv2.resize(field, (w, h), interpolation=cv2.INTER_LINEAR)
    field8 = np.clip(field * 255.0, 0, 255).astype(np.uint8)
    return cv2.multiply(image, cv2.cvtColor(field8, cv2.COLOR_GRAY2BGR), scale=1 / 255.0)


def _noise(image: np.ndarray, sigma: float, rng: np.random.Generator) -> np.ndarray:
    """Gray sensor noise from a tiled random block (fast; the tiling is invisible at this scale)."""
    h, w = image.shape[:2]
    tile = np.rint(rng.normal(0.0, sigma, (509, 503))).astype(np.int16)
    tile = np.repeat(tile[:, :, None], 3, axis=2)
    reps = (h // tile.shape[0] + 2, w // tile.shape[1] + 2, 1)
    oy, ox = int(rng.integers(0, tile.shape[0])), int(rng.integers(0, tile.shape[1]))
    noise = np.ascontiguousarray(np.tile(tile, reps)[oy:oy + h, ox:ox + w])
    return cv2.add(image, noise, dtype=cv2.CV_8U)


def _smooth_field(shape: tuple[int, int], strength: float, rng: np.random.Generator, cells: int = 4) -> np.ndarray:
    """A smooth light field around 1, small (resized when applied)."""
    coarse = rng.uniform(1 - strength, 1.0, (cells, cells)).astype(np.float32)
    small = (max(2, shape[0] // 16), max(2, shape[1] // 16))
    return cv2.resize(coarse, (small[1], small[0]), interpolation=cv2.INTER_CUBIC)


def _blur(image: np.ndarray, sigma: float) -> np.ndarray:
    if sigma <= 0.05:
        return image
    return cv2.GaussianBlur(image, (0, 0), sigma)


def _jpeg(image: np.ndarray, quality: int) -> tuple[np.ndarray, bytes]:
    ok, buffer = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, int(quality)])
    if not ok:
        raise RuntimeError("JPEG encoding failed")
    data = buffer.tobytes()
    return cv2.imdecode(buffer, cv2.IMREAD_COLOR), data


def _finish(image: np.ndarray, params: dict, rng: np.random.Generator) -> tuple[np.ndarray, bytes | None]:
    """Blur, noise and JPEG, common to every degraded level."""
    image = _blur(image, params.get("blur_sigma", 0.0) * params.get("dpi", 300) / 300)
    if params.get("noise_sigma"):
        image = _noise(image, params["noise_sigma"], rng)
    if params.get("jpeg_quality"):
        return _jpeg(image, params["jpeg_quality"])
    return image, None


# --------------------------------------------------------------------------- levels

def degrade(pages: list[np.ndarray], params: dict, rng: np.random.Generator) -> Degraded:
    """Apply the level in ``params`` to rendered pages (RGB uint8); two pages only for ``spread``."""
    level = params["level"]
    bgr = [cv2.cvtColor(page, cv2.COLOR_RGB2BGR) for page in pages]
    if level == "clean":
        return Degraded(bgr[0], (np.eye(3),), params, None, params["dpi"])
    if level == "scan":
        return _scan(bgr[0], params, rng)
    if level == "poor":
        return _poor(bgr[0], params, rng)
    if level == "phone":
        return _phone(bgr[0], params, rng)
    return _spread(bgr, params, rng)


def _scan(page: np.ndarray, params: dict, rng: np.random.Generator) -> Degraded:
    h, w = page.shape[:2]
    image = _apply_lut(page, _tone_lut(params["ink_fade"], params["yellowing"]))
    matrix = _rotate(params["skew_deg"], w / 2, h / 2)
    bed = int(rng.integers(225, 251))
    image = cv2.warpPerspective(image, matrix, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT,
                                borderValue=(bed, bed, bed))
    out, data = _finish(image, params, rng)
    return Degraded(out, (matrix,), params, data, params["dpi"])


def _poor(page: np.ndarray, params: dict, rng: np.random.Generator) -> Degraded:
    h, w = page.shape[:2]
    image = _apply_lut(page, _tone_lut(params["ink_fade"], params["yellowing"], params["contrast"]))
    field = _smooth_field((h, w), params["illumination"], rng)
    field = cv2.resize(field, (w // 4, h // 4), interpolation=cv2.INTER_LINEAR)
    if params["fold"]:
        field = _fold(field, params["fold_position"], params["fold_vertical"], scale=4)
    image = _light(image, field)
    _speckles(image, params["speckles"], rng, params["dpi"])
    if params["fold"]:   # the crease itself: a thin dark line
        at = int(params["fold_position"] * (w if params["fold_vertical"] else h))
        points = ((at, 0), (at, h)) if params["fold_vertical"] else ((0, at), (w, at))
        cv2.line(image, *points, (150, 150, 150), max(1, params["dpi"] // 200), cv2.LINE_AA)
    matrix = _rotate(params["skew_deg"], w / 2, h / 2)
    bed = int(rng.integers(200, 246))
    image = cv2.warpPerspective(image, matrix, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT,
                                borderValue=(bed, bed, bed))
    rotation = params["rotation_deg"]
    if rotation:
        turns = rotation // 90            # counter-clockwise quarter turns
        image = np.ascontiguousarray(np.rot90(image, k=turns))
        matrix = _quarter_turns(turns, w, h) @ matrix
    out, data = _finish(image, params, rng)
    return Degraded(out, (matrix,), params, data, params["dpi"])


def _quarter_turns(turns: int, w: int, h: int) -> np.ndarray:
    """The matrix of ``np.rot90(image, k=turns)`` on an image ``w`` wide and ``h`` high."""
    turns %= 4
    if turns == 1:   # (x, y) -> (y, w - 1 - x)
        return np.array([[0, 1, 0], [-1, 0, w - 1], [0, 0, 1]], dtype=np.float64)
    if turns == 2:
        return np.array([[-1, 0, w - 1], [0, -1, h - 1], [0, 0, 1]], dtype=np.float64)
    if turns == 3:   # (x, y) -> (h - 1 - y, x)
        return np.array([[0, -1, h - 1], [1, 0, 0], [0, 0, 1]], dtype=np.float64)
    return np.eye(3)


def _speckles(image: np.ndarray, count: int, rng: np.random.Generator, dpi: int) -> None:
    h, w = image.shape[:2]
    ys = rng.integers(0, h, count)
    xs = rng.integers(0, w, count)
    radii = rng.integers(1, max(2, dpi // 100) + 1, count)
    shades = rng.integers(40, 160, count)
    for x, y, r, shade in zip(xs, ys, radii, shades, strict=True):
        cv2.circle(image, (int(x), int(y)), int(r), (int(shade),) * 3, -1)


def _fold(field: np.ndarray, position: float, vertical: bool, scale: int) -> np.ndarray:
    """A fold's soft shadow on one side of the crease, multiplied into a light field."""
    h, w = field.shape[:2]
    length = w if vertical else h
    at = position * length
    distance = np.arange(length, dtype=np.float32) - at
    profile = 1.0 - 0.3 * np.exp(-(distance * scale / 3.0) ** 2) \
        - 0.12 * np.exp(-np.maximum(distance, 0) / (length * 0.03))
    profile = profile.astype(np.float32)
    return field * (profile[None, :] if vertical else profile[:, None])


def _background(params: dict, shape: tuple[int, int], rng: np.random.Generator) -> np.ndarray:
    h, w = shape
    kind = params["background"]
    base = {"wood": (60, 105, 150), "dark": (45, 45, 50), "cloth": (120, 80, 60), "desk": (190, 195, 200)}[kind]
    small = rng.normal(0, 1, (max(2, h // 40), max(2, w // 40))).astype(np.float32)
    if kind == "wood":   # grain: streaks along one direction
        small = cv2.GaussianBlur(small, (0, 0), sigmaX=6, sigmaY=0.5)
    field = cv2.resize(small, (w, h), interpolation=cv2.INTER_CUBIC)
    layers = [np.clip(base[channel] + field * 14, 0, 255).astype(np.uint8) for channel in range(3)]
    return cv2.merge(layers)


def _phone(page: np.ndarray, params: dict, rng: np.random.Generator) -> Degraded:
    h, w = page.shape[:2]
    frame_w, frame_h = (int(v) for v in params["frame"].split("x"))
    if w > h:
        frame_w, frame_h = frame_h, frame_w
    scale = min(frame_w / w, frame_h / h) * params["fill"]
    cx, cy = frame_w / 2 + rng.uniform(-0.04, 0.04) * frame_w, frame_h / 2 + rng.uniform(-0.04, 0.04) * frame_h
    angle = math.radians(params["rotate_deg"])
    corners = np.array([[0, 0], [w, 0], [w, h], [0, h]], dtype=np.float64)
    centred = (corners - [w / 2, h / 2]) * scale
    rotated = centred @ np.array([[math.cos(angle), math.sin(angle)], [-math.sin(angle), math.cos(angle)]])
    jitter = rng.uniform(-1, 1, (4, 2)) * params["corner_jitter"] * np.array([frame_w, frame_h])
    # Perspective: one edge (the far one) shorter, as when the phone is tilted.
    tilt = rng.uniform(0.0, 0.06)
    far = int(rng.integers(0, 4))
    shrink = np.zeros((4, 2))
    if far in (0, 2):   # top or bottom edge
        a, b = (0, 1) if far == 0 else (3, 2)
        shrink[a, 0] += tilt * w * scale
        shrink[b, 0] -= tilt * w * scale
    else:               # left or right edge
        a, b = (0, 3) if far == 3 else (1, 2)
        shrink[a, 1] += tilt * h * scale
        shrink[b, 1] -= tilt * h * scale
    target = rotated + [cx, cy] + jitter + shrink
    matrix = cv2.getPerspectiveTransform(corners.astype(np.float32), target.astype(np.float32)).astype(np.float64)
    image = _background(params, (frame_h, frame_w), rng)
    cv2.warpPerspective(page, matrix, (frame_w, frame_h), dst=image, flags=cv2.INTER_LINEAR,
                        borderMode=cv2.BORDER_TRANSPARENT)
    # Light: a gradient across the frame and, often, the phone's or a hand's soft shadow (a small field).
    sw, sh = frame_w // 8, frame_h // 8
    gx = np.linspace(0, 1, sw, dtype=np.float32)
    gy = np.linspace(0, 1, sh, dtype=np.float32)
    direction = rng.uniform(0, math.tau)
    gradient = np.cos(direction) * gx[None, :] + np.sin(direction) * gy[:, None]
    field = 1.0 - params["light_gradient"] * (gradient - gradient.min()) / max(1e-6, float(np.ptp(gradient)))
    if params["shadow"]:
        shadow = np.ones((sh, sw), dtype=np.float32)
        points = (rng.uniform(0, 1, (4, 2)) * [sw, sh]).astype(np.int32)
        edge = int(rng.integers(0, 4))
        anchors = {0: [[0, 0], [sw, 0]], 1: [[0, sh], [sw, sh]], 2: [[0, 0], [0, sh]], 3: [[sw, 0], [sw, sh]]}
        points[:2] = anchors[edge]
        cv2.fillPoly(shadow, [cv2.convexHull(points)], 1.0 - params["shadow_strength"])
        field = field * cv2.GaussianBlur(shadow, (0, 0), sw * 0.06)
    image = _light(image, field.astype(np.float32))
    out, data = _finish(image, params, rng)
    width_px = float(np.linalg.norm(target[1] - target[0]) + np.linalg.norm(target[2] - target[3])) / 2
    dpi = int(round(width_px / (w / params["dpi"])))
    return Degraded(out, (matrix,), {**params, "effective_dpi": dpi}, data, dpi)


def _spread(pages: list[np.ndarray], params: dict, rng: np.random.Generator) -> Degraded:
    left, right = pages[0], pages[1]
    h = max(left.shape[0], right.shape[0])
    w = left.shape[1] + right.shape[1]
    margin = int(params["dpi"] * rng.uniform(0.25, 0.6))
    canvas_h, canvas_w = h + 2 * margin, w + 2 * margin
    lid = 40 if params["lid"] == "dark" else 235
    image = np.full((canvas_h, canvas_w, 3), lid, dtype=np.uint8)
    offsets = [(margin, margin), (margin + left.shape[1], margin)]
    for page, (ox, oy) in zip(pages, offsets, strict=True):
        image[oy:oy + page.shape[0], ox:ox + page.shape[1]] = page
    image = _apply_lut(image, _tone_lut(1.0, params["yellowing"]))
    # The gutter: darkest at the seam, fading over a few percent of the width; page edges darker too.
    x = np.arange(canvas_w, dtype=np.float32)
    seam = margin + left.shape[1]
    gutter = 1.0 - params["gutter_shadow"] * np.exp(-np.abs(x - seam) / (params["gutter_width"] * w))
    edges = 1.0 - params["edge_shadow"] * (np.exp(-np.abs(x - margin) / (0.02 * w))
                                           + np.exp(-np.abs(x - (margin + w)) / (0.02 * w)))
    profile = np.clip(gutter * edges, 0, 1).astype(np.float32)
    image = _light(image, np.repeat(profile[None, :], 4, axis=0))
    matrix = _rotate(params["skew_deg"], canvas_w / 2, canvas_h / 2)
    image = cv2.warpPerspective(image, matrix, (canvas_w, canvas_h), flags=cv2.INTER_LINEAR,
                                borderMode=cv2.BORDER_CONSTANT, borderValue=(lid, lid, lid))
    out, data = _finish(image, params, rng)
    matrices = tuple(matrix @ _translate(ox, oy) for ox, oy in offsets)
    return Degraded(out, matrices, params, data, params["dpi"])


def transform_box(box: tuple[float, float, float, float], matrix: np.ndarray, width: int,
                  height: int) -> list[int] | None:
    """``[x, y, w, h]`` of a drawing box ``(x0, y0, x1, y1)`` after ``matrix``, clipped to the image."""
    x0, y0, x1, y1 = box
    corners = np.array([[x0, y0, 1], [x1, y0, 1], [x1, y1, 1], [x0, y1, 1]], dtype=np.float64).T
    mapped = matrix @ corners
    xs = mapped[0] / mapped[2]
    ys = mapped[1] / mapped[2]
    left = max(0, int(math.floor(xs.min())))
    top = max(0, int(math.floor(ys.min())))
    right = min(width, int(math.ceil(xs.max())))
    bottom = min(height, int(math.ceil(ys.max())))
    if right <= left or bottom <= top:
        return None
    return [left, top, right - left, bottom - top]
