// The curves chart's markers as chartjs-plugin-annotation annotations: vertical lines with a label
// (early stopping fired, best epoch restored) and a shaded band (the evidence a diagnosis points at).
// x values are in the x scale's units (epochs). Pure: the chart passes the result as
// options.plugins.annotation.annotations.
import type { AnnotationOptions } from 'chartjs-plugin-annotation';

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

const LABEL_FONT = { size: 11, family: 'system-ui, sans-serif' } as const;
/** labels of lines close together are stacked in up to three rows */
const ROW = 16;

export function markerAnnotations(lines: readonly MarkerLine[], band: MarkerBand | null): Record<string, AnnotationOptions> {
  const out: Record<string, AnnotationOptions> = {};
  if (band) {
    out['band'] = {
      type: 'box',
      xMin: band.from,
      xMax: band.to,
      backgroundColor: 'rgba(255, 170, 0, 0.18)',
      borderColor: 'rgba(230, 120, 0, 0.9)',
      borderWidth: 1.5,
      drawTime: 'afterDatasetsDraw',
      label: {
        display: true,
        content: band.label,
        position: { x: 'center', y: 'end' },
        color: '#9a4a00',
        font: LABEL_FONT,
        padding: 2,
      },
    };
  }
  lines.forEach((line, i) => {
    out[`line${i}`] = {
      type: 'line',
      xMin: line.x,
      xMax: line.x,
      borderColor: line.colour,
      borderWidth: 1.5,
      borderDash: line.dash ?? [5, 4],
      drawTime: 'afterDatasetsDraw',
      label: {
        display: true,
        content: line.label,
        // 'end' is the top of a vertical line; each further label one row lower
        position: 'end',
        yAdjust: (i % 3) * ROW + 2,
        color: line.colour,
        backgroundColor: 'rgba(255,255,255,0.85)',
        font: LABEL_FONT,
        padding: 2,
      },
    };
  });
  return out;
}
