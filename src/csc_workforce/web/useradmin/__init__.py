"""Account management for administrators at ``/manage/users/``: list, create, change role,
deactivate or reactivate, reset a password. Access through ``web.policy``; every change audited."""
