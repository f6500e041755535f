"""Agency engagements and the rules they are checked against (pure: no I/O)."""
