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


def test_compiling_the_app_prints_none_of_our_warnings(tmp_path):
    """A start compiles the pages twice: no page may be added twice ("Page X is being redefined")
    and no memo row may take `key` without an `rx.RestProp` (Reflex's deprecation)."""
    import os
    import subprocess
    import sys

    from apcs_app.settings import PROJECT_ROOT

    script = ("import apcs_app.apcs_app as m\nfrom reflex.compiler import compiler\n"
              "compiler.compile_app(m.app, dry_run=True)\ncompiler.compile_app(m.app, dry_run=True)\nprint('compiled')\n")
    env = dict(os.environ, COLUMNS="400", REFLEX_TELEMETRY_ENABLED="false", REFLEX_CHECK_LATEST_VERSION="false",
               DATABASE_URL=f"sqlite:///{tmp_path / 'apcs.db'}", REFLEX_WEB_WORKDIR=str(tmp_path / ".web"))
    done = subprocess.run([sys.executable, "-c", script], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True,
                          timeout=300)
    output = done.stdout + done.stderr
    assert done.returncode == 0 and "compiled" in output, output[-3000:]
    assert "being redefined" not in output
    assert "RestProp" not in output
