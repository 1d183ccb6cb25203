"""Live news: sources -> fetch -> entries -> pages -> state -> poll -> loop (the feed and page poll loop)."""
