"""How passport data and names show to people who may not see them whole."""

MASK = "•"


def mask_tail(value, *, keep=3):
    """'K1234567' → '•••••567': only the last `keep` characters show."""
    if not value:
        return ""
    value = str(value)
    if len(value) <= keep:
        return MASK * len(value)
    return MASK * (len(value) - keep) + value[-keep:]


def mask_middle(name):
    """'Priya Sharma' → 'P••••••••••a': the first and last characters of the name show."""
    name = (name or "").strip()
    if len(name) <= 2:
        return name[:1] + MASK * (len(name) - 1)
    return name[0] + "".join(" " if c == " " else MASK for c in name[1:-1]) + name[-1]
