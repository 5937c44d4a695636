// Web permissions: the page asks for none of them (no camera, microphone, location, notifications,
// clipboard reads, MIDI, HID, USB, serial, fullscreen API, …), so every request and every check is
// refused. Copy, cut and paste work through the Edit menu's roles, which need no permission.
import { session } from 'electron';

/** Permissions the renderer uses. Empty: add one here (with the feature that needs it) to allow it. */
export const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set<string>();

export function permissionAllowed(permission: string): boolean {
  return ALLOWED_PERMISSIONS.has(permission);
}

export function denyPermissions(): void {
  const s = session.defaultSession;
  s.setPermissionRequestHandler((_contents, permission, callback) => callback(permissionAllowed(permission)));
  s.setPermissionCheckHandler((_contents, permission) => permissionAllowed(permission));
  s.setDevicePermissionHandler(() => false);
}
