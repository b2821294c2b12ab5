# Real NATS and PostgreSQL for every test that asks for them: see indigo_shared/testing.py.
import tempfile

pytest_plugins = ["indigo_shared.testing"]


def pytest_configure(config):
    # A folder of this run's own: pytest's shared default (/tmp/pytest-of-<user>) keeps the last
    # three runs' folders and deletes older ones, so a run started beside this one (another
    # worktree, a second terminal) would delete the embedded servers' data from under it.
    if not config.option.basetemp:
        config.option.basetemp = tempfile.mkdtemp(prefix="indigo-tests-")
