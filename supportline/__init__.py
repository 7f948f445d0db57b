"""SupportLine core: storage, security, services, reporting and the command line.

This package never imports PySide6; the Qt application lives in the top-level ``ui`` package.
"""

from __future__ import annotations

__version__ = "0.1.0"
