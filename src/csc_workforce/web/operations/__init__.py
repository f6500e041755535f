"""Operating an installation: backup and restore (the Django side; the CLI is ``cli/backup.py``)."""
