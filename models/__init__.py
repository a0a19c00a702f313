"""Text preparation, translation and summarization engines (no gRPC here)."""
