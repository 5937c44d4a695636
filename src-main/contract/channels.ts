// Transport names, kept in their own dependency-free module so the sandboxed preload can import
// them without bundling zod. api.ts re-exports them; they appear nowhere else.
export const CHANNEL_CALL = 'gradscope:call';
export const CHANNEL_EVENT = 'gradscope:event';
export const WS_PATH = '/api';
