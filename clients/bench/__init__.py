"""`tarjama bench`: one module per benchmark mode, and the report they share."""
