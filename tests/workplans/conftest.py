"""Fixtures shared by the import tests."""

import pytest


@pytest.fixture
def admin_client(bureau_admin, login):
    """The bureau's admin (督查室), signed in."""
    return login(bureau_admin)
