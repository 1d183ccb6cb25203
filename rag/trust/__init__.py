"""What is checked after an answer is formed: citations, corroboration, confidence, the checks that run them."""
