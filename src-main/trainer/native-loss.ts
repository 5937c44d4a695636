// The softmax head's loss and accuracy as ONE recorded op on wasm-native, straight on the wasm heap:
// mean softmax cross-entropy of the logits against class indices, and the fraction of rows whose
// first largest logit is the label. Its gradient is (softmax − one-hot) / batch. Stock ops take ~10
// kernels forward (logSoftmax, oneHot, mul, sum, mean, neg; argMax, equal, cast, mean) and as many
// backward, each with the engine's per-kernel overhead: at batch 32 that is more than the arithmetic.
//
// Same definitions as forward.ts's headLoss and headAccuracy (a label outside 0…classes-1 picks no
// logit, as oneHot does), accumulated in double.
import * as tf from '../layers/tf';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

interface EngineOps {
  runKernelFunc(params: {
    forwardFunc: (backend: tf.KernelBackend, save: (tensors: tf.Tensor[]) => void) => tf.Tensor[];
    backwardsFunc: (dys: tf.Tensor[], saved: tf.Tensor[]) => Record<string, () => tf.Tensor>;
    inputs: tf.NamedTensorMap;
  }): tf.Tensor[];
}

/** Mean cross-entropy and accuracy of softmax(logits) against int32 class indices, one op. */
export function softmaxLossAndAccuracy(logits: tf.Tensor2D, labels: tf.Tensor1D): { loss: tf.Scalar; acc: tf.Scalar } {
  const [rows, classes] = logits.shape;
  if (labels.dtype !== 'int32' || labels.shape[0] !== rows)
    throw new Error(`softmax loss: ${rows} rows of logits need ${rows} int32 labels, got ${labels.dtype} [${labels.shape}]`);
  const engine = tf.engine() as unknown as EngineOps;
  const [loss, acc] = engine.runKernelFunc({
    inputs: { logits, labels },
    forwardFunc: (kb, save) => {
      const backend = kb as unknown as BackendWasm;
      const probs = backend.makeOutput([rows, classes], 'float32');
      const lossOut = backend.makeOutput([], 'float32');
      const accOut = backend.makeOutput([], 'float32');
      // views after every allocation: allocating may grow (and so detach) the heap
      const x = backend.typedArrayFromHeap(logits) as Float32Array;
      const y = backend.typedArrayFromHeap(labels) as Int32Array;
      const p = backend.typedArrayFromHeap(probs) as Float32Array;
      let lossSum = 0;
      let correct = 0;
      for (let r = 0, o = 0; r < rows; r++, o += classes) {
        let max = x[o]!;
        let arg = 0;
        for (let j = 1; j < classes; j++) {
          const v = x[o + j]!;
          if (v > max) {
            max = v;
            arg = j;
          }
        }
        let sum = 0;
        for (let j = 0; j < classes; j++) sum += Math.exp(x[o + j]! - max);
        const logSum = Math.log(sum);
        for (let j = 0; j < classes; j++) p[o + j] = Math.exp(x[o + j]! - max) / sum;
        const label = y[r]!;
        if (label >= 0 && label < classes) lossSum += logSum - (x[o + label]! - max);
        if (arg === label) correct++;
      }
      (backend.typedArrayFromHeap(lossOut) as Float32Array)[0] = lossSum / rows;
      (backend.typedArrayFromHeap(accOut) as Float32Array)[0] = correct / rows;
      const e = tf.engine();
      save([e.makeTensorFromTensorInfo(probs), labels]);
      return [e.makeTensorFromTensorInfo(lossOut), e.makeTensorFromTensorInfo(accOut)];
    },
    backwardsFunc: (dys, saved) => ({
      logits: () => {
        const backend = tf.backend() as unknown as BackendWasm;
        const [probs, savedLabels] = saved as [tf.Tensor, tf.Tensor];
        const out = backend.makeOutput([rows, classes], 'float32');
        const scale = (backend.readSync(dys[0]!.dataId) as Float32Array)[0]! / rows;
        const p = backend.typedArrayFromHeap(probs) as Float32Array;
        const y = backend.typedArrayFromHeap(savedLabels) as Int32Array;
        const g = backend.typedArrayFromHeap(out) as Float32Array;
        for (let r = 0, o = 0; r < rows; r++, o += classes) {
          const label = y[r]!;
          // a row whose label picks no logit adds nothing to the loss, so nothing to the gradient
          const inRange = label >= 0 && label < classes;
          for (let j = 0; j < classes; j++) g[o + j] = inRange ? (p[o + j]! - (j === label ? 1 : 0)) * scale : 0;
        }
        return tf.engine().makeTensorFromTensorInfo(out);
      },
    }),
  }) as [tf.Scalar, tf.Scalar];
  return { loss: loss!, acc: acc! };
}
