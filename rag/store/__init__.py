"""Where state lives: Chroma (the only chromadb import), record layout and versions, filters, the keyword index,
the API keys file, and the owner of a data dir (with the HTTP client for a data dir another process owns)."""
