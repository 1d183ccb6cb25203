"""Raw-socket clients for the probes: a request written byte for byte, a response read as it arrives."""

from __future__ import annotations

import json
import socket

QUESTION = "Who led the Russian delegation?"
ASK_STREAM = json.dumps({"question": QUESTION, "stream": True}).encode()
CHAT_STREAM = json.dumps({"messages": [{"role": "user", "content": QUESTION}], "stream": True}).encode()


def post(port: int, path: str, body: bytes, key: str | None = None) -> socket.socket:
    """A socket that has sent one POST with a JSON body (the response is left for the caller to read)."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    auth = f"Authorization: Bearer {key}\r\n" if key else ""
    head = (
        f"POST {path} HTTP/1.1\r\nHost: localhost\r\n{auth}Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    sock.sendall(head.encode() + body)
    return sock


def status_of(sock: socket.socket) -> int:
    """The status of the response coming on sock (only its status line is read)."""
    head = b""
    while b"\r\n" not in head:
        head += sock.recv(1)
    return int(head.split()[1])


def request(port: int, raw: bytes) -> bytes:
    """Send raw bytes on a new connection; everything the server sends until it closes."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(raw)
        reply = b""
        while chunk := sock.recv(65536):
            reply += chunk
        return reply


def request_socket(port: int, raw: bytes) -> socket.socket:
    """A new connection that has sent raw bytes."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    sock.sendall(raw)
    return sock


def reply(sock: socket.socket) -> tuple[int, dict[str, str], bytes]:
    """Status, headers and body of one response (read until the connection closes or the body is complete)."""
    data = b""
    while b"\r\n\r\n" not in data and (chunk := sock.recv(65536)):
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {k.lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
    while len(body) < int(headers.get("content-length", "0")) and (chunk := sock.recv(65536)):
        body += chunk
    return int(lines[0].split()[1]), headers, body
