"""Summarization engines: extractive, abstractive and cross-article with attribution."""
