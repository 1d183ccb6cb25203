"""Model providers behind tiny protocols: embedders (with their token counters) and chat models.

Heavy libraries are imported only by the provider that needs them: onnxruntime in minilm.py, openai in
openai_compat.py, xllamacpp in local_llm.py, tokenizers in wordpiece.py.
"""
