"""newsqa core: settings, types, embeddings, the Chroma store, chunking. Imports neither api nor ingest."""
