"""Bulletin pages (damaged PDF text or PDF files) -> articles. Knows nothing of Prefect or email."""
