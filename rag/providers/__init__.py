"""Model providers behind tiny protocols: embedders (with their token counters) and chat models, and the
environment that keeps every model library off the network (offline.py).

Heavy libraries are imported only by the provider that needs them: onnxruntime in minilm.py, openai in
openai_compat.py, xllamacpp in local_llm.py, tokenizers in wordpiece.py.
"""
