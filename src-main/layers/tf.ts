// The TensorFlow.js the trainer uses: tfjs-core (tensors, ops, optimizers, the backend registry) and
// tfjs-layers (models, layers, serialization), with the plain-JS cpu backend registered as the last
// resort. The umbrella `@tensorflow/tfjs` would add the webgl backend, the converter and tfjs-data,
// none of which a Node trainer uses (see DEVELOPERS.md for what that costs at install and start).
// The wasm backend (and tfjs-node, when installed) are registered by backend.ts when chosen.
import '@tensorflow/tfjs-backend-cpu';

export * from '@tensorflow/tfjs-core';
export * from '@tensorflow/tfjs-layers';
