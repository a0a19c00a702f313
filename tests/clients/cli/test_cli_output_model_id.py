"""The output `.json` names a local model the same way in-process and through `--server`."""

from __future__ import annotations

import json
from pathlib import Path

from tarjama.clients.cli.main import main
from tarjama.models.engines import build_engines
from tarjama.models.settings import Settings
from tarjama.service.server import start_server

FLAGS = ["--beam", "1", "--max-output-tokens", "8"]


def output(out: Path, seed: Path) -> dict:
    return json.loads((out / f"{seed.stem}.json").read_text(encoding="utf-8"))


def test_in_process_and_served_outputs_name_the_model_alike(
    tiny_marian_dir, tmp_path, capsys, seeds
):
    seed = seeds.paths[0]
    local, served = tmp_path / "local", tmp_path / "served"
    assert main(["translate", str(seed), "--out", str(local), "--offline",
                 "--model", str(tiny_marian_dir), *FLAGS]) == 0  # fmt: skip
    settings = Settings(port=0, model=str(tiny_marian_dir), offline=True)
    running = start_server(settings, engines=build_engines(settings))
    try:
        assert main(["translate", str(seed), "--out", str(served),
                     "--server", running.address, *FLAGS]) == 0  # fmt: skip
        capsys.readouterr()
        # A folder finished in-process is resumed through the server: one manifest key.
        assert main(["translate", str(seed), "--out", str(local),
                     "--server", running.address, *FLAGS]) == 0  # fmt: skip
        assert "0 articles translated, 1 skipped" in capsys.readouterr().out
    finally:
        running.stop(0)
    assert output(local, seed)["model"] == output(served, seed)["model"]
    assert output(local, seed)["model"]["id"] == tiny_marian_dir.name
    assert output(local, seed)["model"]["revision"].startswith("local-")
    for out in (local, served):
        for path in out.iterdir():  # outputs and the manifest alike
            assert str(tiny_marian_dir) not in path.read_text(encoding="utf-8"), path.name
