"""Small pure helpers every room may use: words, question types, folding text as a reader sees it."""
