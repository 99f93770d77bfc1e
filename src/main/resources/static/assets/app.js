// Console behaviour: CSRF for htmx requests, charts drawn from data-* attributes
// (data-chart: bar by default, line, or spark for a small line without axes; or data-spec, a
// whole chart as JSON: see drawSpec), and language links that keep the page's parameters.
document.addEventListener('DOMContentLoaded', () => {
  const header = document.querySelector('meta[name="csrf-header"]')?.content;
  const token = document.querySelector('meta[name="csrf-token"]')?.content;
  document.body.addEventListener('htmx:configRequest', (event) => {
    if (header && token) event.detail.headers[header] = token;
  });
  drawCharts(document);
  document.body.addEventListener('htmx:afterSwap', (event) => drawCharts(event.target));
  // an outerHTML swap replaces its target: draw what arrived once it has settled
  document.body.addEventListener('htmx:afterSettle', () => drawCharts(document));
  document.querySelectorAll('nav.lang a').forEach((link) => {
    link.addEventListener('click', () => {
      const url = new URL(window.location.href);
      url.searchParams.set('lang', new URL(link.href).searchParams.get('lang'));
      link.href = url.toString();
    });
  });
});

function drawCharts(root) {
  if (typeof Chart === 'undefined') return;
  root.querySelectorAll('canvas[data-spec]').forEach((canvas) => {
    if (canvas.dataset.drawn) return;
    canvas.dataset.drawn = 'true';
    drawSpec(canvas, JSON.parse(canvas.dataset.spec));
  });
  root.querySelectorAll('canvas[data-labels]').forEach((canvas) => {
    if (canvas.dataset.drawn) return;
    canvas.dataset.drawn = 'true';
    const labels = canvas.dataset.labels ? canvas.dataset.labels.split(',') : [];
    const values = canvas.dataset.values ? canvas.dataset.values.split(',').map(Number) : [];
    const kind = canvas.dataset.chart || 'bar';
    if (kind === 'bar') {
      new Chart(canvas, {
        type: 'bar',
        data: { labels, datasets: [{ label: canvas.dataset.series, data: values, backgroundColor: '#14b8a6' }] },
        options: { animation: false, plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }
      });
      return;
    }
    const spark = kind === 'spark';
    new Chart(canvas, {
      type: 'line',
      data: { labels, datasets: [{ label: canvas.dataset.series, data: values, borderColor: '#0f766e', backgroundColor: '#ccfbf1',
        fill: true, tension: 0.25, borderWidth: spark ? 1.5 : 2, pointRadius: spark ? (values.length === 1 ? 2 : 0) : 3 }] },
      options: {
        animation: false, responsive: !spark,
        plugins: { legend: { display: false }, tooltip: { enabled: !spark || values.length > 0 } },
        scales: spark
          ? { x: { display: false }, y: { display: false, beginAtZero: true } }
          : { y: { beginAtZero: true, ticks: { precision: 0 } } }
      }
    });
  });
}

// A chart given whole: {style, labels, datasets: [{label, data, colour}]}. Styles: trend (a line
// without axes, values in the tooltip; null is a gap), funnel and hbar (horizontal bars), grouped
// (bars side by side, with a legend) and stacked (bars stacked per label, with a legend).
function drawSpec(canvas, spec) {
  const count = { ticks: { precision: 0 }, beginAtZero: true };
  if (spec.style === 'trend') {
    const d = spec.datasets[0];
    new Chart(canvas, {
      type: 'line',
      data: { labels: spec.labels, datasets: [{ label: d.label, data: d.data, borderColor: d.colour, backgroundColor: '#ccfbf1',
        fill: true, tension: 0.25, borderWidth: 2, pointRadius: 2, spanGaps: false }] },
      options: { animation: false, maintainAspectRatio: false, plugins: { legend: { display: false } },
        interaction: { mode: 'index', intersect: false },
        scales: { x: { display: false }, y: { display: false, beginAtZero: true } } }
    });
    return;
  }
  const horizontal = spec.style === 'funnel' || spec.style === 'hbar';
  const stacked = spec.style === 'stacked';
  const legend = spec.datasets.length > 1;
  new Chart(canvas, {
    type: 'bar',
    data: { labels: spec.labels, datasets: spec.datasets.map((d) => ({ label: d.label, data: d.data, backgroundColor: d.colour })) },
    options: {
      animation: false, indexAxis: horizontal ? 'y' : 'x',
      plugins: { legend: { display: legend, position: 'bottom' } },
      scales: horizontal
        ? { x: count, y: { ticks: { autoSkip: false } } }
        : { x: { stacked, ticks: { autoSkip: false, maxRotation: 45 } }, y: { ...count, stacked } }
    }
  });
}
