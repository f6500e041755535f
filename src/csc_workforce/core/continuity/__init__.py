"""Children's continuity of social worker: DfE's SSDA903 stability measure and its link to the
workforce census (pure: no I/O). See docs/continuity.md and ADR 0015."""
