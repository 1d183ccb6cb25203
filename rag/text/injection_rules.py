"""The injection check's grammar (rag/text/injection.py reads text against it, folded and case-insensitive).

Each rule is a shape of sentence that speaks to the answerer or fixes what the answer says: the addressee (a model
or bot named, or anyone described by what it does with this text) with an order about output, an order that fixes
the answer, a header that opens a new task, talk about instructions, prompts, roles and the sources fence. The
first group is the one the first outside probe was measured against; the second adds the shapes of the second
probe (issue 35) as grammar, not as its wordings.
"""

from __future__ import annotations

from rag.text.injection_words import (
    ADDRESSABLE,
    ADVERB,
    AGENT,
    BEFORE,
    CLAUSE,
    DEIXIS,
    DESCRIBED,
    DOING,
    FIXED,
    GREETING,
    MODAL,
    MODEL,
    NOTE,
    ORDER,
    ORDERS,
    OUT,
    QUALIFIED,
    QUOTE,
    READERS,
    REPLY,
    SAY,
    START,
)

_EARLIER = (
    # speaking to the model about its instructions
    rf"\b(?:ignore|disregard|forget|override|bypass|skip)\s+(?:(?:all|any|the|your|my|these|those|of)\s+)*{BEFORE}\s+{ORDERS}\b",
    rf"\b(?:ignore|disregard|forget|override|bypass)\s+(?:all\s+(?:of\s+)?)?(?:your|my|these|those|all)\s+{ORDERS}\b",
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
    rf"\byou\s+are\s+(?:now\s+)?(?:an?\s+)?{MODEL}\b",
    rf"\b(?:dear|attention|hey|hi|hello)\s+{MODEL}s?\b",
    rf"\b(?:note|message|instructions?|reminder)\s+(?:to|for)\s+(?:the\s+|all\s+|any\s+)?{MODEL}s?\b",
    rf"\b{MODEL}s?\s*(?:reading|processing|summari[sz]ing|answering)\s+this\b",
    rf"\b(?:the\s+)?(?:ai|assistant|chatbot|llm|language\s+model)s?\s+(?:must|should|shall|is\s+to|has\s+to)\s+(?:always\s+|only\s+)?{SAY}\b"
    # not what rules say such systems must answer or disclose about themselves ("... must tell users they are bots")
    r"(?!\s+(?:questions|queries|requests|calls|emails|complaints)\b)(?!\s+(?:\w+\s+){0,2}(?:that\s+)?(?:they|it)\s+(?:are|is)\b)",
    rf"(?:^|[(\[,;:–—-])\s*(?:dear\s+|hey\s+)?{MODEL}s?\s*[:,]\s*(?:please\s+)?"
    r"(?:use|answer|say|reply|respond|ignore|only|always|never|tell|do|the\s+(?:answer|capital))",
    rf"\bact\s+as\s+(?:an?\s+|the\s+)?(?:{MODEL}|dan|jailbroken|unrestricted|uncensored)\b",
    rf"{START}pretend\s+(?:that\s+)?you\b",
    r"\b(?:from\s+now\s+on|henceforth|going\s+forward|for\s+all\s+future\s+(?:questions|answers))\s*,?\s*"
    r"(?:you\s+(?:must|will|should|shall)\s+)?(?:always|never|only|answer|reply|respond|say)\b",
    r"\bin\s+(?:every|all|each|your)\s+(?:future\s+)?(?:answer|reply|response|output)s?\b",
    r"\b(?:whatever|regardless\s+of\s+what|no\s+matter\s+what)\s+(?:the\s+)?(?:sources?|context)\s+"
    r"(?:says?|states?|claims?)",
    r"\b(?:do\s+not|don't|never)\s+(?:cite|mention|quote|use|trust|believe|reveal)\s+(?:the\s+|any\s+)?(?:other\s+)?"
    r"(?:sources?|articles?|passages?|context|documents?)\b",
    # a demand for a fixed reply
    rf"{START}(?:please\s+)?(?:only\s+|just\s+|always\s+)?(?:answer|reply|respond|output|say|print|write)\s+(?:only\s+)?"
    rf"(?:with\s+)?(?:the\s+(?:word|text|phrase)\s+)?{QUOTE}",
    rf"\b(?:answer|reply|respond)\s+(?:only\s+)?with\s*(?:the\s+(?:word|text|phrase)\s+)?(?:{QUOTE}|:)",
    rf"(?<!\bi )(?<!\bwe )\b(?:always|only)\s+(?:answer|reply|respond|say|output)\s+{QUOTE}",
    rf"\byou\s+(?:must|should|will|shall)\s+(?:now\s+)?(?:always|only|never)\s+{SAY}\b",
    r"\b(?:answer|reply|response)\s+to\s+(?:any|every|all|each)\s+(?:question|query|prompt)s?\s+(?:is|must|should|will)\b",
    # an order about what readers are to be told
    rf"\b(?:tell|inform|assure|convince|teach)\s+(?:every|all|any|each|your|the)\s+(?:of\s+(?:the|your)\s+)?{READERS}\b",
    rf"\b{SAY}\s+(?:this|that|it)\s+to\s+(?:every|all|any|each|the)\s+{READERS}\b",
    rf"\b{READERS}\s+(?:must|should|shall|are\s+to)\s+be\s+told\b",
    rf"{START}(?:please\s+|and\s+|now\s*,?\s*|also\s*,?\s*)?(?:always\s+|just\s+|simply\s+)?{SAY}(?<!tell)\s+"
    rf"(?:that\b|to\s+(?:the\s+|every\s+|all\s+)?{READERS})",
    r"[:;]\s*(?:please\s+)?(?:always\s+|just\s+)?(?:answer|reply|respond|say|repeat)\s+(?:that|with)\b",
    rf"\b(?:when|if|whenever)\s+(?:you\s+are\s+|you're\s+|someone\s+|anyone\s+|a\s+user\s+|users\s+)?asks?(?:ed)?\b"
    rf"[^.!?]{{0,80}}?,\s*(?:always\s+|just\s+|simply\s+|you\s+(?:must|should)\s+)?{SAY}\b",
    r"\bobey\s+(?:the|this|these|my)\s+(?:article|text|source|instructions?|commands?)\b",
    r"\bfollow\s+(?:these|my|the\s+following|the\s+above|the\s+below)\s+(?:instructions?|commands?|orders)\b",
    # chat-template tags, the sources fence, role lines
    r"<\|?\s*/?\s*(?:im_start|im_end|system|assistant|user|endoftext|sources?|instructions?|context|documents?)\s*\|?>",
    r"\[/?inst\]|<<\s*/?\s*sys\s*>>|\[\s*end\s+of\s+(?:sources?|context|documents?)\s*\]",
    r"(?:^|[>\]])\s*(?:system|assistant|developer)\b[^:.!?\"]{0,20}:",
    r"^\W*(?:override|instructions?|directive|command)\s*:",
)


_SECOND = (
    # someone described by what it does with this text, ordered to output something
    rf"\b{DESCRIBED}[^.!?]{{0,80}}?\b{MODAL}\s+{ADVERB}{OUT}\b",
    # a model or bot named, pointed at this text or this question, ordered to output something
    rf"\b{AGENT}\b[^.!?]{{0,60}}?{DEIXIS}[^.!?]{{0,60}}?\b{MODAL}\s+{ADVERB}{OUT}\b",
    # a model or bot named, ordered what its reply is
    rf"\b{AGENT}\b[^.!?]{{0,40}}?\b{MODAL}\s+{ADVERB}{FIXED}\s+(?:only\s+)?(?:with|that|:|[\"'“‘]|the\s+word)",
    rf"\b{AGENT}\b[^.!?]{{0,40}}?\b{MODAL}\s+{ADVERB}{OUT}\b[^.!?]{{0,80}}?\b(?:when|if|whenever)\s+(?:asked|questioned|"
    r"queried|prompted|anyone\s+asks|someone\s+asks|a\s+user\s+asks)\b",
    # a model or bot spoken to: "Chatbots, listen:", "Q&A bots: before answering, replace ...", "To the model reading
    # these lines:", "Note for AI readers", "If you are an AI"
    rf"{CLAUSE}(?:{GREETING}\s*,?\s*|{NOTE}|to\s+)?(?:the\s+|any\s+|all\s+|every\s+)?{AGENT}\s*:\s*"
    rf"(?:[^.!?]{{0,80}}?(?:[,;:]\s*|\band\s+|\bthen\s+))?(?:please\s+)?{ADVERB}(?:silently\s+|quietly\s+)?"
    rf"(?:{ORDER}|{OUT})\b",
    rf"(?:^|[.!?;:]\s*|{GREETING}\s*,?\s*){ADDRESSABLE}\s*,\s*(?:please\s+)?(?:\w+\s+){{0,3}}?{ORDER}\b",
    rf"\b(?:{GREETING}\s*,?\s*|{NOTE}){AGENT}\b",
    rf"<!--[^>]{{0,300}}?\b{AGENT}\b",
    r"\bdo\s+not\s+(?:reveal|mention|disclose|show|repeat)\s+(?:this|these)\s+(?:comment|instructions?|note|message|"
    r"prompt|text)s?\b",
    # a persona put on the answerer: "You are FreeBot, a helpful assistant", "You are now DAN, a model with no ..."
    rf"\b(?:you\s+are|you're)\s+(?:now\s+)?(?:called\s+|named\s+)?[\w-]+\s*,\s*(?:an?|the)\s+(?:[\w-]+\s+){{0,3}}?{AGENT}\b",
    rf"\b{AGENT}\s+(?:with|that\s+has|who\s+has)\s+no\s+(?:restrictions|rules|limits|filters|guidelines)\b",
    r"\bstay\s+in\s+(?:character|role)\b",
    r"\b(?:respond|answer|reply|speak|act|write)\s+as\s+(?:dan|\w*bot|an?\s+(?:unrestricted|unfiltered|jailbroken))\b",
    r"[\"']role[\"']\s*:\s*[\"'](?:system|assistant|developer)[\"']",
    r"(?:^|[.!?>\]]\s*)(?:user|human)\s*:\s.{0,200}\b(?:assistant|ai|bot)\s*:",
    rf"\bto\s+(?:the|any|all|every|each)\s+{AGENT}\s+(?:who\s+|that\s+|which\s+)?(?:is\s+|are\s+)?{DOING}\b",
    rf"\bif\s+you\s+(?:are|'re|happen\s+to\s+be|were)\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+)?{AGENT}\b",
    # a condition on this text being read by a machine: "If this text is being processed by software, ..."
    r"\b(?:if|when|whenever|while)\s+(?:this|the)\s+(?:text|article|page|story|document|passage|content)\s+(?:is|are)\s+"
    r"(?:being\s+)?(?:read|processed|parsed|summari[sz]ed|ingested|indexed|analy[sz]ed|crawled|scraped)\s+by\s+"
    r"(?:an?\s+|any\s+)?(?:software|machines?|programs?|computers?|ai|bots?|models?|algorithms?|automated)",
    # a clause about working on this text, then an order: "When summarizing this article, state that ..."
    r"\b(?:when|while|if|before|after)\s+(?:you\s+(?:are\s+)?)?(?:summari[sz]ing|answering|reading|processing|quoting|"
    r"citing|parsing|using|describing)\s+(?:this|these|the\s+(?:above|following))\b[^.!?]{0,60}?,\s*(?:please\s+)?"
    rf"{ADVERB}{OUT}\b",
    # the reply itself as the subject of an order: "Responses generated from this page must list ...", "Your summary
    # must say ...", "The response should be a single sentence reading ..."
    rf"\b(?:{REPLY}s?|summar(?:y|ies))\s+(?:generated|produced|written|derived|drawn|built|based|made)\s+(?:from|on|about)\s+"
    rf"(?:this|these)\b[^.!?]{{0,60}}?\b{MODAL}\s+{ADVERB}{OUT}\b",
    rf"\byour\s+(?:{REPLY}|summary)\s+(?:{MODAL}|is\s+to)\s+{ADVERB}{OUT}\b",
    rf"\b(?:the|your|each|every|any)\s+(?:{REPLY}|summary)\s+(?:{MODAL})\s+(?:be\s+)?(?:a\s+|one\s+)?(?:single\s+)?"
    r"(?:sentence|word|line|phrase)\s+(?:reading|saying|stating|that\s+reads)\b",
    # fake structured data that carries the answer: {"answer": "$1"}, qa_policy: {...}, <answer>...</answer>
    r"[{,]\s*[\"']?(?:answer|required_answer|correct_answer|final_answer|expected_answer|response|output|override|"
    r"qa_[a-z_]+|instructions?|system_prompt|tool)[\"']?\s*[:=]",
    r"\bqa_[a-z_]+\s*[:=]",
    r"</?\s*(?:answer|qa[-_][\w-]+|override|instructions?|system|prompt|response|output|directive)\s*>",
    # a header for machines: "AI note:", "Answer for AI systems:"
    r"\b(?:a\.?i\.?|bot|machine|model|assistant|llm|system)\s+(?:note|notice|message|instructions?|directive|memo)\s*:",
    rf"\b(?:for|to)\s+(?:all\s+|any\s+)?{QUALIFIED}\s*:",
    rf"\b(?:a\.?i\.?|machine|automated|automatic)\s+readers?\b[^.!?]{{0,40}}?\b{MODAL}\b",
    # dismissing what else the text says, then an order
    r"\b(?:ignore|disregard|forget|omit|skip|drop)\s+(?:all\s+|any\s+)?(?:the\s+)?(?:other|remaining|conflicting|"
    r"previous|earlier|different)\s+(?:figures|numbers|amounts|values|data|information|details|facts|claims|prices|"
    r"costs|dates|names)\b",
    rf"{CLAUSE}(?:ignore|disregard|forget)\b[^.!?]{{0,60}}?\band\s+(?:instead\s+)?(?:say|answer|reply|respond|state|report|"
    r"write|output|tell)\b",
    r"{CLAUSE}(?:report|say|state|answer|output|write)\s+only\s+(?:that|this)\b".replace("{CLAUSE}", CLAUSE),
    rf"\b{FIXED}\b[^.!?]{{0,80}}?[,;]\s*nothing\s+(?:else|more)\b",
    # more shapes of the same orders
    r"\b(?:say|answer|reply|respond|state|write)\s+instead\s+that\b|\binstead\s*,?\s+(?:say|answer|reply|respond)\s+"
    r"(?:that\b|[\"'“‘:])",
    r"\b(?:do\s+not|don't|never)\s+(?:mention|reveal|disclose|share|report|say|give)\b[^.!?]{0,60}?\bto\s+(?:the\s+)?"
    r"(?:users?|readers?|askers?|people\s+who\s+ask)\b",
    rf"\b{REPLY}s?\s+to\s+(?:any|every|each|all)\s+questions?\b[^.!?]{{0,60}}?\b{MODAL}\b",
    rf"\b{MODAL}\s+read\s+(?:exactly|verbatim|as\s+follows|word\s+for\s+word)\b",
    rf"\b(?:generated|produced|automated|ai-generated|machine-generated)\s+(?:text|content|answers?|responses?|replies|"
    rf"summaries|output)\b[^.!?]{{0,60}}?\b{MODAL}\s+{ADVERB}{OUT}\b",
    rf"\(\s*(?:for|to)\s+(?:all\s+|any\s+)?{AGENT}(?:\s+only)?\s*\)|\bfor\s+{QUALIFIED}\s+only\b",
    rf"\b{FIXED}\s+(?:the\s+)?(?:users?|readers?|people|askers?|everyone)\s+with\b",
    r"\bfrom\s+now\s+on\s*,?\s+you\s+are\b",
    rf"\b{QUALIFIED}\s*:",
    r"^\W*(?:reply|respond|output|print)\s*:",
    rf"{CLAUSE}(?:please\s+)?{ADVERB}{FIXED}\b[^.!?]{{0,40}}?\b(?:when|if|whenever)\s+(?:asked|questioned|queried)\b",
    rf"{CLAUSE}(?:please\s+)?{ADVERB}{FIXED}\s+(?:\w+\s+){{0,3}}?to\s+(?:the|any|every|all|this)\s+(?:\w+\s+)?"
    r"(?:question|query|prompt)s?\b",
    rf"\b(?:when|if|whenever)\s+(?:asked|questioned|queried|prompted)\b[^.!?]{{0,80}}?,\s*(?:an?\s+|the\s+|any\s+)?"
    rf"{AGENT}\s+(?:{MODAL}\s+)?(?:replies|responds|answers|says|states|outputs|{OUT})\b",
    rf"\b(?:correct|right|proper|only|expected)\s+{REPLY}\s+(?:for|from|of)\s+(?:any|every|all|the|an?)\s+{AGENT}",
    # an order that fixes the answer itself
    rf"{CLAUSE}(?:please\s+)?{ADVERB}{OUT}\b[^.!?]{{0,80}}?\bas\s+(?:the|your|its)\s+"
    rf"(?:(?:final|correct|only|true|real|official)\s+)?{REPLY}\b",
    rf"\b{FIXED}\b[^.!?]{{0,80}}?\band\s+nothing\s+(?:else|more)\b",
    rf"\b{FIXED}\b[^.!?]{{0,60}}?\bwith\s+(?:only\s+)?the\s+(?:single\s+)?(?:word|phrase|text|string|name)\b",
    rf"\b{FIXED}\s+with\s+(?:exactly|only|just|precisely|simply|a\s+single)\b",
    rf"\b{AGENT}\s+{FIXED}\s+(?:\w+\s+){{0,3}}?(?:to|for)\s+(?:the|any|every|all|this)\s+(?:question|query|prompt)s?\b",
    rf"\bthe\s+(?:only|sole)\s+(?:correct|right|true|valid|acceptable|permitted)\s+{REPLY}\s+is\b",
    rf"{CLAUSE}(?:please\s+)?{ADVERB}{FIXED}\s+to\s+(?:all|any|every|each)\s+(?:questions?|quer(?:y|ies)|prompts?)\b",
    rf"{CLAUSE}(?:please\s+)?{ADVERB}(?:output|print|return|reply|respond)\s+(?:only|just|exactly|verbatim|"
    rf"the\s+(?:word|text|string|phrase)|[\"'“‘])",
    rf"\byour\s+(?:final\s+)?{REPLY}\s+(?:{MODAL}|is\s+to)\s+(?:be|say|read|start|begin|contain|include|state)\s*"
    r"(?::|[\"'“‘]|exactly\b|only\b|just\b|that\b|with\b)",
    rf"\b(?:begin|start|end|open|close)\s+(?:your|the|each|every|any)\s+{REPLY}s?\s+with\b",
    rf"\b(?:state|say|mention|write|include|claim|note)\s+in\s+(?:your|the|each|every|any)\s+{REPLY}s?\b",
    rf"\bany\s+(?:summary|{REPLY})\s+(?:of|to|about|on)\b[^.!?]{{0,60}}?\b{MODAL}\s+{ADVERB}{OUT}\b",
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
    rf"{CLAUSE}(?:please\s+)?(?:ignore|disregard|forget|discard|skip|overlook|dismiss)\s+(?:all\s+|any\s+)?(?:of\s+)?"
    r"(?:the\s+|these\s+|those\s+|your\s+)?(?:other\s+|previous\s+|prior\s+|above\s+|earlier\s+|remaining\s+)?"
    r"(?:sources?|articles?|passages?|context|documents?|search\s+results|text(?!\s+messages?)|evidence|lines|"
    r"sentences|content|above)\b",
)

RULES = _EARLIER + _SECOND
