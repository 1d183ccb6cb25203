"""The write path, in the order an article travels it: html (a page's fields), sentences (where they end), chunking
(whole sentences to a token budget), identity (doc_id, content hash, clean text), indexing (embed and store a
version), articles (the collection the API and the ingest job add to, read and delete)."""
