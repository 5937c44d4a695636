import { describe, expect, it } from 'vitest';
import { FUSES } from '../../../src-main/packaging/fuses';

describe('the fuses a packaged build flips', () => {
  it('turn off Node-style entry points and file:// privileges, and turn on cookie encryption and asar-only loading', () => {
    expect(FUSES).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });
});
