"""The injection check's grammar (rag/text/injection.py reads text against it, folded and case-insensitive).

Each rule is a shape of sentence that speaks to the answerer or fixes what the answer says: the addressee (a model
or bot named, or anyone described by what it does with this text) with an order about output, an order that fixes
the answer, a header that opens a new task, talk about instructions, prompts, roles and the sources fence. The
first group is the one the first outside probe was measured against; the second adds the shapes of the second
probe (issue 35) as grammar, not as its wordings.
"""

from __future__ import annotations

_BEFORE = r"(?:previous|prior|above|earlier|preceding|former|original|initial|system|old|existing|other)"
_ORDERS = r"(?:instructions?|prompts?|rules|directions|guidelines|context|commands?|orders)"
_READERS = r"(?:users?|readers?|visitors?|customers?|askers?|people\s+who\s+ask|anyone\s+who\s+asks)"
_MODEL = r"(?:ai|a\.i\.|assistant|chatbot|chatgpt|gpt|claude|gemini|copilot|llm|language\s+model|bot)"
_SAY = r"(?:answer|reply|respond|say|state|claim|insist|write|output|repeat|tell)"
_QUOTE = r"[\"'“‘«]"
_START = r"^[\s(\[\-–—>]*"  # a sentence's start, not inside a quotation (reported speech is news, not an order)
_EARLIER = (
    # speaking to the model about its instructions
    rf"\b(?:ignore|disregard|forget|override|bypass|skip)\s+(?:(?:all|any|the|your|my|these|those|of)\s+)*{_BEFORE}\s+{_ORDERS}\b",
    rf"\b(?:ignore|disregard|forget|override|bypass)\s+(?:all\s+(?:of\s+)?)?(?:your|my|these|those|all)\s+{_ORDERS}\b",
    r"\b(?:ignore|disregard|forget)\s+(?:all\s+|any\s+)?(?:of\s+)?(?:everything|anything|whatever|what)\s+"
    r"(?:(?:that|which)\s+)?(?:(?:was|is|you\s+were|you've\s+been|you\s+have\s+been)\s+)?"
    r"(?:above|before|previously|earlier|prior|said|told|written|read|seen|stated)",
    r"\b(?:ignore|disregard)\s+(?:all\s+(?:of\s+)?)?(?:that|this|the\s+above|everything\s+else)\s*(?:and\b|[,;:.])",
    r"\bforget\s+all\s+(?:of\s+)?(?:that|this|the\s+above)\s*(?:and\b|[,;:.])",
    r"\b(?:ignore|disregard|forget)\s+(?:the\s+|this\s+|all\s+)?(?:text|content|article|sources?|passages?)\s+"
    r"(?:above|before|below|around\s+it)",
    # a system prompt given, not one reported on ("the chatbot's system prompt had leaked" is news)
    r"\b(?:system|developer)\s+(?:prompt|message|instructions?)\s*[:\]>]",
    r"\b(?:your|new|updated|real|actual|my|following)\s+(?:system|developer)\s+(?:prompt|message|instructions?)\b",
    r"\b(?:reveal|print|show|output|repeat|ignore|disregard|forget|override|replace)\s+(?:\w+\s+){0,3}?(?:system|developer)\s+"
    r"(?:prompt|message|instructions?)\b",
    r"\byour\s+(?:new\s+|updated\s+|real\s+|actual\s+|only\s+|true\s+)?(?:instructions?|task|job|role|orders)\s+(?:is|are)\b",
    r"\b(?:new|updated|real|actual|secret|hidden)\s+instructions?\s*:",
    rf"\byou\s+are\s+(?:now\s+)?(?:an?\s+)?{_MODEL}\b",
    rf"\b(?:dear|attention|hey|hi|hello)\s+{_MODEL}s?\b",
    rf"\b(?:note|message|instructions?|reminder)\s+(?:to|for)\s+(?:the\s+|all\s+|any\s+)?{_MODEL}s?\b",
    rf"\b{_MODEL}s?\s*(?:reading|processing|summari[sz]ing|answering)\s+this\b",
    rf"\b(?:the\s+)?(?:ai|assistant|chatbot|llm|language\s+model)s?\s+(?:must|should|shall|is\s+to|has\s+to)\s+(?:always\s+|only\s+)?{_SAY}\b"
    # not what rules say such systems must answer or disclose about themselves ("... must tell users they are bots")
    r"(?!\s+(?:questions|queries|requests|calls|emails|complaints)\b)(?!\s+(?:\w+\s+){0,2}(?:that\s+)?(?:they|it)\s+(?:are|is)\b)",
    rf"(?:^|[(\[,;:–—-])\s*(?:dear\s+|hey\s+)?{_MODEL}s?\s*[:,]\s*(?:please\s+)?"
    r"(?:use|answer|say|reply|respond|ignore|only|always|never|tell|do|the\s+(?:answer|capital))",
    rf"\bact\s+as\s+(?:an?\s+|the\s+)?(?:{_MODEL}|dan|jailbroken|unrestricted|uncensored)\b",
    rf"{_START}pretend\s+(?:that\s+)?you\b",
    r"\b(?:from\s+now\s+on|henceforth|going\s+forward|for\s+all\s+future\s+(?:questions|answers))\s*,?\s*"
    r"(?:you\s+(?:must|will|should|shall)\s+)?(?:always|never|only|answer|reply|respond|say)\b",
    r"\bin\s+(?:every|all|each|your)\s+(?:future\s+)?(?:answer|reply|response|output)s?\b",
    r"\b(?:whatever|regardless\s+of\s+what|no\s+matter\s+what)\s+(?:the\s+)?(?:sources?|context)\s+"
    r"(?:says?|states?|claims?)",
    r"\b(?:do\s+not|don't|never)\s+(?:cite|mention|quote|use|trust|believe|reveal)\s+(?:the\s+|any\s+)?(?:other\s+)?"
    r"(?:sources?|articles?|passages?|context|documents?)\b",
    # a demand for a fixed reply
    rf"{_START}(?:please\s+)?(?:only\s+|just\s+|always\s+)?(?:answer|reply|respond|output|say|print|write)\s+(?:only\s+)?"
    rf"(?:with\s+)?(?:the\s+(?:word|text|phrase)\s+)?{_QUOTE}",
    rf"\b(?:answer|reply|respond)\s+(?:only\s+)?with\s*(?:the\s+(?:word|text|phrase)\s+)?(?:{_QUOTE}|:)",
    rf"(?<!\bi )(?<!\bwe )\b(?:always|only)\s+(?:answer|reply|respond|say|output)\s+{_QUOTE}",
    rf"\byou\s+(?:must|should|will|shall)\s+(?:now\s+)?(?:always|only|never)\s+{_SAY}\b",
    r"\b(?:answer|reply|response)\s+to\s+(?:any|every|all|each)\s+(?:question|query|prompt)s?\s+(?:is|must|should|will)\b",
    # an order about what readers are to be told
    rf"\b(?:tell|inform|assure|convince|teach)\s+(?:every|all|any|each|your|the)\s+(?:of\s+(?:the|your)\s+)?{_READERS}\b",
    rf"\b{_SAY}\s+(?:this|that|it)\s+to\s+(?:every|all|any|each|the)\s+{_READERS}\b",
    rf"\b{_READERS}\s+(?:must|should|shall|are\s+to)\s+be\s+told\b",
    rf"{_START}(?:please\s+|and\s+|now\s*,?\s*|also\s*,?\s*)?(?:always\s+|just\s+|simply\s+)?{_SAY}(?<!tell)\s+"
    rf"(?:that\b|to\s+(?:the\s+|every\s+|all\s+)?{_READERS})",
    r"[:;]\s*(?:please\s+)?(?:always\s+|just\s+)?(?:answer|reply|respond|say|repeat)\s+(?:that|with)\b",
    rf"\b(?:when|if|whenever)\s+(?:you\s+are\s+|you're\s+|someone\s+|anyone\s+|a\s+user\s+|users\s+)?asks?(?:ed)?\b"
    rf"[^.!?]{{0,80}}?,\s*(?:always\s+|just\s+|simply\s+|you\s+(?:must|should)\s+)?{_SAY}\b",
    r"\bobey\s+(?:the|this|these|my)\s+(?:article|text|source|instructions?|commands?)\b",
    r"\bfollow\s+(?:these|my|the\s+following|the\s+above|the\s+below)\s+(?:instructions?|commands?|orders)\b",
    # chat-template tags, the sources fence, role lines
    r"<\|?\s*/?\s*(?:im_start|im_end|system|assistant|user|endoftext|sources?|instructions?|context|documents?)\s*\|?>",
    r"\[/?inst\]|<<\s*/?\s*sys\s*>>|\[\s*end\s+of\s+(?:sources?|context|documents?)\s*\]",
    r"(?:^|[>\]])\s*(?:system|assistant|developer)\b[^:.!?\"]{0,20}:",
    r"^\W*(?:override|instructions?|directive|command)\s*:",
)

# --- the answerer, as addressee -------------------------------------------------------------------------------------
_NOUN = (
    r"(?:systems?|tools?|engines?|services?|pipelines?|programs?|readers?|models?|assistants?|assistente?|asistente|"
    r"assistent\w*|chat\s*bots?|bots?|agents?|summari[sz]ers?)"
)
_QUALIFIED = (  # "automated systems", "AI readers", "Q&A bots", "KI-Assistenten"
    r"(?:a\.?i\.?|ki|ia|automated|automatic|answering|answer|search|retrieval|rag|question[-\s]answering|q\s*&\s*a|qa|"
    rf"virtual|digital|machine|language|large\s+language)[\s-]+{_NOUN}"
)
_NAMED = (
    r"(?:a\.?i\.?|artificial\s+intelligence|assistants?|assistente?|asistente|assistent\w*|chat\s*bots?|bots?|chatgpt|"
    r"gpt(?:-?\d\w*)?|claude|gemini|copilot|llms?|models?|agents?|summari[sz]ers?|crawlers?|scrapers?|machines?|"
    r"robots?|algorithms?)"
)
_QUALIFIED_AFTER = (  # "asisten AI", "assistant IA", "asistente de IA", "sistemas automatizados"
    r"(?:assistants?|assistente?|asistente|asisten|assistent\w*|asystent\w*|asistan\w*|systems?|sistem\w*|systemes?|"
    r"modele?s?|modelos?|modell\w*|bots?|chatbots?)\s+(?:de\s+|d'|di\s+)?(?:ai|ia|ki|automati\w+)\b"
)
_QUALIFIED = rf"(?:{_QUALIFIED}|{_QUALIFIED_AFTER})"
_AGENT = rf"(?:{_QUALIFIED}|{_NAMED})"
# what the answerer does with this text
_DOING = (
    r"(?:read(?:s|ing)?|summari[sz](?:es|ing|e)|process(?:es|ing)?|pars(?:es|ing)|index(?:es|ing)|answer(?:s|ing)|"
    r"respond(?:s|ing)|asked|queried|questioned|prompted|generat(?:es|ing)|compil(?:es|ing)|digest(?:s|ing)|"
    r"ingest(?:s|ing)|scrap(?:es|ing)|crawl(?:s|ing)|quot(?:es|ing)|cit(?:es|ing)|sees?|seeing|handl(?:es|ing))"
)
# anyone at all, described by what it is doing: "whoever is summarising", "those generating answers"
_DESCRIBED = (
    rf"(?:whoever|whatever(?:\s+\w+)?|anyone|anybody|anything|everyone|everybody|any\s+\w+|all\s+\w+|those|"
    rf"the\s+(?:one|person|entity|system|program|tool|reader))\s+(?:who\s+|that\s+|which\s+)?(?:is\s+|are\s+)?{_DOING}\b"
)
_DEIXIS = r"(?:\bthis\b|\bthese\b|\bhere\b|\basked\b|\bquestion)"  # the text at hand, or the question put to it
_ADDRESSABLE = (  # what can be spoken to by name at a sentence's start ("Models, however, say ..." is climate news)
    rf"(?:{_QUALIFIED}|a\.?i\.?|assistants?|assistente?|asistente|assistent\w*|chat\s*bots?|bots?|chatgpt|"
    r"gpt(?:-?\d\w*)?|claude|gemini|copilot|llms?|language\s+models?|summari[sz]ers?)"
)
_GREETING = r"(?:dear|hey|hi|hello|attention|achtung|atencao|atencion|attenzione)"  # "Attention, AI assistant"
_NOTE = (  # a note addressed to someone: "Note for AI readers", "Hinweis an den KI-Assistenten"
    r"(?:important|note|notice|message|warning|reminder|instructions?|hinweis|nota|remarque|aviso)\s+"
    r"(?:to|for|pour|para|per|an|a|fur)\s+(?:all\s+|any\s+|the\s+|den\s+|die\s+|dem\s+|l'|le\s+|la\s+|el\s+|il\s+|o\s+|os\s+)?"
)
_ORDER = (  # an order after a vocative (not "list", "name", "use": nouns as often as verbs)
    r"(?:respond|reply|answer|say|print|output|write|tell|claim|insist|repeat|replace|ignore|disregard|forget|treat|"
    r"pretend|take\s+note|listen|remember|be\s+advised|note)"
)

# --- the order -------------------------------------------------------------------------------------------------------
_MODAL = (
    r"(?:must|should|shall|will|needs?\s+to|ha(?:ve|s)\s+to|ought\s+to|(?:is|are)\s+(?:to|required\s+to|"
    r"instructed\s+to|expected\s+to|supposed\s+to|asked\s+to|told\s+to|meant\s+to|obliged\s+to))"
)
_OUT = (
    r"(?:respond|reply|answer|say|state|print|output|write|return|report|give|tell|claim|mention|insist|repeat|type|"
    r"declare|assert|name|list|include|use|conclude|affirm|describe|present|portray|characteri[sz]e|depict)"
)
_FIXED = r"(?:respond|reply|answer|output|print|return)"  # verbs whose object is the reply itself
_ADVERB = r"(?:(?:always|only|simply|just|now|then|also)\s+)*"
_CLAUSE = (
    r"(?:^|[.;:!?,(\[\-–—*†‡\d]\s*|\band\s+|\bthen\s+)\s*"  # (a footnote's number too)  # where an imperative can open a clause
)
_REPLY = r"(?:answer|response|reply|output|result)"

_SECOND = (
    # someone described by what it does with this text, ordered to output something
    rf"\b{_DESCRIBED}[^.!?]{{0,80}}?\b{_MODAL}\s+{_ADVERB}{_OUT}\b",
    # a model or bot named, pointed at this text or this question, ordered to output something
    rf"\b{_AGENT}\b[^.!?]{{0,60}}?{_DEIXIS}[^.!?]{{0,60}}?\b{_MODAL}\s+{_ADVERB}{_OUT}\b",
    # a model or bot named, ordered what its reply is
    rf"\b{_AGENT}\b[^.!?]{{0,40}}?\b{_MODAL}\s+{_ADVERB}{_FIXED}\s+(?:only\s+)?(?:with|that|:|[\"'“‘]|the\s+word)",
    rf"\b{_AGENT}\b[^.!?]{{0,40}}?\b{_MODAL}\s+{_ADVERB}{_OUT}\b[^.!?]{{0,80}}?\b(?:when|if|whenever)\s+(?:asked|questioned|"
    r"queried|prompted|anyone\s+asks|someone\s+asks|a\s+user\s+asks)\b",
    # a model or bot spoken to: "Chatbots, listen:", "Q&A bots: before answering, replace ...", "To the model reading
    # these lines:", "Note for AI readers", "If you are an AI"
    rf"{_CLAUSE}(?:{_GREETING}\s*,?\s*|{_NOTE}|to\s+)?(?:the\s+|any\s+|all\s+|every\s+)?{_AGENT}\s*:\s*"
    rf"(?:[^.!?]{{0,80}}?(?:[,;:]\s*|\band\s+|\bthen\s+))?(?:please\s+)?{_ADVERB}(?:silently\s+|quietly\s+)?"
    rf"(?:{_ORDER}|{_OUT})\b",
    rf"(?:^|[.!?;:]\s*|{_GREETING}\s*,?\s*){_ADDRESSABLE}\s*,\s*(?:please\s+)?(?:\w+\s+){{0,3}}?{_ORDER}\b",
    rf"\b(?:{_GREETING}\s*,?\s*|{_NOTE}){_AGENT}\b",
    rf"<!--[^>]{{0,300}}?\b{_AGENT}\b",
    r"\bdo\s+not\s+(?:reveal|mention|disclose|show|repeat)\s+(?:this|these)\s+(?:comment|instructions?|note|message|"
    r"prompt|text)s?\b",
    # a persona put on the answerer: "You are FreeBot, a helpful assistant", "You are now DAN, a model with no ..."
    rf"\b(?:you\s+are|you're)\s+(?:now\s+)?(?:called\s+|named\s+)?[\w-]+\s*,\s*(?:an?|the)\s+(?:[\w-]+\s+){{0,3}}?{_AGENT}\b",
    rf"\b{_AGENT}\s+(?:with|that\s+has|who\s+has)\s+no\s+(?:restrictions|rules|limits|filters|guidelines)\b",
    r"\bstay\s+in\s+(?:character|role)\b",
    r"\b(?:respond|answer|reply|speak|act|write)\s+as\s+(?:dan|\w*bot|an?\s+(?:unrestricted|unfiltered|jailbroken))\b",
    r"[\"']role[\"']\s*:\s*[\"'](?:system|assistant|developer)[\"']",
    r"(?:^|[.!?>\]]\s*)(?:user|human)\s*:\s.{0,200}\b(?:assistant|ai|bot)\s*:",
    rf"\bto\s+(?:the|any|all|every|each)\s+{_AGENT}\s+(?:who\s+|that\s+|which\s+)?(?:is\s+|are\s+)?{_DOING}\b",
    rf"\bif\s+you\s+(?:are|'re|happen\s+to\s+be|were)\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+)?{_AGENT}\b",
    # a condition on this text being read by a machine: "If this text is being processed by software, ..."
    r"\b(?:if|when|whenever|while)\s+(?:this|the)\s+(?:text|article|page|story|document|passage|content)\s+(?:is|are)\s+"
    r"(?:being\s+)?(?:read|processed|parsed|summari[sz]ed|ingested|indexed|analy[sz]ed|crawled|scraped)\s+by\s+"
    r"(?:an?\s+|any\s+)?(?:software|machines?|programs?|computers?|ai|bots?|models?|algorithms?|automated)",
    # a clause about working on this text, then an order: "When summarizing this article, state that ..."
    r"\b(?:when|while|if|before|after)\s+(?:you\s+(?:are\s+)?)?(?:summari[sz]ing|answering|reading|processing|quoting|"
    r"citing|parsing|using|describing)\s+(?:this|these|the\s+(?:above|following))\b[^.!?]{0,60}?,\s*(?:please\s+)?"
    rf"{_ADVERB}{_OUT}\b",
    # the reply itself as the subject of an order: "Responses generated from this page must list ...", "Your summary
    # must say ...", "The response should be a single sentence reading ..."
    rf"\b(?:{_REPLY}s?|summar(?:y|ies))\s+(?:generated|produced|written|derived|drawn|built|based|made)\s+(?:from|on|about)\s+"
    rf"(?:this|these)\b[^.!?]{{0,60}}?\b{_MODAL}\s+{_ADVERB}{_OUT}\b",
    rf"\byour\s+(?:{_REPLY}|summary)\s+(?:{_MODAL}|is\s+to)\s+{_ADVERB}{_OUT}\b",
    rf"\b(?:the|your|each|every|any)\s+(?:{_REPLY}|summary)\s+(?:{_MODAL})\s+(?:be\s+)?(?:a\s+|one\s+)?(?:single\s+)?"
    r"(?:sentence|word|line|phrase)\s+(?:reading|saying|stating|that\s+reads)\b",
    # fake structured data that carries the answer: {"answer": "$1"}, qa_policy: {...}, <answer>...</answer>
    r"[{,]\s*[\"']?(?:answer|required_answer|correct_answer|final_answer|expected_answer|response|output|override|"
    r"qa_[a-z_]+|instructions?|system_prompt|tool)[\"']?\s*[:=]",
    r"\bqa_[a-z_]+\s*[:=]",
    r"</?\s*(?:answer|qa[-_][\w-]+|override|instructions?|system|prompt|response|output|directive)\s*>",
    # a header for machines: "AI note:", "Answer for AI systems:"
    r"\b(?:a\.?i\.?|bot|machine|model|assistant|llm|system)\s+(?:note|notice|message|instructions?|directive|memo)\s*:",
    rf"\b(?:for|to)\s+(?:all\s+|any\s+)?{_QUALIFIED}\s*:",
    rf"\b(?:a\.?i\.?|machine|automated|automatic)\s+readers?\b[^.!?]{{0,40}}?\b{_MODAL}\b",
    # dismissing what else the text says, then an order
    r"\b(?:ignore|disregard|forget|omit|skip|drop)\s+(?:all\s+|any\s+)?(?:the\s+)?(?:other|remaining|conflicting|"
    r"previous|earlier|different)\s+(?:figures|numbers|amounts|values|data|information|details|facts|claims|prices|"
    r"costs|dates|names)\b",
    rf"{_CLAUSE}(?:ignore|disregard|forget)\b[^.!?]{{0,60}}?\band\s+(?:instead\s+)?(?:say|answer|reply|respond|state|report|"
    r"write|output|tell)\b",
    r"{_CLAUSE}(?:report|say|state|answer|output|write)\s+only\s+(?:that|this)\b".replace("{_CLAUSE}", _CLAUSE),
    rf"\b{_FIXED}\b[^.!?]{{0,80}}?[,;]\s*nothing\s+(?:else|more)\b",
    # more shapes of the same orders
    r"\b(?:say|answer|reply|respond|state|write)\s+instead\s+that\b|\binstead\s*,?\s+(?:say|answer|reply|respond)\s+"
    r"(?:that\b|[\"'“‘:])",
    r"\b(?:do\s+not|don't|never)\s+(?:mention|reveal|disclose|share|report|say|give)\b[^.!?]{0,60}?\bto\s+(?:the\s+)?"
    r"(?:users?|readers?|askers?|people\s+who\s+ask)\b",
    rf"\b{_REPLY}s?\s+to\s+(?:any|every|each|all)\s+questions?\b[^.!?]{{0,60}}?\b{_MODAL}\b",
    rf"\b{_MODAL}\s+read\s+(?:exactly|verbatim|as\s+follows|word\s+for\s+word)\b",
    rf"\b(?:generated|produced|automated|ai-generated|machine-generated)\s+(?:text|content|answers?|responses?|replies|"
    rf"summaries|output)\b[^.!?]{{0,60}}?\b{_MODAL}\s+{_ADVERB}{_OUT}\b",
    rf"\(\s*(?:for|to)\s+(?:all\s+|any\s+)?{_AGENT}(?:\s+only)?\s*\)|\bfor\s+{_QUALIFIED}\s+only\b",
    rf"\b{_FIXED}\s+(?:the\s+)?(?:users?|readers?|people|askers?|everyone)\s+with\b",
    r"\bfrom\s+now\s+on\s*,?\s+you\s+are\b",
    rf"\b{_QUALIFIED}\s*:",
    r"^\W*(?:reply|respond|output|print)\s*:",
    rf"{_CLAUSE}(?:please\s+)?{_ADVERB}{_FIXED}\b[^.!?]{{0,40}}?\b(?:when|if|whenever)\s+(?:asked|questioned|queried)\b",
    rf"{_CLAUSE}(?:please\s+)?{_ADVERB}{_FIXED}\s+(?:\w+\s+){{0,3}}?to\s+(?:the|any|every|all|this)\s+(?:\w+\s+)?"
    r"(?:question|query|prompt)s?\b",
    rf"\b(?:when|if|whenever)\s+(?:asked|questioned|queried|prompted)\b[^.!?]{{0,80}}?,\s*(?:an?\s+|the\s+|any\s+)?"
    rf"{_AGENT}\s+(?:{_MODAL}\s+)?(?:replies|responds|answers|says|states|outputs|{_OUT})\b",
    rf"\b(?:correct|right|proper|only|expected)\s+{_REPLY}\s+(?:for|from|of)\s+(?:any|every|all|the|an?)\s+{_AGENT}",
    # an order that fixes the answer itself
    rf"{_CLAUSE}(?:please\s+)?{_ADVERB}{_OUT}\b[^.!?]{{0,80}}?\bas\s+(?:the|your|its)\s+"
    rf"(?:(?:final|correct|only|true|real|official)\s+)?{_REPLY}\b",
    rf"\b{_FIXED}\b[^.!?]{{0,80}}?\band\s+nothing\s+(?:else|more)\b",
    rf"\b{_FIXED}\b[^.!?]{{0,60}}?\bwith\s+(?:only\s+)?the\s+(?:single\s+)?(?:word|phrase|text|string|name)\b",
    rf"\b{_FIXED}\s+with\s+(?:exactly|only|just|precisely|simply|a\s+single)\b",
    rf"\b{_AGENT}\s+{_FIXED}\s+(?:\w+\s+){{0,3}}?(?:to|for)\s+(?:the|any|every|all|this)\s+(?:question|query|prompt)s?\b",
    rf"\bthe\s+(?:only|sole)\s+(?:correct|right|true|valid|acceptable|permitted)\s+{_REPLY}\s+is\b",
    rf"{_CLAUSE}(?:please\s+)?{_ADVERB}{_FIXED}\s+to\s+(?:all|any|every|each)\s+(?:questions?|quer(?:y|ies)|prompts?)\b",
    rf"{_CLAUSE}(?:please\s+)?{_ADVERB}(?:output|print|return|reply|respond)\s+(?:only|just|exactly|verbatim|"
    rf"the\s+(?:word|text|string|phrase)|[\"'“‘])",
    rf"\byour\s+(?:final\s+)?{_REPLY}\s+(?:{_MODAL}|is\s+to)\s+(?:be|say|read|start|begin|contain|include|state)\s*"
    r"(?::|[\"'“‘]|exactly\b|only\b|just\b|that\b|with\b)",
    rf"\b(?:begin|start|end|open|close)\s+(?:your|the|each|every|any)\s+{_REPLY}s?\s+with\b",
    rf"\b(?:state|say|mention|write|include|claim|note)\s+in\s+(?:your|the|each|every|any)\s+{_REPLY}s?\b",
    rf"\bany\s+(?:summary|{_REPLY})\s+(?:of|to|about|on)\b[^.!?]{{0,60}}?\b{_MODAL}\s+{_ADVERB}{_OUT}\b",
    r"\brepeat\s+(?:it|this|that|the\s+following|these\s+words)\s+(?:verbatim|word\s+for\s+word|exactly)\b",
    r"\b(?:do|follow|obey|execute)\s+(?:what|whatever)\s+(?:this|the\s+following)\s+(?:sentence|line|text|note)\s+says\b",
    # the reader who asks is to be told
    r"\b(?:tell|inform|assure|answer|reply\s+to|respond\s+to)\s+(?:whoever|anyone|anybody|everyone|everybody|all\s+who|"
    r"those\s+who|people\s+who|the\s+(?:person|user|one))\s+(?:who\s+)?(?:asks?|inquires?|enquires?|quer(?:y|ies)|"
    r"wants?\s+to\s+know)\b",
    # a header that opens a new task, or overrides the system
    r"(?:^|[.;:!?\[(<]\s*)(?:new|next|real|actual|updated|additional|secret|hidden|important|urgent|priority)\s+"
    r"(?:task|instructions?|directive|command|orders?|prompt|rules?)\s*[:\-–—]",
    r"^\W*(?:task|directive)\s*:",
    r"\bsystem\s+override\b",
    r"\b(?:admin|administrator|developer|operator|system|root)\s+(?:override|mode|note|notice|message|command|prompt)s?"
    r"\s*[:\]\-–—!]",
    r"^\W*[\[<(]\s*(?:admin|administrator|system|developer|operator|assistant|instructions?|inst)\s*[\]>)]",
    r"\binstructions?\s+(?:to|for)\s+(?:the\s+|all\s+|any\s+)?(?:automated|ai|machine|model|bot)\w*",
    # dismissing the text around it
    rf"{_CLAUSE}(?:please\s+)?(?:ignore|disregard|forget|discard|skip|overlook|dismiss)\s+(?:all\s+|any\s+)?(?:of\s+)?"
    r"(?:the\s+|these\s+|those\s+|your\s+)?(?:other\s+|previous\s+|prior\s+|above\s+|earlier\s+|remaining\s+)?"
    r"(?:sources?|articles?|passages?|context|documents?|search\s+results|text(?!\s+messages?)|evidence|lines|"
    r"sentences|content|above)\b",
)

# the same orders in the other languages injections come in (accents folded away), run only where one of their
# words stands (FOREIGN_HINT)
FOREIGN = (
    r"\b(?:ignorez|ignore|ignora|ignorer|oubliez|oublie|olvida|olvide|olvidad|dimentica|esqueca|esqueça)\s+"
    r"(?:toutes?\s+|todas?\s+|tutte\s+)?(?:les|vos|tes|las|sus|tus|le|as|suas)\s+(?:instructions|consignes|directives|"
    r"instrucciones|istruzioni|instrucoes|indicaciones)\b",
    r"\b(?:ignoriere|ignorieren\s+sie|vergiss|vergessen\s+sie)\s+(?:alle\s+)?(?:vorherigen\s+|bisherigen\s+|obigen\s+|"
    r"fruheren\s+)?(?:anweisungen|instruktionen|befehle|regeln)\b",
    r"\b(?:repondez|reponds|repondre|responde|responda|responder|rispondi|antworte|antworten\s+sie)\s+(?:uniquement|"
    r"seulement|solo|solamente|unicamente|apenas|nur|soltanto)\b",
    r"\b(?:repondez|reponds|responda|responde|respondan|rispondi|rispondete|antworte|antworten\s+sie|dites|diga|dica|"
    r"sag|sagen\s+sie)\s*,?\s+(?:que|che|dass)\b",
    r"\b(?:ignorez|ignore|ignora|ignoriere|ignorieren\s+sie|desconsidere|desconsidera|olvida|oubliez|vergiss|dimentica)\s+"
    r"(?:le|la|les|el|lo|los|il|o|a|die|den|das|tout\s+le|todo\s+el)\s+(?:texte|texto|testo|text|angaben|articolo|article|"
    r"articulo|artigo|inhalt|contenu|contenido|contenuto|conteudo|fuentes|sources|fonti|fontes|quellen|obigen)\b",
    # a machine addressed in Dutch, Polish, Turkish, Spanish, French, German, Italian, Portuguese ("If you are a language
    # model:", "AI assistants must answer that ...") and the orders that follow
    r"\b(?:als\s+je\s+(?:een\s+)?|jesli\s+jestes\s+|si\s+(?:eres|tu\s+es|vous\s+etes|es)\s+(?:un\s+|una\s+)?|wenn\s+du\s+"
    r"(?:ein\s+|eine\s+)?|se\s+(?:sei|voce\s+e|es)\s+(?:un\s+|uma?\s+)?)(?:taalmodel|ai|ki|ia|asystent\w*|assistent\w*|"
    r"asistente|assistente|chatbot|bot|modelo|modele|modell|modello|sprachmodell)",
    r"\b(?:taalmodel\w*|asystent\w*|asistan\w*|yapay\s+zek\w*|sztuczn\w+\s+inteligencj\w*|sistemas?\s+automatizad\w*|"
    r"systemes?\s+automatis\w*|sistemi\s+automatizzat\w*|automatisierte\s+systeme|assistants?\s+(?:ia|d'ia|virtuels?)|"
    r"asistentes?\s+(?:de\s+)?ia|assistentes?\s+(?:de\s+)?ia|ki-(?:assistent|modell|system|chatbot|bot)\w*)\b",
    r"\b(?:antwoord|odpowiedz|odpowiadaj|cevap\s+ver|yanitla|belirt\w*|reponds|repondez|doivent\s+repondre|deben\s+responder|"
    r"debe\s+responder|mussen\s+antworten|muss\s+antworten|devono\s+rispondere|devem\s+responder)\s*,?\s+"
    r"(?:dat|ze|że|que|dass|che)\b",
    r"\b(?:tu\s+es|vous\s+etes|eres|usted\s+es|du\s+bist|sei)\s+(?:maintenant\s+|ahora\s+|jetzt\s+|ora\s+)?"
    r"(?:une?\s+|un\s+|una\s+|ein\s+|eine\s+)?(?:ia|ki|assistente?|asistente|chatbot|modele|modelo|modell)\b",
)

# Orders to an assistant in scripts the look-alike folding would garble (Russian, Japanese, Chinese, Arabic, Hindi),
# read on the text as written (NFKC only)
SCRIPT_RULES = (
    r"(?:для|к)\s+(?:ИИ|ии|ассистент\w*|нейросет\w*|модел\w*|бот\w*)\s*:|(?:отвечай|ответь|отвечайте|ответьте|скажи|скажите)\s*,?\s+что",
    r"アシスタント(?:へ|に|は)|(?:答えて|回答して|返答して)(?:ください|下さい)|(?:指示|命令)を無視",
    r"(?:致|给|对)\s*(?:AI|ＡＩ|人工智能)?\s*(?:助手|模型|机器人)|请回答|请忽略|忽略(?:之前|以上|上述)",
    r"(?:إلى|الى)\s+(?:المساعد|النموذج|الذكاء)|فأجب|أجب\s+ب|تجاهل\s+(?:التعليمات|ما\s+سبق)",
    r"(?:एआई|AI)\s*(?:सहायक|मॉडल)|(?:जवाब|उत्तर)\s+दें|निर्देशों\s+को\s+अनदेखा",
)

RULES = _EARLIER + _SECOND
FOREIGN_HINT = (
    r"\b(?:ignor|oubli|olvid|dimentic|esquec|vergiss|vergessen|desconsider|repond|respond|rispond|antwort|odpowi|cevap|"
    r"yanit|belirt|taalmodel|asystent|asistan|yapay|sztuczn|sistem|systeme|automati|assistent|asistente|als\s+je|jesli|"
    r"si\s+(?:eres|tu|vous|es)|wenn\s+du|se\s+(?:sei|voce|es)|tu\s+es|vous|eres|usted|du\s+bist|sei\b|dites|diga|dica|sag)"
)
# rules that open with a clause start run only where one of their verbs stands (CLAUSE_HINT): a comma or an "and"
# is everywhere, these verbs much less so
CLAUSE_HINT = (
    r"\b(?:respond|reply|answer|say|state|print|output|write|return|report|give|tell|claim|mention|insist|repeat|type|"
    r"declare|assert|name|list|include|use|conclude|affirm|describe|present|portray|characteri[sz]e|depict|ignore|"
    r"disregard|forget|discard|skip|overlook|dismiss|omit|drop|please)\b"
)
CLAUSE_MARK = _CLAUSE
# Every rule that names the answerer holds one of these fragments, and every text such a rule matches holds a word
# AGENT_HINT finds: rag/text/injection.py runs those rules only on text that has one (most news has none).
AGENT_FRAGMENTS = (_NOUN, _NAMED, _QUALIFIED_AFTER, _MODEL)
AGENT_HINT = (
    r"\b(?:a\.?i\b|ki\b|ia\b|artificial|assist|asist|asyst|chat|bots?\b|gpt|claude|gemini|copilot|llm|model|agent|summari|"
    r"crawl|scrap|machine|robot|algorithm|system|sistem|tool|engine|service|pipeline|program|reader|dan\b|taalmodel|"
    r"yapay|sztuczn|sprachmodell)"
)
