"""Generated code for the tarjama.v1 API (do not edit; run scripts/gen_protos.py)."""
