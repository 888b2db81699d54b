"""A test-only app (installed by config/settings/test.py only): models that exercise the privacy engine."""
