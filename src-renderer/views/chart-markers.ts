// A small chart.js plugin of our own: vertical marker lines with a label (early stopping fired,
// best epoch restored) and a shaded band (the evidence a diagnosis points at). Options live under
// options.plugins.gsMarkers; x values are in the x scale's units (epochs).
import type { Chart, ChartType, Plugin } from 'chart.js';

export interface MarkerLine {
  x: number;
  label: string;
  colour: string;
  dash?: number[];
}

export interface MarkerBand {
  from: number;
  to: number;
  label: string;
}

export interface MarkerOptions {
  lines: MarkerLine[];
  band: MarkerBand | null;
}

declare module 'chart.js' {
  interface PluginOptionsByType<TType extends ChartType> {
    gsMarkers?: Partial<MarkerOptions> & { _type?: TType };
  }
}

function drawLabel(chart: Chart, text: string, x: number, y: number, colour: string): void {
  const ctx = chart.ctx;
  ctx.font = '11px system-ui, sans-serif';
  const w = ctx.measureText(text).width + 6;
  const left = Math.min(Math.max(x - w / 2, chart.chartArea.left), chart.chartArea.right - w);
  ctx.fillStyle = 'rgba(255,255,255,0.85)';
  ctx.fillRect(left, y - 11, w, 14);
  ctx.fillStyle = colour;
  ctx.textBaseline = 'alphabetic';
  ctx.fillText(text, left + 3, y);
}

export const markersPlugin: Plugin<'line', Partial<MarkerOptions>> = {
  id: 'gsMarkers',
  afterDatasetsDraw(chart, _args, opts) {
    const xs = chart.scales['x'];
    if (!xs) return;
    const { top, bottom, left, right } = chart.chartArea;
    const ctx = chart.ctx;
    ctx.save();
    const band = opts.band;
    if (band) {
      const a = Math.max(left, xs.getPixelForValue(band.from));
      const b = Math.min(right, xs.getPixelForValue(band.to));
      if (b > a) {
        ctx.fillStyle = 'rgba(255, 170, 0, 0.18)';
        ctx.fillRect(a, top, b - a, bottom - top);
        ctx.strokeStyle = 'rgba(230, 120, 0, 0.9)';
        ctx.lineWidth = 1.5;
        ctx.strokeRect(a, top, b - a, bottom - top);
        drawLabel(chart, band.label, (a + b) / 2, bottom - 6, '#9a4a00');
      }
    }
    (opts.lines ?? []).forEach((line, i) => {
      const x = xs.getPixelForValue(line.x);
      if (!(x >= left - 0.5 && x <= right + 0.5)) return;
      ctx.strokeStyle = line.colour;
      ctx.lineWidth = 1.5;
      ctx.setLineDash(line.dash ?? [5, 4]);
      ctx.beginPath();
      ctx.moveTo(x, top);
      ctx.lineTo(x, bottom);
      ctx.stroke();
      ctx.setLineDash([]);
      drawLabel(chart, line.label, x, top + 12 + (i % 3) * 15, line.colour);
    });
    ctx.restore();
  },
};
