"""The two tiers of failure a command has: a problem the user can fix, and a bug.

Its own module so that the commands (``cli``), the kiosk's start (``runner``), the
previews and the fleet can all raise it without importing each other.
"""

from __future__ import annotations

EXIT_OK, EXIT_INVALID, EXIT_BUG = 0, 1, 2


class UserError(Exception):
    """A problem the user can fix; printed without a traceback, exit 1."""
