"""The local SQLite store: models, engine, migrations. Imports no Qt."""
