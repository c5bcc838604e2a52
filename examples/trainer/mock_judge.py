"""A stand-in for the VLM judge, to try the render term without a vision model.

It is an OpenAI-compatible server (POST /v1/chat/completions) that answers every request with
the same grade for each of MetaSpatial's five aspects, after an optional delay, and counts the
images it was sent. It judges nothing: use it to check the plumbing and to measure the
server's own throughput, never to train.

    python3 examples/trainer/mock_judge.py --port 0 --grade 6 --delay-ms 0
    relayout serve --judge --judge-base-url http://127.0.0.1:PORT/v1 --judge-model mock

The first line printed names its URL. Only the standard library is used.
"""

import argparse
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ASPECTS = ["realism_and_3d_geometric_consistency", "functionality_and_activity_based_alignment",
           "layout_and_furniture", "color_scheme_and_material_choices",
           "overall_aesthetic_and_atmosphere"]


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--grade", type=float, default=6.0)
    p.add_argument("--delay-ms", type=float, default=0.0)
    a = p.parse_args()
    seen = {"requests": 0, "images": 0}
    lock = threading.Lock()
    answer = json.dumps({k: {"grade": a.grade, "comment": "mock judge"} for k in ASPECTS})

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def _send(self, code, body):
            data = json.dumps(body).encode()
            self.send_response(code)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):
            with lock:
                self._send(200, dict(seen))

        def do_POST(self):
            body = json.loads(self.rfile.read(int(self.headers.get("content-length", 0))) or b"{}")
            images = sum(
                1
                for m in body.get("messages", [])
                if isinstance(m.get("content"), list)
                for part in m["content"]
                if part.get("type") == "image_url"
            )
            with lock:
                seen["requests"] += 1
                seen["images"] += images
            if a.delay_ms > 0:
                time.sleep(a.delay_ms / 1000)
            self._send(200, {
                "id": "mock", "object": "chat.completion", "model": body.get("model", "mock"),
                "choices": [{"index": 0, "finish_reason": "stop",
                             "message": {"role": "assistant", "content": answer}}],
            })

    server = ThreadingHTTPServer(("127.0.0.1", a.port), Handler)
    print(f"mock judge on http://127.0.0.1:{server.server_address[1]}/v1", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
