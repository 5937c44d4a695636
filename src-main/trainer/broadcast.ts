// Batch broadcasting of matrix products, shared by the wasm fast path and the native products.

/**
 * The flat batch index into an operand whose outer dims `own` broadcast to `outer`, for the flat
 * index i of the result (numpy rules: dims align on the right, size-1 dims repeat).
 */
export function broadcastIndex(outer: readonly number[], own: readonly number[], i: number): number {
  let rest = i;
  let index = 0;
  let stride = 1;
  for (let d = outer.length - 1, e = own.length - 1; d >= 0; d--, e--) {
    const dim = outer[d] as number;
    const coord = rest % dim;
    rest = Math.floor(rest / dim);
    if (e < 0) continue;
    const ownDim = own[e] as number;
    if (ownDim !== 1) index += coord * stride;
    stride *= ownDim;
  }
  return index;
}
