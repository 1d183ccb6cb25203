"""The answering pipeline, in the order a question travels it: conversation (a follow-up made to stand alone),
timeframe (as_of and the window the question's time words name), retrieval (dense + keyword, fused), evidence
(the numbered sentences a model is shown, with answer_types, lexical and injection as its helpers), generation
(prompts and messages), reply (a model's reply read sentence by sentence), cited_reply and citations (a reply
turned into exact spans), events (what a stream yields) and service (the one path that ties them; every answer
carries its trace)."""
