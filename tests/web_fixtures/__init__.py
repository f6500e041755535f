"""Fixtures and builders for the web app tests (importable by every helper's tests).

Fixtures (pytest, all need the database; imported into tests/conftest.py):
- ``councils``: loads the published regions and councils; returns the East of England Region.
- ``council`` (873 Cambridgeshire), ``other_council`` (822 Bedford, same region),
  ``far_council`` (301 Barking and Dagenham, London), ``region`` (East of England), ``other_region`` (London).
- Users (password ``PASSWORD``): ``analyst`` and ``manager`` of ``council``, ``other_analyst`` of
  ``other_council``, ``lead`` of ``region``, ``other_lead`` of ``other_region``, ``admin_user``,
  ``no_role_user``; ``make_user(username, role, council=None, region=None)`` makes more.
- ``login(user) -> Client``: a Django test client signed in as ``user``.
- ``accepted_return``: ``council``'s clean 2024 return, accepted by ``analyst``.
Builders (tests.web_fixtures.returns): ``clean_return(la_code, year, workers=12)``,
``return_with_errors(...)``, ``xml_bytes(census)``, ``xlsx_bytes(census)``.
"""
