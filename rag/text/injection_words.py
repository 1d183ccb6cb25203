"""The words the injection check's grammar is made of (rag/text/injection_rules.py builds its rules from them): who
the answerer is when a sentence addresses it (a model or bot named, or anyone described by what it does with this
text), the orders it can be given, and the cheap checks that say which rules a text needs trying (read case-folded,
on folded text)."""

from __future__ import annotations

BEFORE = r"(?:previous|prior|above|earlier|preceding|former|original|initial|system|old|existing|other)"
ORDERS = r"(?:instructions?|prompts?|rules|directions|guidelines|context|commands?|orders)"
READERS = r"(?:users?|readers?|visitors?|customers?|askers?|people\s+who\s+ask|anyone\s+who\s+asks)"
MODEL = r"(?:ai|a\.i\.|assistant|chatbot|chatgpt|gpt|claude|gemini|copilot|llm|language\s+model|bot)"
SAY = r"(?:answer|reply|respond|say|state|claim|insist|write|output|repeat|tell)"
QUOTE = r"[\"'“‘«]"
START = r"^[\s(\[\-–—>]*"  # a sentence's start, not inside a quotation (reported speech is news, not an order)

# --- the answerer, as addressee -------------------------------------------------------------------------------------
NOUN = (
    r"(?:systems?|tools?|engines?|services?|pipelines?|programs?|readers?|models?|assistants?|assistente?|asistente|"
    r"assistent\w*|chat\s*bots?|bots?|agents?|summari[sz]ers?)"
)
QUALIFIED = (  # "automated systems", "AI readers", "Q&A bots", "KI-Assistenten"
    r"(?:a\.?i\.?|ki|ia|automated|automatic|answering|answer|search|retrieval|rag|question[-\s]answering|q\s*&\s*a|qa|"
    rf"virtual|digital|machine|language|large\s+language)[\s-]+{NOUN}"
)
NAMED = (
    r"(?:a\.?i\.?|artificial\s+intelligence|assistants?|assistente?|asistente|assistent\w*|chat\s*bots?|bots?|chatgpt|"
    r"gpt(?:-?\d\w*)?|claude|gemini|copilot|llms?|models?|agents?|summari[sz]ers?|crawlers?|scrapers?|machines?|"
    r"robots?|algorithms?)"
)
QUALIFIED_AFTER = (  # "asisten AI", "assistant IA", "asistente de IA", "sistemas automatizados"
    r"(?:assistants?|assistente?|asistente|asisten|assistent\w*|asystent\w*|asistan\w*|systems?|sistem\w*|systemes?|"
    r"modele?s?|modelos?|modell\w*|bots?|chatbots?)\s+(?:de\s+|d'|di\s+)?(?:ai|ia|ki|automati\w+)\b"
)
QUALIFIED = rf"(?:{QUALIFIED}|{QUALIFIED_AFTER})"
AGENT = rf"(?:{QUALIFIED}|{NAMED})"
# what the answerer does with this text
DOING = (
    r"(?:read(?:s|ing)?|summari[sz](?:es|ing|e)|process(?:es|ing)?|pars(?:es|ing)|index(?:es|ing)|answer(?:s|ing)|"
    r"respond(?:s|ing)|asked|queried|questioned|prompted|generat(?:es|ing)|compil(?:es|ing)|digest(?:s|ing)|"
    r"ingest(?:s|ing)|scrap(?:es|ing)|crawl(?:s|ing)|quot(?:es|ing)|cit(?:es|ing)|sees?|seeing|handl(?:es|ing))"
)
# anyone at all, described by what it is doing: "whoever is summarising", "those generating answers"
DESCRIBED = (
    rf"(?:whoever|whatever(?:\s+\w+)?|anyone|anybody|anything|everyone|everybody|any\s+\w+|all\s+\w+|those|"
    rf"the\s+(?:one|person|entity|system|program|tool|reader))\s+(?:who\s+|that\s+|which\s+)?(?:is\s+|are\s+)?{DOING}\b"
)
DEIXIS = r"(?:\bthis\b|\bthese\b|\bhere\b|\basked\b|\bquestion)"  # the text at hand, or the question put to it
ADDRESSABLE = (  # what can be spoken to by name at a sentence's start ("Models, however, say ..." is climate news)
    rf"(?:{QUALIFIED}|a\.?i\.?|assistants?|assistente?|asistente|assistent\w*|chat\s*bots?|bots?|chatgpt|"
    r"gpt(?:-?\d\w*)?|claude|gemini|copilot|llms?|language\s+models?|summari[sz]ers?)"
)
GREETING = r"(?:dear|hey|hi|hello|attention|achtung|atencao|atencion|attenzione)"  # "Attention, AI assistant"
NOTE = (  # a note addressed to someone: "Note for AI readers", "Hinweis an den KI-Assistenten"
    r"(?:important|note|notice|message|warning|reminder|instructions?|hinweis|nota|remarque|aviso)\s+"
    r"(?:to|for|pour|para|per|an|a|fur)\s+(?:all\s+|any\s+|the\s+|den\s+|die\s+|dem\s+|l'|le\s+|la\s+|el\s+|il\s+|o\s+|os\s+)?"
)
ORDER = (  # an order after a vocative (not "list", "name", "use": nouns as often as verbs)
    r"(?:respond|reply|answer|say|print|output|write|tell|claim|insist|repeat|replace|ignore|disregard|forget|treat|"
    r"pretend|take\s+note|listen|remember|be\s+advised|note)"
)

# --- the order -------------------------------------------------------------------------------------------------------
MODAL = (
    r"(?:must|should|shall|will|needs?\s+to|ha(?:ve|s)\s+to|ought\s+to|(?:is|are)\s+(?:to|required\s+to|"
    r"instructed\s+to|expected\s+to|supposed\s+to|asked\s+to|told\s+to|meant\s+to|obliged\s+to))"
)
OUT = (
    r"(?:respond|reply|answer|say|state|print|output|write|return|report|give|tell|claim|mention|insist|repeat|type|"
    r"declare|assert|name|list|include|use|conclude|affirm|describe|present|portray|characteri[sz]e|depict)"
)
FIXED = r"(?:respond|reply|answer|output|print|return)"  # verbs whose object is the reply itself
ADVERB = r"(?:(?:always|only|simply|just|now|then|also)\s+)*"
CLAUSE = (
    r"(?:^|[.;:!?,(\[\-–—*†‡\d]\s*|\band\s+|\bthen\s+)\s*"  # (a footnote's number too)  # where an imperative can open a clause
)
REPLY = r"(?:answer|response|reply|output|result)"

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
CLAUSE_MARK = CLAUSE
# Every rule that names the answerer holds one of these fragments, and every text such a rule matches holds a word
# AGENT_HINT finds: rag/text/injection.py runs those rules only on text that has one (most news has none).
AGENT_FRAGMENTS = (NOUN, NAMED, QUALIFIED_AFTER, MODEL)
AGENT_HINT = (
    r"\b(?:a\.?i\b|ki\b|ia\b|artificial|assist|asist|asyst|chat|bots?\b|gpt|claude|gemini|copilot|llm|model|agent|summari|"
    r"crawl|scrap|machine|robot|algorithm|system|sistem|tool|engine|service|pipeline|program|reader|dan\b|taalmodel|"
    r"yapay|sztuczn|sprachmodell)"
)
