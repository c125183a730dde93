import * as runtime from './index';

describe('public API', () => {
  it('exports the reader, the writer and their errors', () => {
    expect(Object.keys(runtime)).toEqual(
      expect.arrayContaining(['KarmemWriteError', 'MAX_MESSAGE_SIZE', 'Reader', 'Writer', 'utf8Length']),
    );
  });

  it('reads back what it writes', () => {
    const w = new runtime.Writer();
    const t = w.alloc(12);
    w.setU32(t, 12);
    w.setU32(t + 4, w.length);
    w.setU32(t + 8, w.appendUtf8('hi'));
    const r = new runtime.Reader(w.bytes());
    expect(r.tableSize(0, true)).toBe(12);
    expect(r.string(4)).toBe('hi');
  });
});
