// The Electron fuses a packaged Gradscope must ship with, for the packaging step to flip (there is no
// packaging configuration yet: electron-builder takes this object as its `electronFuses` option,
// Electron Forge's FusesPlugin and @electron/fuses' flipFuses take the same switches by
// FuseV1Options name). Each one is safe for this app because of how the app is built:
export const FUSES = {
  /** the trainer runs in a utilityProcess, never through ELECTRON_RUN_AS_NODE */
  runAsNode: false,
  /** cookies and other session storage encrypted at rest with an OS-held key */
  enableCookieEncryption: true,
  /** NODE_OPTIONS could inject code into the main process */
  enableNodeOptionsEnvironmentVariable: false,
  /** --inspect would open a debugger port on the main process */
  enableNodeCliInspectArguments: false,
  /** the app only loads from a signed app.asar… */
  onlyLoadAppFromAsar: true,
  /** …whose integrity is checked (macOS, Windows) */
  enableEmbeddedAsarIntegrityValidation: true,
  /** the page comes from gradscope://app, so file:// needs none of its legacy privileges */
  grantFileProtocolExtraPrivileges: false,
} as const satisfies Record<string, boolean>;

export type FuseName = keyof typeof FUSES;
