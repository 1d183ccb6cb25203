"""The `newsqa` command: one Typer app composed from the write side (ingest) and the read side (api)."""
