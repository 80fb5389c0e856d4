"""A TCP proxy on 127.0.0.1 that adds a round-trip time and counts the client's turns.

``LatencyProxy(target_port, rtt=0.02)`` forwards every connection to the target and
delays each chunk by half the round trip in each direction, keeping order (chunks in
flight do not add up: like a real link, ten pipelined commands cost one round trip,
ten commands one after the other cost ten). ``turns`` counts the chunks clients wrote
(about one per round trip a client waited for), which is how a test sees whether the
traffic really pipelines. It runs in a ``tests.smtp_servers.ServerThread`` (or in its
own process via ``python -m tests.latency_proxy TARGET_PORT RTT``, for benchmarks).
"""

from __future__ import annotations

import asyncio
import sys
import time

from tests.smtp_servers import ServerThread, free_port


class LatencyProxy:
    def __init__(self, target_port: int, *, rtt: float = 0.0, target_host: str = "127.0.0.1"):
        self.target = (target_host, target_port)
        self.delay = rtt / 2
        self.port = free_port()
        self.turns = 0
        self.connections = 0
        self._running: ServerThread | None = None

    async def _pipe(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, *, from_client: bool
    ) -> None:
        queue: asyncio.Queue[tuple[float, bytes]] = asyncio.Queue()

        async def forward() -> None:
            while True:
                due, chunk = await queue.get()
                wait = due - time.monotonic()
                if wait > 0:
                    await asyncio.sleep(wait)
                if not chunk:
                    writer.close()
                    return
                writer.write(chunk)
                await writer.drain()

        forwarding = asyncio.create_task(forward())
        try:
            while True:
                chunk = await reader.read(65536)
                if from_client and chunk:
                    self.turns += 1
                queue.put_nowait((time.monotonic() + self.delay, chunk))
                if not chunk:
                    break
            await forwarding
        except (ConnectionError, OSError):
            forwarding.cancel()
            writer.close()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        try:
            up_reader, up_writer = await asyncio.open_connection(*self.target)
        except OSError:
            writer.close()
            return
        await asyncio.gather(
            self._pipe(reader, up_writer, from_client=True),
            self._pipe(up_reader, writer, from_client=False),
            return_exceptions=True,
        )

    async def serve(self) -> None:
        server = await asyncio.start_server(self._handle, "127.0.0.1", self.port)
        async with server:
            await server.serve_forever()

    def start(self) -> LatencyProxy:
        self._running = ServerThread(self._handle, self.port, name="latency-proxy")
        self._running.start()
        return self

    def stop(self) -> None:
        if self._running is not None:
            self._running.stop()
            self._running = None

    def __enter__(self) -> LatencyProxy:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def main() -> None:
    """``python -m tests.latency_proxy TARGET_PORT RTT_SECONDS``: prints the port, serves."""
    proxy = LatencyProxy(int(sys.argv[1]), rtt=float(sys.argv[2]))
    print(proxy.port, flush=True)
    asyncio.run(proxy.serve())


if __name__ == "__main__":
    main()
