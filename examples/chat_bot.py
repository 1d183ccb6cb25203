"""A terminal chat bot over newsqa, written as any OpenAI-protocol bot would be: the official openai client,
the conversation sent with every turn, the answer streamed, the sources printed after it.

    python examples/chat_bot.py [--base-url http://127.0.0.1:8000/v1] [--api-key KEY]

Type a question and Enter; a follow-up ("What did he call it?") is understood from the conversation. An empty
line or Ctrl-D ends the chat. The key defaults to $NEWSQA_API_KEY (servers without keys ignore it).
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

import openai
from openai.types.chat import ChatCompletionMessageParam


def turn(client: openai.OpenAI, messages: list[ChatCompletionMessageParam]) -> str:
    """Stream one answer to the conversation; print it as it arrives and return its content."""
    stream = client.chat.completions.create(model="newsqa", messages=messages, stream=True)
    parts: list[str] = []
    citations: list[dict[str, Any]] = []
    for chunk in stream:
        if chunk.choices and chunk.choices[0].delta.content:
            parts.append(chunk.choices[0].delta.content)
            print(chunk.choices[0].delta.content, end="", flush=True)
        citations = (chunk.model_extra or {}).get("citations", citations)
    print(f"\n({len(citations)} exact citation(s))\n", flush=True)
    return "".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description="Chat with newsqa through its OpenAI-compatible API.")
    parser.add_argument("--base-url", default="http://127.0.0.1:8000/v1")
    parser.add_argument("--api-key", default=os.environ.get("NEWSQA_API_KEY", "none"))
    args = parser.parse_args()
    client = openai.OpenAI(base_url=args.base_url, api_key=args.api_key)
    messages: list[ChatCompletionMessageParam] = []
    while True:
        print("you> ", end="", flush=True)
        line = sys.stdin.readline()
        if not line.strip():
            return
        messages.append({"role": "user", "content": line.strip()})
        print("newsqa> ", end="", flush=True)
        messages.append({"role": "assistant", "content": turn(client, messages)})


if __name__ == "__main__":
    main()
