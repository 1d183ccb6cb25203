"""Where articles live: Chroma (the only chromadb import), record layout, filters, the BM25 keyword index."""
