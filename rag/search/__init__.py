"""Time frames and retrieval (dense + keyword + fusion): what /v1/search and the answer both use."""
