"""Server-rendered charts: altair specifications drawn to SVG by vl-convert, shown as an image with a text
alternative. Every chart on a page has its data in a table beside it."""

import base64
import functools

from markupsafe import Markup, escape


def svg(chart) -> str:
    return _drawn(chart.to_json())


@functools.lru_cache(maxsize=128)
def _drawn(specification: str) -> str:
    """Drawing is the slow part of a chart; the same figures give the same drawing, so it is kept."""
    import vl_convert

    return vl_convert.vegalite_to_svg(specification)


def image(chart, alt: str) -> Markup:
    encoded = base64.b64encode(svg(chart).encode()).decode()
    return Markup(f'<img class="sd-chart" src="data:image/svg+xml;base64,{encoded}" alt="{escape(alt)}">')
