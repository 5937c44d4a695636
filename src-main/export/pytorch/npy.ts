// NumPy's .npy format (version 1.0), written and read without numpy: a small header, then the raw
// little-endian values. The exported project reads these with numpy.load. Pure.

export type NpyArray =
  | { dtype: 'float32'; shape: number[]; data: Float32Array }
  | { dtype: 'int64'; shape: number[]; data: BigInt64Array }
  | { dtype: 'int32'; shape: number[]; data: Int32Array };

const DESCR = { float32: '<f4', int64: '<i8', int32: '<i4' } as const;
const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];

export function npyBytes(a: NpyArray): Uint8Array {
  const count = a.shape.reduce((p, d) => p * d, 1);
  if (count !== a.data.length) throw new Error(`npy: shape [${a.shape.join(', ')}] holds ${count} values, got ${a.data.length}`);
  const shape = a.shape.length === 1 ? `(${a.shape[0]},)` : `(${a.shape.join(', ')})`;
  let header = `{'descr': '${DESCR[a.dtype]}', 'fortran_order': False, 'shape': ${shape}, }`;
  // magic (6) + version (2) + header length (2) + header + '\n' is a multiple of 64
  const total = Math.ceil((10 + header.length + 1) / 64) * 64;
  header = header.padEnd(total - 10 - 1, ' ') + '\n';
  const body = new Uint8Array(a.data.buffer, a.data.byteOffset, a.data.byteLength);
  const out = new Uint8Array(total + body.length);
  out.set(MAGIC, 0);
  out[6] = 1;
  out[7] = 0;
  out[8] = header.length & 0xff;
  out[9] = header.length >> 8;
  for (let i = 0; i < header.length; i++) out[10 + i] = header.charCodeAt(i);
  out.set(body, total);
  return out;
}

/** Reads a little-endian, C-order .npy of float32, int32 or int64 (the kinds this exporter and train.py write). */
export function parseNpy(bytes: Uint8Array, name = 'npy'): NpyArray {
  if (bytes.length < 10 || MAGIC.some((m, i) => bytes[i] !== m)) throw new Error(`${name}: not a .npy file`);
  const major = bytes[6]!;
  const headerLen = major === 1 ? bytes[8]! | (bytes[9]! << 8) : bytes[8]! | (bytes[9]! << 8) | (bytes[10]! << 16) | (bytes[11]! << 24);
  const start = major === 1 ? 10 : 12;
  const header = new TextDecoder().decode(bytes.subarray(start, start + headerLen));
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1];
  const fortran = /'fortran_order':\s*True/.test(header);
  const shapeText = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1];
  if (!descr || shapeText === undefined || fortran) throw new Error(`${name}: unsupported .npy header ${header.trim()}`);
  const shape = shapeText
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map(Number);
  const offset = start + headerLen;
  const buf = bytes.slice(offset).buffer;
  switch (descr) {
    case '<f4':
      return { dtype: 'float32', shape, data: new Float32Array(buf) };
    case '<i8':
      return { dtype: 'int64', shape, data: new BigInt64Array(buf) };
    case '<i4':
      return { dtype: 'int32', shape, data: new Int32Array(buf) };
    default:
      throw new Error(`${name}: dtype ${descr} is not supported (float32, int32, int64)`);
  }
}
