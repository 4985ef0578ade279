"""Old home of the print job, kept so that jobs queued under `badges.tasks.render_badge_batch`
still run: the job is defined with its service in batches.py (no import cycle)."""

from .batches import render_badge_batch

__all__ = ["render_badge_batch"]
