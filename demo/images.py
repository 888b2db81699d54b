"""Product pictures for the demo catalog, drawn with Pillow: one per product and colour.

Each picture is a flat illustration: the silhouette of what the category sells (a shirt, a pan, headphones,
a tent...) in the variant's colour, on a soft background tinted per product, with a shadow beneath. It is
drawn at twice its largest size and scaled down, which smooths the edges. Deterministic: the same product
and colour always give the same picture.
"""

import colorsys
import io
from collections.abc import Callable
from random import Random

from PIL import Image, ImageDraw, ImageFilter

# The widths written for every picture (the largest is the stored original); square pictures.
RENDITION_WIDTHS = (320, 480, 800)
_SCALE = 2
_FINAL = RENDITION_WIDTHS[-1]
_SIZE = _FINAL * _SCALE

COLOURS: dict[str, tuple[int, int, int]] = {
    "black": (38, 38, 42),
    "white": (244, 243, 238),
    "navy": (31, 45, 84),
    "olive": (104, 112, 58),
    "grey": (132, 136, 142),
    "sand": (214, 191, 150),
    "burgundy": (122, 31, 52),
    "sky blue": (126, 182, 226),
    "silver": (196, 200, 206),
    "midnight blue": (28, 36, 66),
    "brass": (190, 150, 70),
    "sage green": (150, 172, 140),
    # Jeans washes.
    "light": (142, 172, 206),
    "mid": (76, 108, 152),
    "dark": (36, 52, 88),
}
# A colour for products sold in one colour only, by category code.
_DEFAULT_COLOURS: dict[str, tuple[str, ...]] = {
    "SNK": ("white", "black", "sky blue", "grey"),
    "BOT": ("brass", "black", "sand"),
    "CKW": ("black", "silver", "burgundy"),
    "KNF": ("silver",),
    "COF": ("silver", "black", "white"),
    "PIL": ("white", "sand"),
    "LTP": ("silver", "grey", "black"),
    "KBD": ("black", "white", "grey"),
    "TNT": ("olive", "sand", "sky blue", "burgundy"),
    "SLB": ("navy", "olive", "burgundy"),
    "DMB": ("black", "grey"),
}

Point = tuple[float, float]


def colour_rgb(name: str) -> tuple[int, int, int] | None:
    """The RGB of a colour name the demo catalog uses, or None for an unknown one."""
    return COLOURS.get(name.strip().lower())


def default_colour(code: str, rng: Random) -> str:
    return rng.choice(_DEFAULT_COLOURS.get(code, ("navy", "olive", "burgundy", "sky blue")))


def _shade(rgb: tuple[int, int, int], factor: float) -> tuple[int, int, int]:
    """Lighter (factor > 1) or darker (< 1), staying a readable colour even for black and white."""
    if factor >= 1:
        return tuple(min(255, int(c + (255 - c) * (factor - 1))) for c in rgb)
    return tuple(max(0, int(c * factor)) for c in rgb)


def _background(rng: Random) -> Image.Image:
    """A pale, slightly warm vertical gradient whose hue differs per product."""
    hue = rng.random()
    top = tuple(int(c * 255) for c in colorsys.hls_to_rgb(hue, 0.95, 0.35))
    bottom = tuple(int(c * 255) for c in colorsys.hls_to_rgb(hue, 0.88, 0.30))
    gradient = Image.new("RGB", (1, 64))
    for y in range(64):
        t = y / 63
        gradient.putpixel((0, y), tuple(int(a + (b - a) * t) for a, b in zip(top, bottom, strict=True)))
    return gradient.resize((_SIZE, _SIZE), Image.Resampling.BILINEAR)


def _shadow(image: Image.Image, box: tuple[float, float, float, float]) -> None:
    """A soft elliptic shadow, blurred at an eighth of the size (blurring the full canvas is slow)."""
    small = Image.new("L", (_SIZE // 16, _SIZE // 16), 0)
    ImageDraw.Draw(small).ellipse(tuple(v / 16 for v in box), fill=70)
    layer = small.filter(ImageFilter.GaussianBlur(2)).resize(image.size, Image.Resampling.BILINEAR)
    image.paste((0, 0, 0), mask=layer)


def _s(points: list[Point]) -> list[Point]:
    """Points given on a 100 x 100 grid, scaled to the canvas."""
    return [(x * _SIZE / 100, y * _SIZE / 100) for x, y in points]


def _box(x0: float, y0: float, x1: float, y1: float) -> tuple[float, float, float, float]:
    k = _SIZE / 100
    return (x0 * k, y0 * k, x1 * k, y1 * k)


def _w(width: float) -> int:
    return max(1, int(width * _SIZE / 100))


def _top(d: ImageDraw.ImageDraw, rgb, *, long_sleeves: bool = True, collar: bool = True, knit: bool = False) -> None:
    """A shirt, t-shirt, jacket or jumper seen from the front."""
    dark, light = _shade(rgb, 0.78), _shade(rgb, 1.15)
    sleeve_end = 72 if long_sleeves else 46
    d.polygon(_s([(34, 22), (20, 28), (12, sleeve_end), (22, sleeve_end + 2), (28, 44)]), fill=dark)
    d.polygon(_s([(66, 22), (80, 28), (88, sleeve_end), (78, sleeve_end + 2), (72, 44)]), fill=dark)
    d.polygon(_s([(34, 22), (43, 19), (50, 24), (57, 19), (66, 22), (72, 40), (70, 82), (30, 82), (28, 40)]), fill=rgb)
    d.polygon(_s([(30, 78), (70, 78), (70, 82), (30, 82)]), fill=dark)
    if collar:
        d.polygon(_s([(43, 19), (50, 30), (46, 33), (40, 22)]), fill=light)
        d.polygon(_s([(57, 19), (50, 30), (54, 33), (60, 22)]), fill=light)
        d.line(_s([(50, 30), (50, 80)]), fill=dark, width=_w(0.6))
        for y in (38, 48, 58, 68):
            d.ellipse(_box(49.2, y, 50.8, y + 1.6), fill=light)
    else:
        d.arc(_box(42, 14, 58, 28), 20, 160, fill=dark, width=_w(1.4))
    if knit:
        for x in range(33, 69, 4):
            d.line(_s([(x, 76), (x, 82)]), fill=dark, width=_w(0.5))


def _shirt(d, rgb):
    _top(d, rgb)


def _tshirt(d, rgb):
    _top(d, rgb, long_sleeves=False, collar=False)


def _jacket(d, rgb):
    _top(d, rgb)
    d.line(_s([(50, 30), (50, 82)]), fill=_shade(rgb, 1.3), width=_w(0.9))
    d.rectangle(_box(33, 58, 43, 61), fill=_shade(rgb, 0.7))
    d.rectangle(_box(57, 58, 67, 61), fill=_shade(rgb, 0.7))


def _knit(d, rgb):
    _top(d, rgb, collar=False, knit=True)


def _trousers(d, rgb):
    dark = _shade(rgb, 0.75)
    d.polygon(_s([(32, 16), (68, 16), (72, 86), (56, 86), (50, 38), (44, 86), (28, 86)]), fill=rgb)
    d.rectangle(_box(32, 16, 68, 22), fill=dark)
    d.line(_s([(50, 22), (50, 38)]), fill=dark, width=_w(0.7))
    d.arc(_box(33, 20, 45, 32), 0, 90, fill=dark, width=_w(0.7))
    d.arc(_box(55, 20, 67, 32), 90, 180, fill=dark, width=_w(0.7))


def _jeans(d, rgb):
    _trousers(d, rgb)
    stitch = (214, 160, 80)
    for x0, x1 in ((30.5, 47), (53, 69.5)):
        d.line(_s([(x0, 84), (x1, 84)]), fill=stitch, width=_w(0.5))


def _dress(d, rgb):
    dark = _shade(rgb, 0.8)
    d.polygon(_s([(40, 14), (44, 14), (46, 22), (54, 22), (56, 14), (60, 14), (62, 40), (38, 40)]), fill=rgb)
    d.polygon(_s([(38, 40), (62, 40), (78, 86), (22, 86)]), fill=rgb)
    d.rectangle(_box(38, 39, 62, 43), fill=dark)
    for x in (40, 50, 60):
        d.line(_s([(x + (x - 50) * 0.1, 44), (x + (x - 50) * 0.6, 86)]), fill=dark, width=_w(0.5))


def _shoe(d, rgb, *, boot: bool = False):
    dark, sole = _shade(rgb, 0.7), (250, 250, 246) if sum(rgb) < 600 else (60, 60, 64)
    if boot:
        d.polygon(_s([(24, 26), (46, 26), (48, 56), (80, 64), (84, 74), (20, 74)]), fill=rgb)
        d.rectangle(_box(24, 26, 46, 31), fill=dark)
    else:
        d.polygon(_s([(16, 50), (38, 42), (52, 50), (78, 56), (86, 66), (84, 72), (16, 72)]), fill=rgb)
        for x in (40, 45, 50):
            d.line(_s([(x, 46), (x + 4, 52)]), fill=dark, width=_w(0.8))
    d.rounded_rectangle(_box(14, 72, 88, 80), radius=_w(3), fill=sole)


def _sneaker(d, rgb):
    _shoe(d, rgb)


def _boot(d, rgb):
    _shoe(d, rgb, boot=True)


def _pan(d, rgb):
    d.rounded_rectangle(_box(60, 50, 94, 56), radius=_w(3), fill=(70, 52, 40))
    d.ellipse(_box(10, 34, 66, 72), fill=_shade(rgb, 0.7))
    d.ellipse(_box(14, 38, 62, 66), fill=rgb)
    d.ellipse(_box(20, 42, 44, 54), fill=_shade(rgb, 1.25))


def _knife(d, rgb):
    d.polygon(_s([(14, 52), (62, 44), (64, 56), (18, 58)]), fill=rgb)
    d.line(_s([(16, 56), (62, 52)]), fill=_shade(rgb, 1.3), width=_w(0.8))
    d.rounded_rectangle(_box(62, 44, 90, 56), radius=_w(3), fill=(58, 40, 30))
    for x in (70, 78):
        d.ellipse(_box(x, 48.5, x + 3, 51.5), fill=(200, 200, 205))


def _teapot(d, rgb):
    dark = _shade(rgb, 0.75)
    d.arc(_box(58, 36, 84, 66), -90, 90, fill=dark, width=_w(3))
    d.polygon(_s([(26, 50), (12, 36), (16, 34), (32, 46)]), fill=rgb)
    d.ellipse(_box(24, 30, 68, 78), fill=rgb)
    d.rectangle(_box(30, 72, 62, 78), fill=dark)
    d.ellipse(_box(36, 24, 56, 34), fill=dark)
    d.ellipse(_box(43, 19, 49, 25), fill=dark)


def _bed(d, rgb):
    d.rounded_rectangle(_box(12, 40, 88, 78), radius=_w(4), fill=(150, 112, 80))
    d.rounded_rectangle(_box(14, 36, 86, 70), radius=_w(4), fill=rgb)
    d.rounded_rectangle(_box(18, 30, 44, 42), radius=_w(5), fill=(248, 248, 244))
    d.rounded_rectangle(_box(56, 30, 82, 42), radius=_w(5), fill=(248, 248, 244))
    d.rectangle(_box(14, 52, 86, 55), fill=_shade(rgb, 0.8))


def _pillow(d, rgb):
    d.rounded_rectangle(_box(16, 32, 84, 70), radius=_w(14), fill=rgb)
    d.arc(_box(22, 38, 78, 64), 200, 340, fill=_shade(rgb, 0.85), width=_w(1))


def _lamp(d, rgb):
    dark = _shade(rgb, 0.7)
    d.ellipse(_box(26, 76, 58, 84), fill=dark)
    d.line(_s([(42, 80), (36, 48), (56, 28)]), fill=dark, width=_w(2.4))
    d.polygon(_s([(50, 22), (66, 18), (80, 40), (60, 46)]), fill=rgb)
    d.ellipse(_box(62, 40, 72, 48), fill=(255, 236, 170))


def _headphones(d, rgb):
    d.arc(_box(22, 18, 78, 78), 180, 360, fill=rgb, width=_w(6))
    for x in (16, 66):
        d.rounded_rectangle(_box(x, 44, x + 18, 72), radius=_w(6), fill=rgb)
        d.rounded_rectangle(_box(x + 4, 48, x + 14, 68), radius=_w(4), fill=_shade(rgb, 0.7))


def _speaker(d, rgb):
    d.rounded_rectangle(_box(30, 18, 70, 84), radius=_w(8), fill=rgb)
    cone = _shade(rgb, 0.6)
    d.ellipse(_box(38, 44, 62, 68), fill=cone)
    d.ellipse(_box(46, 52, 54, 60), fill=_shade(rgb, 1.2))
    d.ellipse(_box(45, 26, 55, 36), fill=cone)


def _phone(d, rgb):
    d.rounded_rectangle(_box(32, 12, 68, 88), radius=_w(7), fill=rgb)
    d.rounded_rectangle(_box(35, 16, 65, 84), radius=_w(5), fill=(24, 30, 46))
    d.rounded_rectangle(_box(37, 20, 63, 80), radius=_w(4), fill=(72, 110, 170))
    d.ellipse(_box(47, 17, 53, 20), fill=(10, 10, 10))


def _charger(d, rgb):
    d.rounded_rectangle(_box(20, 30, 44, 56), radius=_w(4), fill=rgb)
    d.rectangle(_box(26, 22, 29, 30), fill=(170, 170, 175))
    d.rectangle(_box(35, 22, 38, 30), fill=(170, 170, 175))
    d.line(_s([(32, 56), (32, 72), (60, 76), (70, 56), (74, 40)]), fill=rgb, width=_w(2.2), joint="curve")
    d.rounded_rectangle(_box(71, 28, 78, 42), radius=_w(1.5), fill=_shade(rgb, 0.75))


def _laptop(d, rgb):
    d.rounded_rectangle(_box(22, 22, 78, 64), radius=_w(3), fill=rgb)
    d.rectangle(_box(25, 25, 75, 61), fill=(36, 46, 70))
    d.polygon(_s([(14, 66), (86, 66), (92, 74), (8, 74)]), fill=_shade(rgb, 0.85))
    d.rectangle(_box(42, 66, 58, 68), fill=_shade(rgb, 0.7))


def _keyboard(d, rgb):
    d.rounded_rectangle(_box(10, 36, 90, 68), radius=_w(3), fill=rgb)
    key = _shade(rgb, 1.3) if sum(rgb) < 400 else _shade(rgb, 0.8)
    for row in range(4):
        for col in range(12):
            x, y = 13 + col * 6.3, 39 + row * 7
            d.rounded_rectangle(_box(x, y, x + 5, y + 5.5), radius=_w(0.8), fill=key)


def _tent(d, rgb):
    d.polygon(_s([(50, 20), (90, 78), (10, 78)]), fill=rgb)
    d.polygon(_s([(50, 20), (60, 78), (40, 78)]), fill=_shade(rgb, 0.6))
    d.line(_s([(50, 14), (50, 22)]), fill=(90, 90, 90), width=_w(0.8))


def _sleeping_bag(d, rgb):
    d.rounded_rectangle(_box(28, 10, 72, 90), radius=_w(20), fill=rgb)
    d.ellipse(_box(38, 16, 62, 34), fill=_shade(rgb, 0.7))
    for y in range(40, 86, 8):
        d.line(_s([(30, y), (70, y)]), fill=_shade(rgb, 0.85), width=_w(0.6))


def _yoga_mat(d, rgb):
    d.polygon(_s([(12, 62), (66, 62), (66, 80), (12, 80)]), fill=_shade(rgb, 0.85))
    d.ellipse(_box(56, 40, 88, 80), fill=rgb)
    d.ellipse(_box(64, 50, 80, 70), fill=_shade(rgb, 0.75))
    d.ellipse(_box(68, 55, 76, 65), fill=rgb)


def _dumbbell(d, rgb):
    d.rectangle(_box(28, 47, 72, 53), fill=(170, 170, 176))
    for x in (14, 72):
        d.rounded_rectangle(_box(x, 32, x + 14, 68), radius=_w(3), fill=rgb)
    for x in (26, 66):
        d.rounded_rectangle(_box(x, 38, x + 8, 62), radius=_w(2), fill=_shade(rgb, 0.8))


DRAWINGS: dict[str, Callable[[ImageDraw.ImageDraw, tuple[int, int, int]], None]] = {
    "SHT": _shirt,
    "TRS": _trousers,
    "JKT": _jacket,
    "DRS": _dress,
    "KNT": _knit,
    "JNS": _jeans,
    "KTS": _tshirt,
    "SNK": _sneaker,
    "BOT": _boot,
    "CKW": _pan,
    "KNF": _knife,
    "COF": _teapot,
    "DUV": _bed,
    "PIL": _pillow,
    "LMP": _lamp,
    "HPH": _headphones,
    "SPK": _speaker,
    "PHN": _phone,
    "CHG": _charger,
    "LTP": _laptop,
    "KBD": _keyboard,
    "TNT": _tent,
    "SLB": _sleeping_bag,
    "YGA": _yoga_mat,
    "DMB": _dumbbell,
}


def product_picture(*, code: str, colour: tuple[int, int, int], seed: str) -> Image.Image:
    """The illustration of a product of category ``code`` in ``colour``, full size (the largest width)."""
    image = _background(Random(seed))
    _shadow(image, _box(18, 80, 82, 90))
    DRAWINGS.get(code, _tshirt)(ImageDraw.Draw(image), colour)
    return image.reduce(_SCALE)


def webp_renditions(image: Image.Image) -> dict[int, bytes]:
    """The picture as WebP at every width of ``RENDITION_WIDTHS``, keyed by width."""
    out = {}
    for width in RENDITION_WIDTHS:
        buffer = io.BytesIO()
        resized = image if image.width == width else image.resize((width, width), Image.Resampling.LANCZOS)
        resized.save(buffer, "WEBP", quality=80, method=4)
        out[width] = buffer.getvalue()
    return out
