#!/usr/bin/env python3
"""A real SMTP server for the notification tests and the benchmark (aiosmtpd).

Every accepted message is written to DIR as <n>.eml (atomically: written to a temporary name,
then renamed), and a line "<unix time in ns> <Message-ID>" is appended to DIR/accepted.log.
Recipients containing "poison" are refused with 451 (try again later); recipients containing
"refused" with 550 (no such user). --delay-ms slows every DATA down, to catch a worker mid-batch.

Prints "ready <port>" on standard output once it accepts connections; runs until killed.
"""

import argparse
import asyncio
import email
import os
import signal
import sys
import threading
import time

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, directory, delay_ms):
        self.directory = directory
        self.delay = delay_ms / 1000.0
        self.lock = threading.Lock()
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if "poison" in address:
            return "451 4.3.0 Temporary failure, try again later"
        if "refused" in address:
            return "550 5.1.1 No such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)
        data = envelope.original_content or envelope.content
        if isinstance(data, str):
            data = data.encode("utf-8")
        message_id = email.message_from_bytes(data).get("Message-ID", "").strip()
        with self.lock:
            self.count += 1
            n = self.count
            accepted = time.time_ns()
            tmp = os.path.join(self.directory, f".{n}.tmp")
            with open(tmp, "wb") as f:
                f.write(data)
            os.rename(tmp, os.path.join(self.directory, f"{n:06d}.eml"))
            with open(os.path.join(self.directory, "accepted.log"), "a") as log:
                log.write(f"{accepted} {message_id}\n")
        return "250 Message accepted for delivery"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--dir", required=True)
    parser.add_argument("--delay-ms", type=int, default=0)
    args = parser.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    controller = Controller(
        Sink(args.dir, args.delay_ms),
        hostname=args.host,
        port=args.port,
        decode_data=False,
        enable_SMTPUTF8=True,
        data_size_limit=10 * 1024 * 1024,
    )
    controller.start()
    print(f"ready {args.port}", flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    stop.wait()
    controller.stop()
    sys.exit(0)


if __name__ == "__main__":
    main()
