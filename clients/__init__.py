"""Client library, command-line interface and evaluation scripts."""
