// The data side of a heatmap: rows × steps binned into at most `maxBins` columns, kept up to date
// incrementally — only new steps are read, only changed columns are recoloured (unless the colour
// domain moved) — and painted into RGBA bytes with the gradient colour scale. Row 0 is the input
// side and is painted at the BOTTOM, as in the lesson's pictures. No DOM.
import { IncrementalBins, type BinRange } from '../../src-main/analysis/binning';
import { domainFromLogRange, writeMagnitudeRgba, type ColourDomain } from '../../src-main/analysis/colour';

/** What a heatmap shows: `rows` series of `n` steps each; changing `key` starts over. */
export interface HeatSource {
  key: string;
  rows: number;
  n: number;
  value(row: number, i: number): number | null | undefined;
}

/** An RGBA image `stride` pixels wide of which columns [0, width) hold data; [dirtyFrom, width) changed in the last paint. */
export interface HeatImage {
  width: number;
  height: number;
  stride: number;
  data: Uint8ClampedArray<ArrayBuffer>;
  dirtyFrom: number;
}

export class HeatmapModel {
  private bins: IncrementalBins[] = [];
  private key = '';
  private maxBins: number;
  /** per column: log10 of the smallest / largest positive finite cell (±∞ when none) */
  private colLo: number[] = [];
  private colHi: number[] = [];
  private image: HeatImage | null = null;
  private paintedDomain: ColourDomain | null = null;
  /** first column whose cells changed since the last paint */
  private unpaintedFrom = 0;
  /** bumps whenever the binned data changed */
  version = 0;

  constructor(maxBins: number) {
    this.maxBins = Math.max(1, Math.floor(maxBins));
  }

  get rows(): number {
    return this.bins.length;
  }

  get columns(): number {
    return this.bins[0]?.length ?? 0;
  }

  get binSize(): number {
    return this.bins[0]?.size ?? 1;
  }

  get steps(): number {
    return this.bins[0]?.steps ?? 0;
  }

  /** A new width (in device pixels): rebinning from scratch on the next update. */
  setMaxBins(maxBins: number): void {
    const m = Math.max(1, Math.floor(maxBins));
    if (m !== this.maxBins) {
      this.maxBins = m;
      this.key = '';
    }
  }

  /** Read the steps added since the last call. Returns true when anything changed. */
  update(src: HeatSource): boolean {
    if (src.key !== this.key || src.rows !== this.bins.length) {
      this.key = src.key;
      this.bins = Array.from({ length: src.rows }, () => new IncrementalBins(this.maxBins));
      this.colLo = [];
      this.colHi = [];
      this.image = null;
      this.unpaintedFrom = 0;
    } else if (src.n === this.steps) {
      return false;
    }
    let from = Infinity;
    for (let r = 0; r < this.bins.length; r++) {
      const b = this.bins[r]!;
      b.updateBy(src.n, (i) => src.value(r, i));
      from = Math.min(from, b.resized ? 0 : b.dirtyFrom);
      b.clearDirty();
    }
    if (from === Infinity) return false;
    this.refreshColumns(from);
    this.unpaintedFrom = Math.min(this.unpaintedFrom, from);
    this.version++;
    return true;
  }

  private refreshColumns(from: number): void {
    const cols = this.columns;
    this.colLo.length = Math.min(this.colLo.length, from);
    this.colHi.length = Math.min(this.colHi.length, from);
    for (let c = from; c < cols; c++) {
      let lo = Infinity;
      let hi = -Infinity;
      for (const b of this.bins) {
        const v = b.mean(c);
        if (v > 0 && v !== Infinity) {
          const l = Math.log10(v);
          if (l < lo) lo = l;
          if (l > hi) hi = l;
        }
      }
      this.colLo[c] = lo;
      this.colHi[c] = hi;
    }
  }

  mean(row: number, col: number): number {
    return this.bins[row]?.mean(col) ?? NaN;
  }

  count(col: number): number {
    return this.bins[0]?.count(col) ?? 0;
  }

  /** Series indices [start, end) a column covers. */
  range(col: number): BinRange {
    return this.bins[0]?.range(col) ?? { start: 0, end: 0 };
  }

  /** Colour domain over every cell shown (O(columns), from per-column extremes). */
  domain(): ColourDomain {
    let lo = Infinity;
    let hi = -Infinity;
    for (let c = 0; c < this.colLo.length; c++) {
      if (this.colLo[c]! < lo) lo = this.colLo[c]!;
      if (this.colHi[c]! > hi) hi = this.colHi[c]!;
    }
    return domainFromLogRange(lo, hi);
  }

  /**
   * The image, row 0 at the bottom. Recolours only the columns that changed since the last paint,
   * unless the domain or the image's shape changed.
   */
  paint(domain: ColourDomain = this.domain()): HeatImage {
    const width = this.columns;
    const height = this.rows;
    let img = this.image;
    const same = this.paintedDomain && this.paintedDomain.lo === domain.lo && this.paintedDomain.hi === domain.hi;
    let from = same ? this.unpaintedFrom : 0;
    if (!img || img.height !== height || img.stride < width) {
      const stride = Math.max(1, this.maxBins, width);
      img = { width, height, stride, data: new Uint8ClampedArray(stride * Math.max(1, height) * 4), dirtyFrom: 0 };
      from = 0;
    }
    for (let r = 0; r < height; r++) {
      const y = height - 1 - r;
      const b = this.bins[r]!;
      for (let c = from; c < width; c++) writeMagnitudeRgba(img.data, (y * img.stride + c) * 4, b.mean(c), domain);
    }
    img.width = width;
    img.dirtyFrom = Math.min(from, width);
    this.image = img;
    this.paintedDomain = { ...domain };
    this.unpaintedFrom = width;
    return img;
  }

  /** Which cell a point in the image falls on (x, y in [0,1) of the image, y from the top). */
  cellAt(fx: number, fy: number): { row: number; col: number } | null {
    if (!(fx >= 0 && fx < 1 && fy >= 0 && fy < 1) || this.columns === 0) return null;
    const col = Math.floor(fx * this.columns);
    const row = this.rows - 1 - Math.floor(fy * this.rows);
    return { row, col };
  }
}
