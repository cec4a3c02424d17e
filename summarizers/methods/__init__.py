"""One module per summarization method; each exposes `summarize(text, limit)` and `keywords(text, k)`."""
