import { describe, expect, it } from 'vitest';
import { ALLOWED_PERMISSIONS, permissionAllowed } from '../../../src-main/ipc/permissions';

// Electron's permission names (session.setPermissionRequestHandler / setPermissionCheckHandler).
const ELECTRON_PERMISSIONS = [
  'clipboard-read',
  'clipboard-sanitized-write',
  'display-capture',
  'fullscreen',
  'geolocation',
  'idle-detection',
  'media',
  'mediaKeySystem',
  'midi',
  'midiSysex',
  'notifications',
  'pointerLock',
  'keyboardLock',
  'openExternal',
  'speaker-selection',
  'storage-access',
  'top-level-storage-access',
  'window-management',
  'unknown',
  'fileSystem',
  'hid',
  'serial',
  'usb',
  'deprecated-sync-clipboard-read',
];

describe('web permissions', () => {
  it('the page uses none, so every one Electron knows is refused', () => {
    expect([...ALLOWED_PERMISSIONS]).toEqual([]);
    for (const p of ELECTRON_PERMISSIONS) expect(permissionAllowed(p), p).toBe(false);
  });
});
