"""Time intervals: the one overlap rule of the whole project."""


def overlaps(start_a, end_a, start_b, end_b):
    """Whether [start_a, end_a) and [start_b, end_b) share a moment.

    Half-open: a session that ends at 10:00 does not overlap one that starts at 10:00.
    """
    return start_a < end_b and start_b < end_a
