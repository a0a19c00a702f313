"""Protocol buffer definitions and generated gRPC code for the tarjama API."""
