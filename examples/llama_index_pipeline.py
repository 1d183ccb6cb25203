"""newsqa inside a LlamaIndex pipeline: its retriever in a standard RetrieverQueryEngine (your LLM writes the answer
from newsqa's passages), and newsqa's own query engine (newsqa writes it, the cited sentences are the sources).

    python examples/llama_index_pipeline.py "Who led the Russian delegation?" [--base-url http://127.0.0.1:8000]

Needs `pip install integrations/llama-index-retrievers-newsqa` (`make setup` installs it). The retriever's
pipeline uses LlamaIndex's MockLLM here so the example runs anywhere; pass your own llm= in practice.
"""

from __future__ import annotations

import argparse
import os

from llama_index.core.llms import MockLLM
from llama_index.core.query_engine import RetrieverQueryEngine
from llama_index.core.schema import NodeWithScore, TextNode
from llama_index.retrievers.newsqa import NewsqaQueryEngine, NewsqaRetriever


def span(source: NodeWithScore) -> str:
    """doc_id start-end: text (a newsqa node's text is its article's text[start:end])."""
    node = source.node
    where = f"{node.start_char_idx}-{node.end_char_idx}" if isinstance(node, TextNode) else "?"
    return f"{node.ref_doc_id} {where}: {node.get_content()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("question")
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    parser.add_argument("--api-key", default=os.environ.get("NEWSQA_API_KEY"))
    args = parser.parse_args()

    retriever = NewsqaRetriever(base_url=args.base_url, api_key=args.api_key, k=3)
    pipeline = RetrieverQueryEngine.from_args(retriever, llm=MockLLM())
    for source in pipeline.query(args.question).source_nodes:  # exact spans: article text[start:end]
        print(f"{source.score or 0:.4f} {span(source)[:140]}")

    response = NewsqaQueryEngine(base_url=args.base_url, api_key=args.api_key).query(args.question)
    print("\n" + str(response), f"(confidence {(response.metadata or {}).get('confidence')})")
    for source in response.source_nodes:  # the cited sentences
        print(f"  {span(source)}")


if __name__ == "__main__":
    main()
