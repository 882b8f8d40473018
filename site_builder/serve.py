"""`site-builder serve`: build, serve on localhost, rebuild on change, reload.

The server adds one script tag to the HTML it serves (never to the files
on disk): the script asks `/__build_id` every second and reloads the page
when a rebuild changed it. It is a same-origin file, so the pages' Content
Security Policy allows it.
"""

from __future__ import annotations

import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from .build import build, theme_dirs
from .config import SiteConfig, load_config
from .report import Reporter

RELOAD_SCRIPT = b"""(function () {
  var current = null;
  function poll() {
    fetch("/__build_id", {cache: "no-store"}).then(function (r) { return r.text(); }).then(function (id) {
      if (current !== null && id !== current) { window.location.reload(); }
      current = id;
    }).catch(function () {}).finally(function () { setTimeout(poll, 1000); });
  }
  poll();
})();
"""
RELOAD_TAG = b'<script src="/__livereload.js"></script>'


class BuildCounter:
    def __init__(self) -> None:
        self.value = 0
        self.lock = threading.Lock()

    def bump(self) -> None:
        with self.lock:
            self.value += 1


class ReloadingHandler(SimpleHTTPRequestHandler):
    counter: BuildCounter
    reload: bool

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        if path == "/__build_id":
            return self._send(str(self.counter.value).encode(), "text/plain")
        if path == "/__livereload.js":
            return self._send(RELOAD_SCRIPT, "text/javascript")
        if self.reload and (path.endswith((".html", "/"))):
            target = Path(self.translate_path(path))
            if target.is_dir():
                target = target / "index.html"
            if target.is_file():
                html = target.read_bytes()
                if b"</body>" in html:
                    html = html.replace(b"</body>", RELOAD_TAG + b"</body>", 1)
                return self._send(html, "text/html; charset=utf-8")
        return super().do_GET()

    def _send(self, body: bytes, content_type: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


def serve(config: SiteConfig, reporter: Reporter, *, port: int, out_dir: Path | None, watch: bool) -> None:
    out = out_dir or config.output_path
    build(config, reporter, out_dir=out)
    counter = BuildCounter()
    handler = functools.partial(ReloadingHandler, directory=str(out))
    ReloadingHandler.counter = counter
    ReloadingHandler.reload = watch
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    reporter.stage("serve", f"http://127.0.0.1:{server.server_port}/  (Ctrl+C to stop)")
    try:
        if watch:
            _watch_and_rebuild(config, reporter, out, counter)
        else:
            thread.join()
    finally:
        server.shutdown()


def _watch_and_rebuild(config: SiteConfig, reporter: Reporter, out: Path, counter: BuildCounter) -> None:
    from watchfiles import watch

    paths = [p for p in (config.input_path, config.content_path, *theme_dirs(config)) if p.exists()]
    config_file = config.root / "site.yml"
    if config_file.exists():
        paths.append(config_file)
    out_resolved = out.resolve()
    for changes in watch(*paths, debounce=300):
        changed = [Path(p) for _, p in changes if not Path(p).resolve().is_relative_to(out_resolved)]
        if not changed:
            continue
        reporter.stage("change", f"{len(changed)} file(s); rebuilding")
        try:
            if config_file in changed or config_file.resolve() in [p.resolve() for p in changed]:
                config = load_config(config_file)
            build(config, reporter, out_dir=out)
        except Exception as exc:  # keep serving the last good site
            reporter.warn("build", str(exc).splitlines()[0] if str(exc) else type(exc).__name__, "kept the last site")
            continue
        counter.bump()
