// Web permissions: the page uses none of them (no camera, microphone, location, notifications,
// clipboard reads, MIDI, HID, USB, serial, the fullscreen API, …), so every request and every check
// is refused. Copy, cut and paste work through the Edit menu's roles, which need no permission.
// Pure; window.ts installs it on the session.

/** Permissions the renderer uses. Empty: add one here, with the feature that needs it, to allow it. */
export const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set<string>();

export function permissionAllowed(permission: string): boolean {
  return ALLOWED_PERMISSIONS.has(permission);
}
