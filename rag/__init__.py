"""newsqa core, shared by the write side (ingest/) and the read side (api/); imports neither.

Rooms: settings, types, errors (the vocabulary); providers/ (embedders with their token counters, chat
models); store/ (Chroma, record layout, filters, BM25 keyword index); the write path's logic (sentences,
chunking, identity, indexing, articles); the answering pipeline in the order a question travels it
(retrieval, evidence, generation, citations, service); components (the one composition root).
"""
