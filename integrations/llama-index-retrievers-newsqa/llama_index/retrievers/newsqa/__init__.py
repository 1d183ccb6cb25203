"""newsqa in LlamaIndex: a retriever over /v1/search and a query engine over /v1/ask, exact spans kept."""

from llama_index.retrievers.newsqa.base import NewsqaError, NewsqaQueryEngine, NewsqaRetriever

__all__ = ["NewsqaError", "NewsqaQueryEngine", "NewsqaRetriever"]
