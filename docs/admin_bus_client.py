#!/usr/bin/env python3
"""An admin client of the ROI engine's TCP event-bus bridge, with the standard library only.

Lists the models (admin.models.list), then, with --listen SECONDS, prints every push on live.models.changed
for that long. The bridge is off unless the engine runs with bridge.tcp.port set (BRIDGE_TCP_PORT=7001).

    ROI_TOKEN=$(java -jar target/roi-ml.jar token --role admin) python3 docs/admin_bus_client.py --port 7001 --listen 60

Exit status: 0 on success; 2 when the bridge refuses (the error JSON is printed on stderr).
"""
import argparse
import json
import os
import socket
import struct
import sys
import time
import uuid


class BridgeError(Exception):
    """A refused or failed request: the HTTP status and the error body {"code", "message", "field"?}."""

    def __init__(self, status, error):
        super().__init__(f"{status} {error.get('code')}: {error.get('message')}")
        self.status = status
        self.error = error


class Bridge:
    """One TCP connection; each frame is a 4-byte big-endian length and that many bytes of UTF-8 JSON."""

    def __init__(self, host, port, token):
        self.sock = socket.create_connection((host, port), timeout=30)
        self.headers = {"authorization": "Bearer " + token}
        self.pushes = []

    def _write(self, frame):
        data = json.dumps(frame).encode("utf-8")
        self.sock.sendall(struct.pack(">i", len(data)) + data)

    def _read_exactly(self, count):
        chunks = b""
        while len(chunks) < count:
            chunk = self.sock.recv(count - len(chunks))
            if not chunk:
                raise ConnectionError("the bridge closed the connection")
            chunks += chunk
        return chunks

    def read(self):
        (length,) = struct.unpack(">i", self._read_exactly(4))
        return json.loads(self._read_exactly(length).decode("utf-8"))

    def request(self, address, body=None):
        """Sends a request and returns the reply's body; pushes that arrive meanwhile are kept in self.pushes."""
        reply = str(uuid.uuid4())
        self._write({"type": "send", "address": address, "replyAddress": reply, "headers": self.headers, "body": body or {}})
        while True:
            frame = self.read()
            if frame.get("address") == reply:
                if frame["type"] == "err":
                    raise BridgeError(frame["failureCode"], json.loads(frame["message"]))
                return frame["body"]
            if frame["type"] == "err":
                raise BridgeError(frame.get("failureCode"), json.loads(frame.get("message", "{}")))
            self.pushes.append(frame)

    def register(self, address):
        self._write({"type": "register", "address": address, "headers": self.headers})

    def close(self):
        self.sock.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--listen", type=float, default=0, help="seconds to print pushes on live.models.changed")
    args = parser.parse_args()
    bridge = Bridge(args.host, args.port, os.environ["ROI_TOKEN"])
    try:
        for model in bridge.request("admin.models.list")["models"]:
            print(f"{model['model_name']}\t{model['prediction_type']}\tlatest v{model['latest_version']}"
                  f"\tproduction {model['production_version']}")
        if args.listen > 0:
            bridge.register("live.models.changed")
            bridge.sock.settimeout(args.listen)
            deadline = time.monotonic() + args.listen
            while time.monotonic() < deadline:
                try:
                    frame = bridge.read()
                except socket.timeout:
                    break
                if frame["type"] == "err":
                    raise BridgeError(frame.get("failureCode"), json.loads(frame.get("message", "{}")))
                print(json.dumps(frame["body"]), flush=True)
    except BridgeError as refused:
        print(json.dumps(refused.error), file=sys.stderr)
        return 2
    finally:
        bridge.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
