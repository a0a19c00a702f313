"""The cross-article digest: its inputs, its run, and the md/html/json renderers."""
