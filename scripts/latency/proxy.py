#!/usr/bin/env python3
"""A TCP proxy that puts a database "far away" and counts the round trips made through it.

    proxy.py --target 127.0.0.1:5432 --delay-ms 150 --ready-file ports.json [--log connections.log] [--trace chunks.log]

Every chunk read from either side is delivered to the other side delay-ms later: per direction, so a
round trip costs 2 x delay-ms; in order; and without serializing the delays (chunks read together are
delivered together, delay-ms after they were read). The TCP handshake itself is local and not delayed.

A round trip is counted each time a client sends data after the server's last data reached it (the first
client flight of a connection counts too): the exchanges a client has to wait for. Connections opened
are counted too. GET / on the control port answers the totals as JSON:
{"round_trips": N, "connections": M, "open": K}. Once both ports listen, their numbers are written to
the ready file as {"port": P, "control": C}. --log writes a line per closed connection; --trace a line per
chunk read (milliseconds since the start, connection, > client to server or < server to client, bytes, and
"new round trip" where one starts), to see where a connection's round trips go.
"""
import argparse
import asyncio
import json
import os

CHUNK = 1 << 16


class Totals:
    round_trips = 0
    connections = 0
    open = 0


class Connection:
    trace = None
    started = 0.0

    def __init__(self, number):
        self.number = number
        self.round_trips = 0
        self.server_spoke = True  # so that the first client flight counts
        self.bytes_up = 0
        self.bytes_down = 0

    def client_sent(self, data):
        self.bytes_up += len(data)
        new = self.server_spoke
        if new:
            self.server_spoke = False
            self.round_trips += 1
            Totals.round_trips += 1
        self.write_trace(">", data, " new round trip" if new else "")

    def server_sent(self, data):
        self.write_trace("<", data, "")

    def server_reached_client(self, data):
        self.bytes_down += len(data)
        self.server_spoke = True

    def write_trace(self, direction, data, note):
        if Connection.trace:
            now = (asyncio.get_running_loop().time() - Connection.started) * 1000
            Connection.trace.write(f"{now:10.1f} {self.number:4d} {direction} {len(data):6d}{note}\n")
            Connection.trace.flush()


async def pipe(reader, writer, delay, on_read, on_delivered):
    """Reads chunks as they come and has a second task deliver each one delay seconds after it was read."""
    loop = asyncio.get_running_loop()
    queue = asyncio.Queue()

    async def deliver():
        while True:
            due, data = await queue.get()
            wait = due - loop.time()
            if wait > 0:
                await asyncio.sleep(wait)
            if not data:
                if writer.can_write_eof():
                    writer.write_eof()
                return
            on_delivered(data)
            writer.write(data)
            await writer.drain()

    delivering = asyncio.create_task(deliver())
    try:
        try:
            while True:
                data = await reader.read(CHUNK)
                if data:
                    on_read(data)
                queue.put_nowait((loop.time() + delay, data))
                if not data:
                    break
        except (ConnectionError, OSError):
            queue.put_nowait((loop.time() + delay, b""))
        await delivering
    finally:
        delivering.cancel()


def make_handler(target_host, target_port, delay, log):
    async def handle(client_reader, client_writer):
        Totals.connections += 1
        Totals.open += 1
        connection = Connection(Totals.connections)
        loop = asyncio.get_running_loop()
        opened = loop.time()
        server_writer = None
        try:
            server_reader, server_writer = await asyncio.open_connection(target_host, target_port)
            up = asyncio.create_task(pipe(client_reader, server_writer, delay, connection.client_sent, lambda data: None))
            down = asyncio.create_task(pipe(server_reader, client_writer, delay, connection.server_sent, connection.server_reached_client))
            done, pending = await asyncio.wait([up, down], return_when=asyncio.FIRST_EXCEPTION)
            for task in pending:
                task.cancel()
        except (ConnectionError, OSError):
            pass
        finally:
            Totals.open -= 1
            for writer in (client_writer, server_writer):
                if writer is not None:
                    writer.close()
            if log:
                log.write(f"connection {connection.number}: {connection.round_trips} round trips, "
                          f"{connection.bytes_up} bytes up, {connection.bytes_down} down, "
                          f"open {loop.time() - opened:.3f} s\n")
                log.flush()

    return handle


async def control(reader, writer):
    try:
        await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 5)
        body = json.dumps({"round_trips": Totals.round_trips, "connections": Totals.connections, "open": Totals.open})
        writer.write(f"HTTP/1.0 200 OK\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n{body}".encode())
        await writer.drain()
    except (asyncio.TimeoutError, asyncio.IncompleteReadError, ConnectionError):
        pass
    finally:
        writer.close()


async def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--target", required=True, help="host:port of the server")
    parser.add_argument("--delay-ms", type=float, default=0, help="one-way delay in milliseconds")
    parser.add_argument("--listen-port", type=int, default=0, help="0: any free port")
    parser.add_argument("--control-port", type=int, default=0, help="0: any free port")
    parser.add_argument("--ready-file", required=True)
    parser.add_argument("--log", help="one line per closed connection")
    parser.add_argument("--trace", help="one line per chunk read")
    args = parser.parse_args()

    host, port = args.target.rsplit(":", 1)
    log = open(args.log, "a") if args.log else None
    Connection.trace = open(args.trace, "a") if args.trace else None
    Connection.started = asyncio.get_running_loop().time()
    server = await asyncio.start_server(make_handler(host, int(port), args.delay_ms / 1000, log), "127.0.0.1", args.listen_port)
    control_server = await asyncio.start_server(control, "127.0.0.1", args.control_port)
    ports = {"port": server.sockets[0].getsockname()[1], "control": control_server.sockets[0].getsockname()[1]}
    with open(args.ready_file + ".tmp", "w") as ready:
        json.dump(ports, ready)
    os.replace(args.ready_file + ".tmp", args.ready_file)
    async with server, control_server:
        await asyncio.gather(server.serve_forever(), control_server.serve_forever())


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        pass
