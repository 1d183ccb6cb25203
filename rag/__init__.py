"""newsqa core, shared by the write side (ingest/) and the read side (api/); imports neither.

At the top: settings, types, errors and telemetry (the vocabulary every room speaks) and components (the one
composition root). Rooms: providers/ (embedders with their token counters, chat models), store/ (Chroma, record
layout, filters, the keyword index, API keys, the owner of a data dir), write/ (an article's way in: sentences,
chunking, identity, indexing, articles) and answer/ (a question's way through: conversation, timeframe, retrieval,
evidence, generation, citations, service). docs/design.md walks through them.
"""
