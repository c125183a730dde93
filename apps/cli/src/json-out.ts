/**
 * JSON text as `JSON.stringify(value, null, 2)` writes it, handed out in
 * chunks: a decoded message can be larger as text than the longest string
 * V8 makes (about 512 MiB), and `decode` must print it all the same.
 */

/** What JSON.parse returns: the values a decode yields. */
export type Json = null | boolean | number | string | readonly Json[] | { readonly [key: string]: Json };

/** Writes `value` and a final newline through `write`, in chunks of about `chunkSize` characters. */
export function writeJson(value: Json, write: (chunk: string) => void, chunkSize = 1 << 16): void {
  const out = new ChunkedText(write, chunkSize);
  emit(value, '', out);
  out.add('\n');
  out.flush();
}

class ChunkedText {
  private text = '';

  constructor(
    private readonly write: (chunk: string) => void,
    private readonly chunkSize: number,
  ) {}

  add(piece: string): void {
    this.text += piece;
    if (this.text.length >= this.chunkSize) this.flush();
  }

  flush(): void {
    if (this.text.length > 0) this.write(this.text);
    this.text = '';
  }
}

function emit(value: Json, indent: string, out: ChunkedText): void {
  if (value === null || typeof value !== 'object') {
    // Numbers, strings, booleans and null exactly as JSON.stringify spells them.
    out.add(JSON.stringify(value));
    return;
  }
  const inner = indent + '  ';
  if (Array.isArray(value)) {
    if (value.length === 0) return out.add('[]');
    out.add('[\n');
    for (let i = 0; i < value.length; i++) {
      out.add(i === 0 ? inner : ',\n' + inner);
      emit(value[i]!, inner, out);
    }
    out.add('\n' + indent + ']');
    return;
  }
  const record = value as { readonly [key: string]: Json };
  const keys = Object.keys(record);
  if (keys.length === 0) return out.add('{}');
  out.add('{\n');
  for (let i = 0; i < keys.length; i++) {
    out.add((i === 0 ? inner : ',\n' + inner) + JSON.stringify(keys[i]) + ': ');
    emit(record[keys[i]!]!, inner, out);
  }
  out.add('\n' + indent + '}');
}
