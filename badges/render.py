"""Turn badge HTML into PDF bytes, in chunks, on all cores.

Django-free on purpose: worker processes (`python -m badges.render`) import only
WeasyPrint and this module, parse the badge stylesheet and set up fonts once, then
render chunk after chunk sent over a pipe. Plain subprocesses rather than
multiprocessing: they never re-import the caller's main module (pytest, manage.py,
gunicorn) and never fork a threaded parent. The parent merges the parts in order.
"""

import gc
import io
import json
import logging
import os
import queue
import re
import struct
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

# The badge template writes <img src="qr-secret:CODE">; workers replace it with the QR image.
# Only a template can write that attribute: text printed on a badge is HTML-escaped, so it has no quotes.
QR_SCHEME = "qr-secret:"
PIXELS_PER_MODULE = 8
QR_SRC = re.compile(r'src="qr-secret:([A-Z0-9]{1,64})"')
PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _setup(css_text, static_roots, base_url):
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    from .fetcher import StaticOnlyURLFetcher

    # WeasyPrint reports each rendering step at INFO: noise in a batch of hundreds.
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    font_config = FontConfiguration()
    fetcher = StaticOnlyURLFetcher(static_roots)
    return {
        "font_config": font_config,
        "fetcher": fetcher,
        "base_url": base_url,
        "css": CSS(string=css_text, font_config=font_config, url_fetcher=fetcher, base_url=base_url),
    }


def qr_png_data_uri(secret):
    """The QR code of `secret` as a PNG of PIXELS_PER_MODULE pixels per module (2-module quiet zone).
    One pixel per module was smoothed into grey by PDF viewers at 72-100 dpi and no scanner read it."""
    import base64

    import qrcode
    from PIL import Image
    from qrcode.constants import ERROR_CORRECT_M

    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=2)
    code.add_data(secret)
    code.make(fit=True)
    matrix = code.get_matrix()
    size = len(matrix)
    image = Image.new("1", (size, size), 1)
    image.putdata([0 if dark else 1 for row in matrix for dark in row])
    image = image.resize((size * PIXELS_PER_MODULE,) * 2, Image.Resampling.NEAREST)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False)
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode()


def _with_qr_codes(html):
    return QR_SRC.sub(lambda match: f'src="{qr_png_data_uri(match[1])}"', html)


def _render(html, state):
    from weasyprint import HTML

    html = _with_qr_codes(html)
    return HTML(string=html, url_fetcher=state["fetcher"], base_url=state["base_url"]).write_pdf(
        stylesheets=[state["css"]], font_config=state["font_config"]
    )


def merge_pdfs(parts):
    from pypdf import PdfWriter

    if len(parts) == 1:
        return parts[0]
    writer = PdfWriter()
    for part in parts:
        writer.append(io.BytesIO(part))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def default_processes():
    return max(1, min(2, len(os.sched_getaffinity(0))))


# The pipe protocol: a 4-byte length, then that many bytes (UTF-8 HTML in, PDF out).
def _send(stream, payload):
    stream.write(struct.pack(">I", len(payload)))
    stream.write(payload)
    stream.flush()


def _receive(stream):
    header = stream.read(4)
    if len(header) < 4:
        return None
    (length,) = struct.unpack(">I", header)
    return stream.read(length)


class RenderError(RuntimeError):
    pass


def _run_worker(setup, jobs, results):
    """Parent side: one subprocess, fed chunks from `jobs`, answers into `results`."""
    # The child's warnings go to a file: a pipe nobody reads would fill up and stall it.
    errors = tempfile.TemporaryFile()
    process = subprocess.Popen(
        [sys.executable, "-m", "badges.render"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=errors,
        cwd=PROJECT_ROOT,
        env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT)},
    )
    try:
        _send(process.stdin, json.dumps(setup).encode())
        while True:
            job = jobs.get()
            if job is None:
                break
            index, html = job
            _send(process.stdin, html.encode())
            pdf = _receive(process.stdout)
            if pdf is None:
                process.wait(timeout=30)
                errors.seek(0)
                raise RenderError(errors.read().decode(errors="replace")[-2000:])
            results.put((index, pdf))
    except Exception as error:  # noqa: BLE001 - reported to the parent thread
        results.put((None, error))
    finally:
        process.stdin.close()
        process.wait(timeout=30)
        process.stdout.close()
        errors.close()


def render_chunks(chunks, *, css_text, static_roots, base_url, processes=None, on_chunk=None):
    """Render HTML documents (one per chunk) and return one merged PDF.

    `on_chunk(count)` is called in the calling thread each time a chunk is done.
    """
    processes = processes or default_processes()
    setup = {"css_text": css_text, "static_roots": [str(root) for root in static_roots], "base_url": base_url}
    if processes <= 1:
        # Set up per call, never shared: a threaded server may render two requests at once.
        state = _setup(**setup)
        parts = []
        for index, html in enumerate(chunks):
            parts.append(_render(html, state))
            if on_chunk:
                on_chunk(index + 1)
        return merge_pdfs(parts)
    jobs, results = queue.Queue(), queue.Queue()
    threads = [threading.Thread(target=_run_worker, args=(setup, jobs, results)) for _ in range(processes)]
    for thread in threads:
        thread.start()
    total = 0
    try:
        # Workers start on the first chunks while later ones are still being built here.
        for item in enumerate(chunks):
            jobs.put(item)
            total += 1
    finally:
        for _ in threads:
            jobs.put(None)
    parts = [None] * total
    try:
        for count in range(1, total + 1):
            index, pdf = results.get()
            if index is None:
                raise RenderError(f"A badge render worker failed: {pdf}")
            parts[index] = pdf
            if on_chunk:
                on_chunk(count)
    finally:
        while True:  # on failure, let the other workers stop early
            try:
                jobs.get_nowait()
            except queue.Empty:
                break
        for _ in threads:
            jobs.put(None)
        for thread in threads:
            thread.join()
    return merge_pdfs(parts)


def _worker_main():
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    state = _setup(**json.loads(_receive(stdin)))
    # Layout makes many short-lived objects: collecting less often saves about a tenth of the
    # time here, and frozen set-up objects are never rescanned. Only in these worker processes.
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)
    while (html := _receive(stdin)) is not None:
        _send(stdout, _render(html.decode(), state))


if __name__ == "__main__":
    _worker_main()
