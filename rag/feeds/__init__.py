"""Live news: sources -> robots -> connect -> fetch -> pages -> entries -> state -> intake -> poll -> loop (the feed
and page poll loop)."""
