"""The browser fixture of tests/browser, for the set-up flow driven in Chromium."""

from tests.browser.conftest import browser  # noqa: F401
