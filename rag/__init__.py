"""newsqa core, shared by the write side (ingest/) and the read side (api/); imports neither.

At the top: settings (and settings_edge), types, answers, errors and telemetry (the vocabulary every room speaks) and
components (the one composition root). Rooms, from the ground up: text/ (words, question types, folding, injection),
providers/ (embedders with their token counters, chat models), store/ (Chroma, record layout, filters, the keyword
index, dense search under filters, API keys, the owner of a data dir), write/ (an article's way in), search/ (time
frames and retrieval), trust/ (citations, corroboration, confidence, checks), answer/ (a question's way through) and
feeds/ (live news). docs/design.md walks through them.
"""
