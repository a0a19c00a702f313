"""Per-article runs: inputs (folders, pages, JSONL), outputs, the manifest, and the runner."""
