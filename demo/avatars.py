"""Avatars for the demo members, drawn with Pillow: nothing is downloaded, nothing is random.

Each picture is a soft two-colour gradient (a palette the demo data picks per member), with a few
translucent discs placed from a hash of the handle and the member's initials: the same member gets
the same face on every machine. The PNG then goes through members.avatars.avatar_process, like any
upload.
"""

import hashlib
from io import BytesIO

from PIL import Image, ImageChops, ImageDraw, ImageFont

SIZE = 384  # drawn larger than the 256 px avatar: the upload pipeline scales it down smoothly

# Pairs of muted colours, dark enough for white initials to stand out.
PALETTES: tuple[tuple[tuple[int, int, int], tuple[int, int, int]], ...] = (
    ((46, 94, 170), (108, 62, 160)),  # blue → violet
    ((20, 110, 110), (46, 94, 170)),  # teal → blue
    ((176, 72, 62), (120, 50, 110)),  # brick → plum
    ((52, 120, 72), (22, 90, 110)),  # green → petrol
    ((160, 90, 30), (170, 50, 80)),  # amber → raspberry
    ((80, 70, 150), (30, 120, 140)),  # indigo → lagoon
    ((140, 60, 120), (200, 90, 80)),  # magenta → coral
    ((60, 80, 100), (110, 130, 70)),  # slate → olive
    ((150, 40, 60), (90, 40, 130)),  # wine → purple
    ((40, 120, 90), (120, 110, 30)),  # emerald → mustard
)


def _gradient(palette: int, digest: bytes) -> Image.Image:
    """A diagonal blend between the palette's two colours, in one of four directions."""
    start, end = PALETTES[palette % len(PALETTES)]
    vertical = Image.linear_gradient("L").resize((SIZE, SIZE))
    horizontal = vertical.transpose(Image.Transpose.ROTATE_90)
    mask = ImageChops.add(vertical, horizontal, scale=2)
    if digest[1] % 2:
        mask = mask.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    if digest[2] % 2:
        mask = mask.transpose(Image.Transpose.FLIP_TOP_BOTTOM)
    return Image.composite(
        Image.new("RGB", (SIZE, SIZE), end), Image.new("RGB", (SIZE, SIZE), start), mask
    )


def _discs(digest: bytes) -> Image.Image:
    """Three large, faint discs that overlap the edges: texture without clutter."""
    layer = Image.new("RGBA", (SIZE, SIZE), (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    for i in range(3):
        x, y, r = digest[3 + 3 * i], digest[4 + 3 * i], digest[5 + 3 * i]
        cx, cy = x * SIZE // 255, y * SIZE // 255
        radius = SIZE // 6 + r * SIZE // 640
        draw.ellipse(
            (cx - radius, cy - radius, cx + radius, cy + radius),
            fill=(255, 255, 255, 22 + 10 * i),
        )
    return layer


def avatar_png(handle: str, initials: str, palette: int) -> bytes:
    """The PNG bytes of a demo member's avatar; the same arguments always give the same picture."""
    digest = hashlib.sha256(handle.encode()).digest()
    image = _gradient(palette, digest).convert("RGBA")
    image.alpha_composite(_discs(digest))
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=SIZE * 2 // 5)
    centre = (SIZE // 2, SIZE // 2)
    draw.text((centre[0] + 3, centre[1] + 4), initials, font=font, fill=(0, 0, 0, 70), anchor="mm")
    draw.text(centre, initials, font=font, fill=(255, 255, 255, 255), anchor="mm")
    buffer = BytesIO()
    image.convert("RGB").save(buffer, format="PNG", compress_level=1)
    return buffer.getvalue()
