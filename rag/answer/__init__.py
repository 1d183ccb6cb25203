"""The answering pipeline, in the order a question travels it: events (what a stream yields), prompts (the prompt
files and the messages built from them), conversation (a follow-up made to stand alone), evidence (the numbered
sentences a model is shown), cited_reply (a reply cut into sentences as it streams, each cited), reply (a model's
reply read sentence by sentence), writing (the Writer: the model's answer, or the sentences themselves) and service
(the one path that ties them to search/ and trust/; every answer carries its trace)."""
