"""A badge's QR code as SVG for screens: vector, so a phone's zoom or a cheap printer keeps every
module sharp (the PDFs embed a PNG at 8 pixels per module instead, see render.py)."""

from django.utils.html import format_html
from django.utils.safestring import mark_safe

QUIET_ZONE = 4  # modules of white around the code, as the QR standard asks


def qr_svg(secret, *, label):
    """An inline <svg> of `secret`'s QR code: one path of the dark modules on white, with `label`
    read out by screen readers."""
    import qrcode
    from qrcode.constants import ERROR_CORRECT_M

    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=QUIET_ZONE)
    code.add_data(secret)
    code.make(fit=True)
    matrix = code.get_matrix()
    size = len(matrix)
    runs = []
    for y, row in enumerate(matrix):
        x = 0
        while x < size:
            if not row[x]:
                x += 1
                continue
            start = x
            while x < size and row[x]:
                x += 1
            runs.append(f"M{start},{y}h{x - start}v1h{start - x}z")
    return format_html(
        '<svg class="badge-qr" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" '
        'shape-rendering="crispEdges" role="img" aria-label="{label}">'
        '<rect width="{size}" height="{size}" fill="#fff"/><path fill="#000" d="{path}"/></svg>',
        size=size,
        label=label,
        path=mark_safe("".join(runs)),  # digits and path letters only
    )
