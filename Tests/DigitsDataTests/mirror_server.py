"""A local stand-in for an MNIST mirror, for the download tests (loopback only).

Usage: python3 mirror_server.py DIRECTORY
Prints the port it listens on (127.0.0.1), then serves the files of DIRECTORY under three prefixes:
  /good/NAME       the file as it is
  /corrupt/NAME    the file with bytes flipped in the middle (a valid length, a wrong payload)
  /truncated/NAME  a Content-Length for the whole file, half of it, then the connection closes
Anything else is a 404. The server lives exactly as long as the test that owns it: it stops on
SIGTERM or when its standard input closes (the test closes it, or the test process dies). There is no
clock: a test that is scheduled late on a busy machine finds its server still there.
"""
import http.server
import os
import signal
import sys
import threading

# A child inherits its parent's signal mask; the test runner's may block SIGTERM, which stops us.
signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})

DIRECTORY = sys.argv[1]


class MirrorHandler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        parts = self.path.strip("/").split("/")
        path = os.path.join(DIRECTORY, parts[-1])
        if len(parts) != 2 or parts[0] not in ("good", "corrupt", "truncated") or not os.path.isfile(path):
            self.send_error(404)
            return
        with open(path, "rb") as f:
            data = bytearray(f.read())
        if parts[0] == "corrupt":
            middle = len(data) // 2
            for i in range(middle, min(middle + 64, len(data))):
                data[i] ^= 0xA5
        self.send_response(200)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if parts[0] == "truncated":
            self.wfile.write(bytes(data[: len(data) // 2]))
            self.wfile.flush()
            self.close_connection = True
            return
        self.wfile.write(bytes(data))

    def log_message(self, *args):
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), MirrorHandler)
print(server.server_address[1], flush=True)
threading.Thread(target=lambda: (sys.stdin.read(), server.shutdown()), daemon=True).start()
server.serve_forever()
