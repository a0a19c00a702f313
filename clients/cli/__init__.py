"""The `tarjama` command-line interface."""
