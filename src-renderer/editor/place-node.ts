// Where a layer added from the palette (click, Enter, Space) goes: right after the selected layer,
// connected to it, or else at the centre of the view, stepped aside from any node already there. Pure.
import type { NodeType } from '../../src-main/contract/graph';
import type { LayerFlowNode } from './graph-mapping';

/** Half a node's size: a node is centred on the point it is placed at. */
export const NODE_HALF = { x: 98, y: 36 } as const;
/** Horizontal distance between a node and the one it feeds. */
export const NODE_STEP_X = 257;

export function placeNewNode(
  type: NodeType,
  selected: LayerFlowNode | null,
  nodes: readonly LayerFlowNode[],
  centre: { x: number; y: number },
): { position: { x: number; y: number }; connectFrom: string | null } {
  const canFollow = selected !== null && selected.data.spec.type !== 'output' && type !== 'input';
  let position = canFollow ? { x: selected.position.x + NODE_STEP_X, y: selected.position.y } : { x: centre.x - NODE_HALF.x, y: centre.y - NODE_HALF.y };
  const taken = (p: { x: number; y: number }) => nodes.some((n) => Math.abs(n.position.x - p.x) < 40 && Math.abs(n.position.y - p.y) < 40);
  for (let i = 0; i < 50 && taken(position); i++)
    position = canFollow ? { x: position.x, y: position.y + 2 * NODE_HALF.y + 30 } : { x: position.x + 28, y: position.y + 28 };
  return { position, connectFrom: canFollow ? selected.id : null };
}
