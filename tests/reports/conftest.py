"""The Playwright browser fixture, shared with tests/browser/ (test_browser.py uses it)."""

from tests.browser.conftest import browser  # noqa: F401
