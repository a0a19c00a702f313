"""Builders of tiny real Hugging Face models for tests, smoke runs and benchmarks."""
