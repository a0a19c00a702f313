"""Arabic article preparation: normalization, boilerplate removal, structure and sentences."""
