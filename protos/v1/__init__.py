"""Generated code for the tarjama.v1 API (do not edit; run python -m tarjama.protos.generate)."""
