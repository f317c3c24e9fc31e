"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server.

The ``browser`` fixture (one Chromium per session) lives in tests/conftest.py so that
browser tests in other folders share it.
"""
