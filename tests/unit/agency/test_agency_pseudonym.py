from __future__ import annotations

import hashlib
import hmac

import pytest
from hypothesis import given
from hypothesis import strategies as st

from csc_workforce.core.pseudonym import SECRET_ENV_VAR, pseudonymise, random_run_key, region_secret


def test_is_hmac_sha256_of_the_upper_cased_trimmed_number():
    expected = hmac.new(b"s", b"SW123456", hashlib.sha256).hexdigest()
    assert pseudonymise("  sw123456\n", b"s") == expected


def test_different_secrets_give_different_keys():
    assert pseudonymise("SW1", b"a") != pseudonymise("SW1", b"b")


def test_empty_secret_is_refused():
    with pytest.raises(ValueError, match="must not be empty"):
        pseudonymise("SW1", b"")


def test_secret_from_environment():
    assert region_secret({SECRET_ENV_VAR: "region-key"}) == (b"region-key", True)


def test_random_key_when_absent_or_blank():
    for environ in ({}, {SECRET_ENV_VAR: "  "}):
        secret, from_env = region_secret(environ)
        assert not from_env and len(secret) == 32
    assert random_run_key() != random_run_key()


@given(st.from_regex(r"SW[0-9]{4,12}", fullmatch=True))
def test_key_is_hex_and_does_not_contain_the_number(swe):
    key = pseudonymise(swe, b"k")
    assert len(key) == 64 and int(key, 16) >= 0
    assert swe[2:] not in key or len(swe[2:]) < 6
