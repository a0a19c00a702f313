"""The smoke model (`tarjama models smoke`, build_tiny_marian) is a folder of ordinary files."""

from __future__ import annotations


def test_every_file_of_the_smoke_model_has_the_same_permissions(tiny_marian_dir):
    modes = {path.name: path.stat().st_mode & 0o777 for path in tiny_marian_dir.iterdir()}
    assert "model.safetensors" in modes and "config.json" in modes
    assert len(set(modes.values())) == 1, modes
