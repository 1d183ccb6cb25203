"""`newsqa eval`: retrieval, answer and citation quality on a question set with gold articles."""
