"""Kiosk: a full-screen touch exhibition for commemoration venues."""

__version__ = "0.1.0"
