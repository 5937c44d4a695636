import { describe, expect, it } from 'vitest';
import { resolveDataPath } from '../../../src-renderer/editor/data-path';

describe('dataset paths typed in the inspector', () => {
  it('are relative to the project file, like the paths stored in it', () => {
    expect(resolveDataPath('data/houses.csv', '/home/ana/proj/p.gradscope.json')).toBe('/home/ana/proj/data/houses.csv');
    expect(resolveDataPath('./houses.csv', '/home/ana/proj/p.json')).toBe('/home/ana/proj/houses.csv');
    expect(resolveDataPath('../shared/x.csv', '/home/ana/proj/p.json')).toBe('/home/ana/shared/x.csv');
    expect(resolveDataPath('data\\x.csv', 'C:\\Users\\ana\\p.json')).toBe('C:\\Users\\ana\\data\\x.csv');
  });

  it('leave absolute paths, empty text and unsaved projects alone', () => {
    expect(resolveDataPath('/data/x.csv', '/home/ana/p.json')).toBe('/data/x.csv');
    expect(resolveDataPath('D:\\x.csv', 'C:\\p.json')).toBe('D:\\x.csv');
    expect(resolveDataPath('  ', '/home/ana/p.json')).toBe('');
    expect(resolveDataPath('x.csv', null)).toBe('x.csv');
  });
});
