# Real NATS and PostgreSQL for every test that asks for them: see indigo_shared/testing.py.
import os
import secrets
import tempfile

pytest_plugins = ["indigo_shared.testing"]


def pytest_configure(config):
    # A folder of this run's own: pytest's shared default (/tmp/pytest-of-<user>) keeps the last
    # three runs' folders and deletes older ones, so a run started beside this one (another
    # worktree, a second terminal) would delete the embedded servers' data from under it.
    if not config.option.basetemp:
        config.option.basetemp = tempfile.mkdtemp(prefix="indigo-tests-")
    # One server secret for the run (services started as processes inherit it), so that no test
    # generates .indigo/secret-key in the working tree; tests of the secret itself set their own.
    os.environ.setdefault("INDIGO_SECRET_KEY", "indigo-tests-" + secrets.token_urlsafe(32))
