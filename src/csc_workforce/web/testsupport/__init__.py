"""Test-only app (installed by the test settings alone): lets the test runner empty the audit log."""
