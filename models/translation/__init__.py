"""Translation engines: seq2seq backends and the backend-agnostic sentence translator."""
