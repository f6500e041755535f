"""The append-only audit log: logins, uploads, acceptances, every view or export of worker data."""
