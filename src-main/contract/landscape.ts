// The real network's loss landscape (lesson view "optimizer paths", on a trained model): the loss along
// the line from a run's initial to its trained weights, and on the plane through those two points and
// a second run's trained weights, with both runs' kept epochs projected on it. Types only; computed by
// lesson/landscape.ts in the trainer worker.

/** One kept point of a run's path (epoch 0: the initial weights) with the loss there (not at its projection). */
export interface LinePathPoint {
  epoch: number;
  /** where its projection falls on the line: 0 initial, 1 trained */
  t: number;
  /** distance from the line, in weight space */
  offLine: number;
  loss: number;
}

export interface LossLine {
  /** points along θ(t) = θ₀ + t·(θ₁ − θ₀); t = 0 and t = 1 are among them */
  t: number[];
  loss: number[];
  /** ‖θ₁ − θ₀‖ */
  distance: number;
  path: LinePathPoint[];
}

export interface PlanePoint {
  epoch: number;
  /** coordinates along e₁ (toward run A's trained weights) and e₂ (toward run B's, orthogonalised) */
  a: number;
  b: number;
  /** distance from the plane, in weight space: 0 for the three points that span it */
  offPlane: number;
  loss: number;
}

export interface LossPlane {
  /** grid columns (a) and rows (b); loss is rows × columns, row 0 at b[0] */
  a: number[];
  b: number[];
  loss: number[];
  /** each run's kept epochs, then its trained weights (the model the trainer keeps) as `end` */
  paths: { runId: string; points: PlanePoint[]; end: PlanePoint }[];
  /** angle between the two runs' displacements θ₁ᴬ − θ₀ᴬ and θ₁ᴮ − θ₀ᴬ, degrees */
  angle: number;
}

export interface LandscapeView {
  runId: string;
  compareWith: string | null;
  /** training samples the loss is measured on (a fixed, evenly spaced subset), dropout off, no L1/L2 term */
  samples: number;
  /** 'cross-entropy' or 'MSE' (in the target's units) */
  lossName: string;
  parameters: number;
  line: LossLine;
  plane: LossPlane | null;
}
