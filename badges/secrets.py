"""Badge secrets: random, from an alphabet without look-alike characters (no O 0 1 I L).

The QR code carries only this secret. 24 characters of a 31-letter alphabet give
about 119 bits, and upper-case letters and digits fit QR's compact alphanumeric mode.
"""

import re
import secrets

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
LENGTH = 24
MAX_CODE_LENGTH = 64
# What a desk accepts as a code at all; anything else is "malformed" (400).
CODE_SHAPE = re.compile(rf"^[A-Za-z0-9]{{1,{MAX_CODE_LENGTH}}}$")


def new_secret():
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalize_code(raw):
    """The code as stored, or None when the input cannot be a badge code.

    The badge prints the code in groups ("QTFN M74M ..."); typed by hand it arrives with
    spaces or dashes, which are dropped."""
    code = "".join((raw or "").split()).replace("-", "")
    if not CODE_SHAPE.match(code):
        return None
    return code.upper()
