"""Staff sharing across a region: the capacity ledger and loan proposals (pure; no I/O)."""
