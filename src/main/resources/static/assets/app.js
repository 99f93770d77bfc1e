// Console behaviour: CSRF for htmx requests, and charts drawn from data-* attributes
// (data-chart: bar by default, line, or spark for a small line without axes).
document.addEventListener('DOMContentLoaded', () => {
  const header = document.querySelector('meta[name="csrf-header"]')?.content;
  const token = document.querySelector('meta[name="csrf-token"]')?.content;
  document.body.addEventListener('htmx:configRequest', (event) => {
    if (header && token) event.detail.headers[header] = token;
  });
  drawCharts(document);
  document.body.addEventListener('htmx:afterSwap', (event) => drawCharts(event.target));
});

function drawCharts(root) {
  if (typeof Chart === 'undefined') return;
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
