"""Bar charts as inline SVG, drawn on the server (no JavaScript, prints well)."""

from __future__ import annotations

from markupsafe import Markup, escape

WIDTH, HEIGHT = 720, 220
TOP, BOTTOM, LEFT = 18, 34, 8


def _number(value: float) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def bar_chart(title: str, points: list[tuple[str, float]],
              compare: list[tuple[str, float]] | None = None) -> Markup:
    """Bars for ``points``; ``compare`` (same labels) draws a marker per bar, e.g. an average."""
    peak = max([v for _, v in points] + [v for _, v in compare or []] + [1])
    step = (WIDTH - 2 * LEFT) / max(len(points), 1)
    bar = max(step * 0.7, 1)
    usable = HEIGHT - TOP - BOTTOM
    parts = [f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
             f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">',
             f"<title>{escape(title)}</title>"]
    for i, (label, value) in enumerate(points):
        x = LEFT + i * step + (step - bar) / 2
        h = usable * value / peak
        y = TOP + usable - h
        parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" '
                     f'class="bar"><title>{escape(label)}: {_number(value)}</title></rect>')
        if value:
            parts.append(f'<text x="{x + bar / 2:.1f}" y="{y - 3:.1f}" class="value" '
                         f'text-anchor="middle">{_number(value)}</text>')
        parts.append(f'<text x="{x + bar / 2:.1f}" y="{HEIGHT - BOTTOM + 14}" class="label" '
                     f'text-anchor="middle">{escape(label)}</text>')
    for i, (_, value) in enumerate(compare or []):
        x = LEFT + i * step + (step - bar) / 2
        y = TOP + usable - usable * value / peak
        parts.append(f'<line x1="{x:.1f}" x2="{x + bar:.1f}" y1="{y:.1f}" y2="{y:.1f}" '
                     f'class="mark"/>')
    parts.append(f'<line x1="{LEFT}" x2="{WIDTH - LEFT}" y1="{TOP + usable}" '
                 f'y2="{TOP + usable}" class="axis"/></svg>')
    return Markup("".join(parts))


def hbar_chart(title: str, points: list[tuple[str, float]],
               compare: list[tuple[str, float]] | None = None) -> Markup:
    """Horizontal bars with their names: for categories with long Russian titles."""
    row, label_w, width = 22, 250, WIDTH
    height = row * len(points) + 8
    peak = max([v for _, v in points] + [v for _, v in compare or []] + [1])
    usable = width - label_w - 50
    parts = [f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
             f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">',
             f"<title>{escape(title)}</title>"]
    for i, (label, value) in enumerate(points):
        y = 4 + i * row
        w = usable * value / peak
        parts.append(f'<text x="{label_w - 6}" y="{y + 15}" class="label" '
                     f'text-anchor="end">{escape(label)}</text>')
        parts.append(f'<rect x="{label_w}" y="{y + 3}" width="{w:.1f}" height="{row - 8}" '
                     f'class="bar"><title>{escape(label)}: {_number(value)}</title></rect>')
        parts.append(f'<text x="{label_w + w + 4:.1f}" y="{y + 15}" class="value">'
                     f'{_number(value)}</text>')
    for i, (_, value) in enumerate(compare or []):
        x = label_w + usable * value / peak
        parts.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{4 + i * row + 1}" '
                     f'y2="{4 + i * row + row - 3}" class="mark"/>')
    parts.append("</svg>")
    return Markup("".join(parts))


def draw(chart) -> Markup:
    """A report Chart as SVG: labelled categories get horizontal bars."""
    maker = hbar_chart if chart.horizontal else bar_chart
    return maker(chart.title, chart.points, chart.compare)


CHART_CSS = """
svg.chart { width: 100%; max-width: 760px; height: auto; font: 12px sans-serif; }
svg.chart .bar { fill: #3b6ea8; } svg.chart .mark { stroke: #d9822b; stroke-width: 3; }
svg.chart .axis { stroke: #888; } svg.chart .label { fill: #444; } svg.chart .value { fill: #222; }
"""
