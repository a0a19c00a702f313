"""Evaluation of translations and summaries built on sacrebleu and rouge-score."""
