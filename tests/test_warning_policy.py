"""pyproject's filterwarnings: a deprecation in our own code fails the test, a library's own does not."""

from __future__ import annotations

import warnings

import pytest


@pytest.mark.parametrize("module", ["apcs_app.services.backlog", "tests.services.test_backlog"])
def test_a_deprecation_in_our_code_is_an_error(module):
    with pytest.raises(DeprecationWarning):
        warnings.warn_explicit("old API", DeprecationWarning, f"{module.replace('.', '/')}.py", 1, module=module)


def test_a_deprecation_inside_a_library_is_reported_not_raised():
    with pytest.warns(DeprecationWarning):
        warnings.warn_explicit("old API", DeprecationWarning, "sqlalchemy/orm/session.py", 1,
                               module="sqlalchemy.orm.session")
