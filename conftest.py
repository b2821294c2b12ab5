# Real NATS and PostgreSQL for every test that asks for them: see indigo_shared/testing.py.
pytest_plugins = ["indigo_shared.testing"]
