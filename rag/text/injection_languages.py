"""The injection check's rules in the other languages injections come in: Latin-script ones read on folded text
(accents folded away), and scripts the look-alike folding would garble read on the text as written."""

from __future__ import annotations

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
