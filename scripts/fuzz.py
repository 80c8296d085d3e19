#!/usr/bin/env python3
"""Randomized raw HTTP/1.1 requests against the Todo API; run by scripts/fuzz.sh.

Every request goes over its own socket as bytes, so framing the API's HTTP client would never produce
(bad chunk sizes, control characters in headers, broken UTF-8) gets sent too. Exits 1 on any 5xx."""
import argparse
import collections
import concurrent.futures
import json
import random
import re
import socket
import urllib.parse

TIMEOUT = 10


def parse_args():
    p = argparse.ArgumentParser()
    p.add_argument("--url", required=True)
    p.add_argument("--requests", type=int, default=10000)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--users", nargs="+", required=True)
    p.add_argument("--tokens", nargs="+", required=True)
    p.add_argument("--expired", required=True)
    p.add_argument("--show", default="", help="a status label (e.g. '400 (Kestrel)') whose requests to print")
    return p.parse_args()


class Fuzzer:
    def __init__(self, args, ids):
        self.users, self.tokens, self.expired, self.ids = args.users, args.tokens, args.expired, ids

    # Paths ------------------------------------------------------------------------------------------
    def task_id(self, r):
        if r.random() < 0.6:
            return str(r.choice(self.ids)) if self.ids else "1"
        return r.choice([str(r.choice(self.ids)) if self.ids else "1", "1", "0", "-1", "2147483647",
                         "2147483648", "99999999999", "99999999999999999999999", "1e3", "0x10", "abc", "%00",
                         "%ff", "%c3%28", "1%00", "%e2%82%ac", "1.5", "+1", " 1", "%20", "1;2", "..", "%2e%2e",
                         "%2f", "\u0661", "\uff11", "A" * r.randint(1, 3000), str(r.randint(-10**6, 10**6))])

    def path(self, r):
        if r.random() < 0.08:
            return r.choice(["/mcp", "/mcp", "/mcp", "/mcp/", "/MCP", "/mcp/x", "/mcp?x=1"])
        base = r.choice(["/api/tasks", "/api/tasks", "/api/{u}/tasks"]).replace(
            "{u}", r.choice(self.users + ["someone_else", "%00", "%ff", "a" * 400, "..", "%2F"]))
        tail = r.choice(["", "", "/{id}", "/{id}", "/{id}/complete", "/{id}/nothing", "/", "//", "/{id}/complete/x"])
        path = base + tail.replace("{id}", self.task_id(r))
        if r.random() < 0.1:
            path = r.choice(["/health", "/alive", "/docs", "/openapi/v1.json", "/", "/api", "/%00", "/%",
                             "/a%zzb", "//api//tasks", "/api/tasks/../tasks", "*", "http://x/api/tasks",
                             "/" + "x" * r.randint(1, 20000), "/caf\u00e9"])
        if r.random() < 0.5:
            path += "?" + self.query(r)
        return path

    def query(self, r):
        values = ["all", "pending", "completed", "created", "updated", "title", "asc", "desc", "", "1", "0", "-1",
                  "500", "501", "99999999999", "1e2", "%00", "%ff", "%c3%28", "%zz", "a" * r.randint(1, 10000), "%C3%BC", "ü" if r.random() < 0.1 else "x"]
        keys = ["status", "sort", "order", "limit", "offset", "x", "", "status%00", "limit[]"]
        parts = [f"{r.choice(keys)}={r.choice(values)}" for _ in range(r.randint(1, 6))]
        if r.random() < 0.05:
            parts.append("limit=1&" * r.randint(100, 3000))
        return "&".join(parts)

    # Headers ----------------------------------------------------------------------------------------
    def authorization(self, r):
        token = r.choice(self.tokens)
        if r.random() < 0.7:
            return f"Bearer {token}"
        head, payload, sig = token.split(".")
        return r.choice([
            f"Bearer {token}", f"Bearer {token}", f"Bearer {token}", f"bearer {token}", f"Bearer  {token} ",
            f"Bearer {self.expired}", f"Bearer {head}.{payload}.", f"Bearer {head}.{payload}.{sig[::-1]}",
            f"Bearer {head}..{sig}", f"Bearer {payload}.{head}.{sig}", "Bearer", "Bearer ", "Basic dXNlcjpwYXNz",
            f"Bearer {'A' * r.randint(100, 20000)}", "Bearer a.b.c", "Bearer ....", "Bearer e30.e30.",
            "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.", f"Bearer {token}\x01", f"Bearer {token}\x7f",
            "Bearer \xff\xfe", f"Bearer {token}, Bearer {token}", None,
        ])

    def content_type(self, r):
        if r.random() < 0.7:
            return "application/json"
        return r.choice([
            "application/json", "application/json", "application/json; charset=utf-8", "application/problem+json",
            "application/json; charset=utf-16", "application/json; charset=nonsense", "text/plain", "", ";", "/",
            "application/", "application/json;;;", "application/json; a=\"unterminated", "*/*", "multipart/form-data",
            "application/x-www-form-urlencoded", "application/json\x01", "application/json; charset=\xff",
            "application/" + "j" * r.randint(1, 9000), None,
        ])

    def extra_headers(self, r):
        """Mostly headers a client may send, now and then one Kestrel must refuse."""
        benign = [
            ("Idempotency-Key", r.choice(["k1", "a" * 300, str(r.random())])),
            ("Origin", r.choice(["http://localhost:3000", "http://evil.test", "null"])),
            ("Accept", r.choice(["*/*", "application/json", "text/html", "", "a/b;q=x", "application/xml"])),
            ("Accept-Language", "fr-CH, fr;q=0.9, *;q=0.5"), ("X-Long", "v" * r.randint(1, 70000)),
            ("Expect", r.choice(["100-continue", "nonsense"])),
            ("Connection", r.choice(["keep-alive", "upgrade", "close, te"])), ("Upgrade", r.choice(["h2c", "websocket"])),
            ("Range", "bytes=0-1"), ("Access-Control-Request-Method", r.choice(["POST", "DELETE", "X"])),
            ("Content-Encoding", r.choice(["gzip", "br", "x"])), ("If-None-Match", "\"x\""),
            ("X-Forwarded-For", r.choice(["1.2.3.4", "garbage", "::1, 999.1.1.1"])), ("Cookie", "a=b; c"),
        ]
        hostile = [
            ("Idempotency-Key", r.choice(["\x01", "\xff", ""])), ("Origin", "\x00"), ("Accept", "\x02"),
            ("X-Ctl", "a\x01b\x7fc"), ("X Bad Name", "1"), ("", "empty"), ("X-Fold", "a\r\n b"), ("X-Nul", "a\x00b"),
            ("X-Latin", "caf\xe9"),
        ]
        headers = [r.choice(hostile if r.random() < 0.1 else benign) for _ in range(r.choice([0, 0, 1, 1, 2, 3]))]
        if r.random() < 0.02:
            headers += [(f"X-Many-{i}", "1") for i in range(r.randint(100, 300))]
        return headers

    # Bodies -----------------------------------------------------------------------------------------
    def body(self, r):
        title = r.choice(["Buy milk", "", "   ", "x" * 200, "x" * 201, "é" * 200, "\u0000", "\ud83d\ude00" * 100,
                          "a" * r.randint(1000, 70000)])
        value = r.choice([title, None, True, False, 0, 1, -1, 1.5, 10**30, "true", [], {}, ["a"]])
        obj = {r.choice(["title", "description", "completed", "id", "user_id", "created_at", "x"]): value
               for _ in range(r.randint(0, 4))}
        if r.random() < 0.4:
            obj["title"] = title
        text = json.dumps(obj, ensure_ascii=r.random() < 0.5)
        kind = r.random()
        if kind < 0.45:
            return text.encode("utf-8", "surrogatepass")
        return r.choice([
            b"", b"{", b"}", b"null", b"[]", b"1", b"\"x\"", b"{\"title\":", b"{'title':'x'}", b"{\"title\":\"x\",}",
            b"{\"title\": \"\xff\xfe\"}", b"\xef\xbb\xbf{\"title\":\"bom\"}", b"{\"title\":\"\\ud800\"}",
            b"{\"title\":\"a\\u0000b\"}", b"{\"completed\": 1e400}", b"{\"completed\": -0}",
            b"{\"title\":\"x\",\"title\":\"y\"}", b"{\"title\":\"x\"}" + b" " * r.randint(1, 70000),
            b"[" * r.randint(30, 100000), b"{\"a\":" * r.randint(30, 5000), b"\x00" * r.randint(1, 100),
            b"{\"title\":" + b"9" * r.randint(10, 5000) + b"}", b"{\"title\":\"x\"}\x00", b"\xc3\x28",
            b"{\"description\":\"" + b"\xed\xa0\x80" + b"\"}", b"{\"title\": \"x\"} trailing",
            bytes(r.getrandbits(8) for _ in range(r.randint(1, 2000))),
            b"{\"completed\": true}", b"{\"completed\": \"true\"}", b"{\"title\":\"ok\",\"completed\":null}",
        ])

    def mcp_body(self, r):
        """A JSON-RPC message for /mcp: mostly a tools/call with arguments as hostile as the task bodies."""
        try:
            arguments = json.loads(self.body(r).decode("utf-8", "replace")) if r.random() < 0.5 else None
        except (ValueError, RecursionError):
            arguments = None
        if not isinstance(arguments, dict):
            arguments = {r.choice(["task_id", "title", "description", "status", "user_id", "x"]):
                         r.choice([self.task_id(r), 1, 0, -1, 2**31, 1.5, None, True, "Buy milk", "", [], {},
                                   "someone_else", r.choice(self.users), "pending", "done", "x" * r.randint(1, 3000)])
                         for _ in range(r.randint(0, 4))}
        name = r.choice(["add_task", "list_tasks", "complete_task", "update_task", "delete_task", "nope", "", None, 5])
        params = r.choice([{"name": name, "arguments": arguments}, {"name": name, "arguments": r.choice([[], "x", 1])},
                           {}, None, {"protocolVersion": "2025-11-25", "capabilities": {}, "clientInfo": {"name": "f", "version": "1"}}])
        message = {"jsonrpc": r.choice(["2.0", "2.0", "2.0", "1.0", None]), "id": r.choice([1, "a", None, 1.5, {}]),
                   "method": r.choice(["tools/call", "tools/call", "tools/list", "initialize", "ping", "server/discover",
                                       "notifications/initialized", "resources/list", "x"]), "params": params}
        return json.dumps({k: v for k, v in message.items() if v is not None or r.random() < 0.2}).encode()

    # Framing ----------------------------------------------------------------------------------------
    def framed(self, r, body):
        """The body with its framing headers; sometimes broken on purpose."""
        kind = r.random()
        if kind < 0.6:
            return [("Content-Length", str(len(body)))], body
        if kind < 0.75:
            chunks = b""
            rest = body
            while rest:
                n = r.randint(1, max(1, len(rest)))
                chunks += b"%x\r\n" % n + rest[:n] + b"\r\n"
                rest = rest[n:]
            return [("Transfer-Encoding", "chunked")], chunks + b"0\r\n\r\n"
        bad_chunks = [
            b"fffffffffffffffff\r\n" + body, b"ffffffffffffffff\r\n" + body, b"7fffffff\r\n" + body,
            b"-1\r\n" + body, b"zz\r\n" + body, b"\r\n" + body, b"5\r\nab", b"2\r\nabcdef\r\n0\r\n\r\n",
            b"5;ext=" + b"e" * r.randint(1, 10000) + b"\r\nhello\r\n0\r\n\r\n", b"5\rhello\r\n0\r\n\r\n",
            b"5\r\nhello\r\n0\r\nX-Trailer: " + b"t" * r.randint(1, 40000) + b"\r\n\r\n", b"0x5\r\nhello\r\n0\r\n\r\n",
            b" 5\r\nhello\r\n0\r\n\r\n", b"5 \r\nhello\r\n0\r\n\r\n", b"\xff\r\n",
        ]
        return r.choice([
            ([("Transfer-Encoding", "chunked")], r.choice(bad_chunks)),
            ([("Content-Length", str(len(body) + r.randint(1, 100)))], body),
            ([("Content-Length", str(max(0, len(body) - 1)))], body),
            ([("Content-Length", r.choice(["abc", "-1", "1e3", " 5", "99999999999999999999", "0x10", ""]))], body),
            ([("Content-Length", str(len(body))), ("Content-Length", str(len(body) + 1))], body),
            ([("Content-Length", str(len(body))), ("Transfer-Encoding", "chunked")], body),
            ([("Transfer-Encoding", r.choice(["gzip, chunked", "identity", "chunked, gzip", "x", "chunked\x01"]))],
             body),
            ([], body),
        ])

    def request(self, r):
        method = r.choice(["GET", "POST", "PUT", "PATCH", "DELETE"]) if r.random() < 0.85 else r.choice(
            ["OPTIONS", "HEAD", "TRACE", "CONNECT", "get", "FOO", "M" * r.randint(1, 400), "GE T", "PRI"])
        target = self.path(r)
        version = "HTTP/1.1" if r.random() < 0.95 else r.choice(
            ["HTTP/1.0", "HTTP/2.0", "HTTP/1.2", "HTTP/9", "http/1.1", ""])
        host = "localhost" if r.random() < 0.97 else r.choice(["", "a b", "localhost:99999", "\x00", "[::1", "x" * 300, None])
        headers = [("Host", host)] if host is not None else []
        if (auth := self.authorization(r)) is not None:
            headers.append(("Authorization", auth))
        if (ct := self.content_type(r)) is not None and r.random() < 0.9:
            headers.append(("Content-Type", ct))
        headers += self.extra_headers(r)
        mcp = target.lower().startswith("/mcp")
        if mcp and r.random() < 0.8:
            headers.append(("Accept", r.choice(["application/json, text/event-stream", "text/event-stream", "*/*"])))
        if mcp and r.random() < 0.5:
            headers.append(("MCP-Protocol-Version", r.choice(["2025-11-25", "2025-06-18", "2026-07-28", "1999-01-01", ""])))
        body = (self.mcp_body(r) if mcp and r.random() < 0.85 else self.body(r)) \
            if method not in ("GET", "HEAD", "DELETE") or r.random() < 0.1 else b""
        framing, payload = self.framed(r, body) if body or r.random() < 0.2 else ([], b"")
        headers += framing
        head = f"{method} {target} {version}\r\n".encode("utf-8")
        head += b"".join(f"{k}: {v}\r\n".encode("latin-1", "replace") for k, v in headers)
        return head + b"Connection: close\r\n\r\n" + payload, r.random() < 0.05


def send(url, raw, half_close):
    """The response's status code; 0 when the server closed without an answer, -1 on timeout."""
    host, port = url.hostname, url.port or 80
    with socket.create_connection((host, port), timeout=TIMEOUT) as s:
        data = b""
        try:
            s.sendall(raw)
            if half_close:
                s.shutdown(socket.SHUT_WR)
            while b"\r\n" not in data:
                chunk = s.recv(65536)
                if not chunk:
                    break
                data += chunk
        except socket.timeout:
            return -1, b""
        except (ConnectionResetError, BrokenPipeError):
            return (int(data.split(b" ")[1]) if data.startswith(b"HTTP/") else 0), data
        if not data.startswith(b"HTTP/"):
            return 0, data
        try:
            while chunk := s.recv(65536):
                data += chunk
        except (socket.timeout, ConnectionResetError):
            pass
        # An interim 100 Continue (the request sent Expect) comes before the answer that counts.
        while re.match(rb"HTTP/1\.1 1\d\d [^\r]*\r\n\r\n", data):
            data = data.split(b"\r\n\r\n", 1)[1]
        return (int(data.split(b" ")[1]) if data.startswith(b"HTTP/") else 0), data


def create_tasks(url, tokens):
    ids = []
    for token in tokens:
        for i in range(5):
            body = json.dumps({"title": f"fuzz {i}"}).encode()
            raw = (f"POST /api/tasks HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer {token}\r\n"
                   f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\nConnection: close\r\n\r\n"
                   ).encode() + body
            status, data = send(url, raw, False)
            if status == 201 and (match := re.search(rb'"id":(\d+)', data)):
                ids.append(int(match.group(1)))
    return ids


def main():
    args = parse_args()
    url = urllib.parse.urlsplit(args.url)
    fuzzer = Fuzzer(args, create_tasks(url, args.tokens))
    r = random.Random(args.seed)
    requests = [fuzzer.request(r) for _ in range(args.requests)]

    statuses = collections.Counter()
    examples = {}
    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        for (raw, half_close), (status, data) in zip(
                requests, pool.map(lambda req: send(url, *req), requests)):
            if status == 505 and is_kestrel_version_refusal(raw, data):
                status = "505 (Kestrel)"
            elif status == 0 and half_close:
                status = "hung up"
            elif isinstance(status, int) and status >= 400 and b"application/problem+json" not in data:
                status = f"{status} (Kestrel)"
            statuses[status] += 1
            if str(status) == args.show and statuses[status] <= 60:
                print(f"--- {status}: {raw[:400]!r}")
            if status not in examples:
                examples[status] = (raw[:300], data[:600])

    server_errors = sum(n for s, n in statuses.items() if isinstance(s, int) and s >= 500)
    print(f"seed {args.seed}: {args.requests} requests")
    print("statuses: " + ", ".join(f"{s}×{n}" for s, n in sorted(statuses.items(), key=lambda i: str(i[0]).zfill(3))))
    print("  (0: closed without an answer; -1: no answer in time; hung up: the client half-closed after sending,\n"
          "  which Kestrel takes for a client that has gone; (Kestrel): Kestrel's own empty answer to a request it\n"
          "  could not parse, before the app runs; 505 (Kestrel) is an HTTP version it does not speak)")
    print(f"5xx responses: {server_errors}")
    for status, (raw, data) in examples.items():
        if status in (0, -1) or isinstance(status, int) and status >= 500:
            print(f"--- a {status}:\n{raw!r}\n{data!r}")
    return 1 if server_errors else 0


def is_kestrel_version_refusal(raw, data):
    """Kestrel's own empty 505 to a request line whose version is not HTTP/1.0 or HTTP/1.1."""
    version = raw.split(b"\r\n", 1)[0].rsplit(b" ", 1)[-1]
    return version not in (b"HTTP/1.0", b"HTTP/1.1") and b"\r\nContent-Length: 0\r\n" in data


if __name__ == "__main__":
    raise SystemExit(main())
