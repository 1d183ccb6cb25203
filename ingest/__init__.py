"""The write side: read files into articles, chunk, embed and store them."""
