"""gRPC server exposing tarjama's engines."""
