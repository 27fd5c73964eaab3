"""What to do differently when no code in a stamp photo could be read.

The decoder measures what the photo shows (stamps.decode.PhotoSigns); this picks the one
change most likely to help, as a text catalogue key. Light comes first: in a dim photo
the blur and the code's size are measured on noise. Then the code's size (a code too small
has too few pixels per module for any step to recover), then a shake (a streak in one
direction), then focus (a round blur), then a code located but unread at a good size and
sharpness (a curve, a crease or a steep angle: flatten it, shoot straight on). With no
sign, the general advice.

Thresholds were read off tests/stamps/hard_photos.py: its low-light photos show a mean
gray of 23-42, every other photo at least 83; sharp photos estimate a blur of 6-8 px, a
σ 3 px focus blur 8-10 px round, an 18-25 px shake 16-22 px with an anisotropy of 1.7 or
more (tests/stamps/test_photo_advice.py holds them to it).
"""

from __future__ import annotations

from typing import Final

from stamps.decode import PhotoSigns

# Mean gray level (0-255) below which a photo is too dark.
DARK_BELOW: Final = 60
# A located code smaller than this (pixels a side, on the working copy) was shot from too
# far: a 25-module code at 4 px a module.
SMALL_CODE_BELOW: Final = 100
# An estimated streak at least this long (pixels) is a blur worth a remark.
SHAKE_FROM: Final = 14
FOCUS_FROM: Final = 10

DARK: Final = "STAMP_NO_CODE_DARK"
SMALL: Final = "STAMP_NO_CODE_SMALL"
SHAKE: Final = "STAMP_NO_CODE_SHAKE"
FOCUS: Final = "STAMP_NO_CODE_FOCUS"
FLATTEN: Final = "STAMP_NO_CODE_FLATTEN"
GENERAL: Final = "STAMP_NO_CODE"
ADVICE_KEYS: Final = (DARK, SMALL, SHAKE, FOCUS, FLATTEN, GENERAL)


def advice_key(signs: PhotoSigns | None) -> str:
    """The catalogue key of the advice for a photo nothing was read in."""
    if signs is None:
        return GENERAL
    if signs.brightness < DARK_BELOW:
        return DARK
    if signs.code_side is not None and signs.code_side < SMALL_CODE_BELOW:
        return SMALL
    blur = signs.blur
    if blur is not None and blur.is_motion and blur.length >= SHAKE_FROM:
        return SHAKE
    if blur is not None and not blur.is_motion and blur.length >= FOCUS_FROM:
        return FOCUS
    if signs.code_side is not None:
        return FLATTEN
    return GENERAL
