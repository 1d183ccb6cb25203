"""The LlamaIndex integration (integrations/llama-index-retrievers-newsqa) against a served app (real Chroma,
bag-of-words embedder, scripted model): retriever nodes whose offsets slice the article to the node text, alone and
inside a standard RetrieverQueryEngine; the query engine's source nodes are the cited spans; sync and async; the
server's refusals as NewsqaError; and the package builds as a wheel."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from llama_index.core.llms import MockLLM
from llama_index.core.query_engine import RetrieverQueryEngine
from llama_index.core.schema import NodeRelationship
from llama_index.retrievers.newsqa import NewsqaError, NewsqaQueryEngine, NewsqaRetriever

from rag.settings import Settings
from tests.fakes import ScriptedLLM
from tests.helpers import ROOT, SEED_ID, fake_components, seed_text, served

QUESTION = "Who led the Russian delegation?"
PACKAGE = ROOT / "integrations" / "llama-index-retrievers-newsqa"


def test_retriever_nodes_are_exact_spans_of_their_article_sync_async_and_inside_a_query_engine(settings: Settings) -> None:
    with served(fake_components(settings, ScriptedLLM())) as port:
        retriever = NewsqaRetriever(base_url=f"http://127.0.0.1:{port}", k=3)
        nodes = retriever.retrieve(QUESTION)
        later = asyncio.run(retriever.aretrieve(QUESTION))
        piped = RetrieverQueryEngine.from_args(retriever, llm=MockLLM()).query(QUESTION)
    assert nodes and [n.node.node_id for n in nodes] == [n.node.node_id for n in later]
    for found in nodes:
        node = found.node
        assert node.ref_doc_id == SEED_ID and node.relationships[NodeRelationship.SOURCE].node_id == SEED_ID
        assert seed_text()[node.start_char_idx : node.end_char_idx] == node.get_content()
        assert node.metadata["title"] and node.metadata["published_at"].startswith("2025-05-17")
    assert [n.node.node_id for n in piped.source_nodes] == [n.node.node_id for n in nodes]


def test_query_engine_source_nodes_are_the_cited_spans(settings: Settings) -> None:
    llm = ScriptedLLM(default="Vladimir Medinsky led the Russian delegation [1].")
    with served(fake_components(settings, llm)) as port:
        engine = NewsqaQueryEngine(base_url=f"http://127.0.0.1:{port}", min_confidence=0)
        response = engine.query(QUESTION)
        later = asyncio.run(engine.aquery(QUESTION))
    assert str(response) == "Vladimir Medinsky led the Russian delegation [1]." == str(later)
    (source,) = response.source_nodes
    node = source.node
    assert "Medinsky" in node.get_content() and seed_text()[node.start_char_idx : node.end_char_idx] == node.get_content()
    assert response.metadata is not None and response.metadata["status"] == "answered"
    assert response.metadata["newsqa"]["citations"][0]["quote"] == node.get_content()


def test_a_refused_request_raises_newsqa_error_with_the_servers_code(settings: Settings) -> None:
    components = fake_components(settings, ScriptedLLM())
    components.keys.create("bot", "read")
    with served(components) as port:
        with pytest.raises(NewsqaError) as refused:
            NewsqaRetriever(base_url=f"http://127.0.0.1:{port}").retrieve(QUESTION)
        with pytest.raises(NewsqaError) as unreachable:
            NewsqaQueryEngine(base_url="http://127.0.0.1:9", timeout=5).query(QUESTION)
    assert refused.value.code == "missing_key" and refused.value.status == 401
    assert unreachable.value.code == "unreachable"


def test_the_package_builds_as_a_wheel_with_its_namespace_intact(tmp_path: Path) -> None:
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w", str(tmp_path), str(PACKAGE)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = tmp_path.glob("llama_index_retrievers_newsqa-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "llama_index/retrievers/newsqa/base.py" in names
    assert "llama_index/__init__.py" not in names  # a namespace: llama-index-core's llama_index stays importable
    metadata = next(n for n in names if n.endswith("METADATA"))
    requires = [line for line in zipfile.ZipFile(wheel).read(metadata).decode().splitlines() if line.startswith("Requires-Dist")]
    assert any("llama-index-core" in r for r in requires) and not any("torch" in r for r in requires)


def test_the_examples_run_against_a_server(settings: Settings) -> None:
    llm = ScriptedLLM(default="Vladimir Medinsky led the Russian delegation [1].")
    with served(fake_components(settings, llm)) as port:
        pipeline = _example("llama_index_pipeline.py", QUESTION, "--base-url", f"http://127.0.0.1:{port}")
        session = _example("mcp_client.py", QUESTION, "--url", f"http://127.0.0.1:{port}/mcp")
    assert f"{SEED_ID} " in pipeline and "Vladimir Medinsky led the Russian delegation [1]." in pipeline
    assert "tools: ask, search, get_article, list_recent" in session and "Sources:\n[1] " in session
    assert "Highlighted, characters" in session


def _example(name: str, *args: str) -> str:
    command = [sys.executable, str(ROOT / "examples" / name), *args]
    done = subprocess.run(command, check=False, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout
